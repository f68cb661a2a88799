// The panel's store (panel side: nothing in the background imports it): a mirror of what the background
// holds for the followed tab, applying the background's messages to signals. The panel keeps no
// moderation state of its own beyond this mirror.
// Q&A patches are applied in place (see applyToMirror): the `qna` signal gets a new mirror object per
// patch, with a `version`, while the question store underneath is never copied.
import { signal } from '@preact/signals';
import type { TabRecord } from '../model/context';
import { QuestionsView, mirrorOf, type QnaMirror } from '../model/qna/session';
import { completeMirror, headMirror, patchPartial, type PanelQnaMirror } from './qna-head';
import type { AdminStatus } from '../contracts/admin';
import type { AnnouncementsView } from '../contracts/announcements';
import type { PollsView } from '../contracts/polls';
import type { NotifySettings } from '../notify/notify-policy';
import type { BackgroundToPanel } from '../contracts/protocol';
import type { InsightView } from '../contracts/insights';
import type { SavedView } from './saved-head';

export type { QnaMirror, PanelQnaMirror };

export function createPanelState() {
  const tabId = signal<number | null>(null);
  const record = signal<TabRecord | null>(null);
  /** Partial (`partial` set) while only a large snapshot's head has come (lib/panel/qna-head.ts). */
  const qna = signal<PanelQnaMirror | null>(null);
  const admin = signal<AdminStatus | null>(null);
  const polls = signal<PollsView | null>(null);
  const announcements = signal<AnnouncementsView | null>(null);
  const notify = signal<NotifySettings | null>(null);
  /** Settings and reports (issue 12): the latest answer per kind (and report type) for the followed tab. */
  const insights = signal<Record<string, InsightView>>({});
  /** Intents (actions, settings) the background has not acknowledged yet: a view shows "not yet sent". */
  const unacked = signal<readonly string[]>([]);
  let version = 0;
  /**
   * The tab whose saved head the panel shows before the worker answered (adoptSaved), until the worker's
   * first `tab` message: then tabId is the worker's, and the saved mirror waits for its Q&A message.
   */
  let savedTab: number | null = null;
  /**
   * The worker has sent Q&A (a head, a snapshot, or none) for the tab the panel follows: a saved head read
   * after that is older than what the panel has. Its `tab` message alone is not enough: it comes at once,
   * the Q&A only once the worker has read the tab's small keys (or restored the session).
   */
  let heard = false;

  /**
   * What the panel read from storage.session before the worker answered (lib/panel/saved-head.ts): the
   * tab's record and its Q&A head, shown at once as a `saved` mirror (read-only: the view acts on nothing
   * until the worker's own head or snapshot for the tab replaces it). Ignored once the worker has spoken.
   * tabId stays the worker's to set: what follows the tab (reactions, chat) waits for the worker's word.
   */
  function adoptSaved(saved: SavedView): boolean {
    const followed = tabId.peek();
    if (heard || qna.peek() !== null || (followed !== null && followed !== saved.tabId)) return false;
    // The worker's record when it has sent it (it is the newer one).
    if (followed === null) {
      savedTab = saved.tabId;
      record.value = saved.record;
    }
    qna.value = { ...headMirror(saved.head, ++version), saved: true };
    return true;
  }

  function receive(message: BackgroundToPanel): void {
    switch (message.type) {
      case 'notify-settings':
        notify.value = message.settings;
        return;
      case 'admin':
        if (message.tabId === tabId.value) admin.value = message.status;
        return;
      case 'polls':
        if (message.tabId === tabId.value) polls.value = message.view;
        return;
      case 'announcements':
        if (message.tabId === tabId.value) announcements.value = message.view;
        return;
      case 'tab':
        if (message.tabId !== tabId.value) heard = false;
        // The saved head of this very tab stays until the worker's Q&A for it, which follows this message.
        if (message.tabId !== tabId.value && !(tabId.value === null && message.tabId === savedTab)) {
          qna.value = null;
          admin.value = null;
          polls.value = null;
          announcements.value = null;
          insights.value = {};
        }
        savedTab = null;
        tabId.value = message.tabId;
        record.value = message.record;
        return;
      case 'qna-head':
        // The queue at once; the whole snapshot follows on the same port.
        if (message.tabId !== tabId.value) return;
        heard = true;
        qna.value = headMirror(message.head, ++version);
        return;
      case 'qna': {
        if (message.tabId !== tabId.value) return;
        heard = true;
        const current = qna.value;
        if (message.snapshot && current?.partial) {
          qna.value = completeMirror(current, message.snapshot, ++version);
          return;
        }
        qna.value = message.snapshot ? mirrorOf(message.snapshot, ++version) : null;
        if (qna.value) whenIdle(qna.value.questions);
        return;
      }
      case 'qna-patch': {
        if (message.tabId !== tabId.value) return;
        const current = qna.value;
        // Patches before a snapshot have nothing to apply to; the snapshot that follows carries them. A
        // saved head is not the worker's state (it may lag it): its head or snapshot that follows carries them.
        if (!current || current.saved) return;
        const next = patchPartial(current, message.patch);
        version = next.version;
        qna.value = next;
        return;
      }
      case 'insight':
        if (message.tabId === tabId.value) {
          const key = message.view.kind === 'kaltura-report' ? `report:${message.view.reportType}` : message.view.kind;
          insights.value = { ...insights.value, [key]: message.view };
        }
        return;
      case 'ack':
        return;
    }
  }

  return { tabId, record, qna, admin, notify, polls, announcements, unacked, insights, receive, adoptSaved };
}

export type PanelState = ReturnType<typeof createPanelState>;

/**
 * A snapshot's map of questions by id is built after the first paint, when the panel is idle (the first
 * render walks the list only): the first patch or lookup then finds it made.
 */
function whenIdle(questions: QnaMirror['questions']): void {
  if (!(questions instanceof QuestionsView) || questions.indexed) return;
  const build = () => void questions.mutable();
  if (typeof requestIdleCallback === 'function') requestIdleCallback(build, { timeout: 1000 });
  else setTimeout(build, 50);
}
