// Tells each tab's content script whether a panel shows that tab's chat (ChatPace, lib/contracts/chat.ts).
// Shown, the content script posts the chat at every step of the widget: a message's way to the panel is a
// goal (< 100 ms at 200 messages a second). Unseen (the moderator is on the Q&A view, or has no panel
// open), it holds a flowing chat a little longer and posts several steps at once: at 200 messages a second
// a post every ~150 ms, not every 30 (lib/cnc/chat-watcher.ts, CHAT_UNSEEN_MAX), each post a fixed price
// on the event page's main thread, the browser's and this worker's.
//
// The content script starts as shown (nothing lost by posting often) and keeps what it was told across its
// widget's re-renders; it is told again on each full read it reports (a new page, a re-rendered widget, the
// rescan that follows a worker restart), and whenever the answer for its tab changes.
import type { ChatPace } from '../../contracts/chat';

export interface ChatPaceDeps {
  /** Some panel shows this tab's chat now (its Chat view, the session report, a person card). */
  shown(tabId: number): boolean;
  /** Tabs some panel follows now. */
  followed(): number[];
  tell(tabId: number, pace: ChatPace): void;
}

export class ChatPaceTeller {
  /** What each tab's content script was last told. */
  private readonly told = new Map<number, ChatPace>();

  constructor(private readonly deps: ChatPaceDeps) {}

  /** Panels moved to other tabs, closed, or show other views: tell the tabs whose answer changed. */
  changed(): void {
    const tabs = new Set([...this.told.keys(), ...this.deps.followed()]);
    for (const tabId of tabs) {
      const pace = this.paceOf(tabId);
      if (this.told.get(tabId) === pace) continue;
      this.told.set(tabId, pace);
      this.deps.tell(tabId, pace);
    }
  }

  /** The tab's chat watcher reported a full read: it may be new (it starts as shown), so it is told. */
  fullRead(tabId: number): void {
    const pace = this.paceOf(tabId);
    this.told.set(tabId, pace);
    this.deps.tell(tabId, pace);
  }

  forget(tabId: number): void {
    this.told.delete(tabId);
  }

  private paceOf(tabId: number): ChatPace {
    return this.deps.shown(tabId) ? 'shown' : 'unseen';
  }
}
