// Desktop notifications for new pending items: batched ("7 new questions in Opening keynote"),
// rate-limited, and only while the moderator is not already looking (panel closed or tab not focused).
// Pure: the background keeps the state (in storage.session) and draws what this decides.

export interface NotifySettings {
  enabled: boolean;
  /** Play the system sound with the notification. */
  sound: boolean;
  /** The badge turns urgent when the oldest pending item has waited longer than this. */
  urgentAfterMs: number;
  /** Sessions (entry ids) the moderator muted. */
  muted: string[];
}

export const DEFAULT_NOTIFY_SETTINGS: NotifySettings = {
  enabled: true,
  sound: false,
  urgentAfterMs: 2 * 60_000,
  muted: [],
};

/** At most one notification per tab in this window; what arrives meanwhile joins the next one. */
export const MIN_INTERVAL_MS = 20_000;

export interface NotifyState {
  /** Pending ids that arrived while nobody looked and are not in a notification yet (at most QUEUE_KEEP). */
  queued: string[];
  /**
   * Arrivals past QUEUE_KEEP, counted only: the state is saved as it changes, and at 100 questions a second
   * a whole window of ids made every save larger than the questions themselves. A question among these
   * that is handled before the notice still counts in it ("2,000 new questions" for 1,990 is fine).
   */
  more?: number;
  /** Epoch ms of the last notification shown. */
  lastAt: number | null;
}

/** Queued ids kept by id (see NotifyState.more). */
export const QUEUE_KEEP = 200;

export const EMPTY_NOTIFY_STATE: NotifyState = { queued: [], lastAt: null };

/**
 * What changed among a tab's pending questions since the last call. Changes, not the whole list: a busy
 * session has thousands pending, and this runs on every change of them.
 */
export interface PendingChange {
  added: readonly string[];
  removed: readonly string[];
}

export interface Attention {
  /** A panel follows this tab. */
  panelOpen: boolean;
  /** The tab is the active tab of the focused window. */
  tabFocused: boolean;
}

export interface Notice {
  title: string;
  message: string;
  count: number;
  silent: boolean;
}

/**
 * When the notice held back by the rate limit may go out (epoch ms), or null when nothing waits. The
 * background sets a timer for it: a session that goes quiet must still hear about its last questions.
 */
export function flushAt(state: NotifyState): number | null {
  return (state.queued.length || state.more) && state.lastAt !== null ? state.lastAt + MIN_INTERVAL_MS : null;
}

/**
 * Takes what changed among the tab's pending ids and says whether to notify now. When the moderator is
 * looking, everything counts as seen. The work is in proportion to the change and to what is queued (at
 * most one rate-limit window of arrivals), never to the whole queue of the session.
 */
export function decide(
  state: NotifyState,
  change: PendingChange,
  attention: Attention,
  settings: NotifySettings,
  context: { entryId: string; sessionName: string | null; now: number },
): { state: NotifyState; notice: Notice | null } {
  const looking = attention.panelOpen && attention.tabFocused;
  if (looking || !settings.enabled || settings.muted.includes(context.entryId)) {
    return { state: { queued: [], lastAt: state.lastAt }, notice: null };
  }
  const removed = new Set(change.removed);
  const queued = new Set(state.queued.filter((id) => !removed.has(id)));
  let more = state.more ?? 0;
  for (const id of change.added) {
    if (queued.has(id)) continue;
    if (queued.size < QUEUE_KEEP) queued.add(id);
    else more++;
  }
  const due = state.lastAt === null || context.now - state.lastAt >= MIN_INTERVAL_MS;
  if ((!queued.size && !more) || !due) return { state: { queued: [...queued], lastAt: state.lastAt, ...(more ? { more } : {}) }, notice: null };
  const count = queued.size + more;
  const where = context.sessionName ? ` in ${context.sessionName}` : '';
  return {
    state: { queued: [], lastAt: context.now },
    notice: {
      title: `${count} new ${count === 1 ? 'question' : 'questions'}${where}`,
      // What a click does differs by browser: lib/platform/notifications.ts says it.
      message: 'Waiting for you in the Q&A inbox.',
      count,
      silent: !settings.sound,
    },
  };
}
