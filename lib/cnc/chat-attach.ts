// The content script's chat feature on a moderator's CnC widget: report the messages (and who is blocked),
// perform chat actions. Started by the feature manager (lib/content/features.ts) with the widget root and a
// signal: it reads and acts only inside that root, and stops when the signal aborts.
import type { ChatBatch, ChatPace } from '../contracts/chat';
import type { FeatureContext } from '../content/features';
import type { ChatAction } from '../model/chat/commands';
import { chatObservedAttributes, chatProfileOf, type ChatProfile } from './chat-profile';
import { performChatAction } from './chat-actor';
import { ChatWatcher } from './chat-watcher';
import { profileFor } from './profile';

export interface ChatAttachDeps {
  send(batch: ChatBatch): Promise<boolean> | void;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
  /** Called before each report post (ReportPort.addRider): held messages ride along. Returns the removal. */
  riding?(ride: () => void): () => void;
}

export class ChatAttachment {
  readonly name = 'chat';
  private attached: { watcher: ChatWatcher; profile: ChatProfile; profileId: string; root: Element } | null = null;
  /**
   * Until the background says otherwise (it does on every full read the watcher reports, and whenever a
   * panel starts or stops showing this tab's chat): shown, a message's way to the panel first.
   */
  private pace: ChatPace = 'shown';

  constructor(private readonly deps: ChatAttachDeps) {}

  start(ctx: FeatureContext): void {
    const profile = ctx.moderator ? chatProfileOf(ctx.profileId) : undefined;
    if (!profile) return;
    const { entryId, profileId, root, signal } = ctx;
    const widget = profileFor(profileId, root.ownerDocument?.location?.origin);
    const watcher = new ChatWatcher({
      root,
      profile,
      send: (batch) => this.deps.send({ entryId, profileId, ...batch }),
      setTimeout: this.deps.setTimeout,
      clearTimeout: this.deps.clearTimeout,
      now: this.deps.now,
      signal,
      observeWidget: ctx.observe,
      shown: () => this.pace === 'shown',
      // The Q&A's rows and the reactions boxes share the widget: their changes are not the chat's.
      foreign: { rows: widget?.qna?.list.row, areas: widget?.modules.reactions },
    });
    const attached = { watcher, profile, profileId, root };
    this.attached = attached;
    const offRide = this.deps.riding?.(() => watcher.ride());
    signal.addEventListener('abort', () => {
      offRide?.();
      if (this.attached === attached) this.attached = null;
    }, { once: true });
    watcher.observe(chatObservedAttributes(profile));
    watcher.rescan();
  }

  rescan(): void {
    this.attached?.watcher.rescan(true);
  }

  /** The background says whether a panel shows this tab's chat now. */
  setPace(pace: ChatPace): void {
    const was = this.pace;
    this.pace = pace;
    // A panel started showing the chat: what is held goes now, as it does with any other report's post.
    if (was !== 'shown' && pace === 'shown') this.attached?.watcher.ride();
  }

  /** When the chat's held messages go at the latest, or null: other reports may join that post (lib/content/company.ts). */
  holdUntil(): number | null {
    return this.attached?.watcher.holdUntil() ?? null;
  }

  perform(action: ChatAction): void {
    if (!this.attached) throw new Error('This page shows no CnC moderator view to act in.');
    performChatAction(this.attached.root, action, this.attached.profile, this.attached.profileId);
  }
}
