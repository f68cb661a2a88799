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
/** Pending ids remembered per tab (a long session's history is not needed, only recent ones). */
const MEMORY = 20_000;

export interface NotifyState {
  /** Pending ids already counted in a notification (or seen by the moderator). */
  known: string[];
  /** Pending ids seen but not notified yet. */
  queued: string[];
  /** Epoch ms of the last notification shown. */
  lastAt: number | null;
}

export const EMPTY_NOTIFY_STATE: NotifyState = { known: [], queued: [], lastAt: null };

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
  return state.queued.length && state.lastAt !== null ? state.lastAt + MIN_INTERVAL_MS : null;
}

/**
 * Takes the tab's current pending ids and says whether to notify now.
 * When the moderator is looking, everything pending counts as seen.
 */
export function decide(
  state: NotifyState,
  pendingIds: readonly string[],
  attention: Attention,
  settings: NotifySettings,
  context: { entryId: string; sessionName: string | null; now: number },
): { state: NotifyState; notice: Notice | null } {
  const known = new Set(state.known);
  const looking = attention.panelOpen && attention.tabFocused;
  const fresh = pendingIds.filter((id) => !known.has(id));
  if (looking || !settings.enabled || settings.muted.includes(context.entryId)) {
    return { state: { ...state, known: remember(state.known, fresh), queued: [] }, notice: null };
  }
  // A Set: a busy session has thousands pending and queued, and this runs on every change of them.
  const pending = new Set(pendingIds);
  const queued = [...new Set([...state.queued, ...fresh])].filter((id) => pending.has(id));
  const due = state.lastAt === null || context.now - state.lastAt >= MIN_INTERVAL_MS;
  if (!queued.length || !due) return { state: { ...state, queued }, notice: null };
  const count = queued.length;
  const where = context.sessionName ? ` in ${context.sessionName}` : '';
  return {
    state: { known: remember(state.known, queued), queued: [], lastAt: context.now },
    notice: {
      title: `${count} new ${count === 1 ? 'question' : 'questions'}${where}`,
      // What a click does differs by browser: lib/platform/notifications.ts says it.
      message: 'Waiting for you in the Q&A inbox.',
      count,
      silent: !settings.sound,
    },
  };
}

function remember(known: readonly string[], more: readonly string[]): string[] {
  if (!more.length) return known as string[];
  const all = [...known, ...more];
  return all.length > MEMORY ? all.slice(all.length - MEMORY) : all;
}
