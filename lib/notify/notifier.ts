// Decides and shows desktop notifications per tab, keeping what was notified in storage.session so a
// restarted service worker neither repeats nor forgets, and the moderator's settings in storage.local.
import type { StorageArea } from '../platform/storage';
import {
  decide,
  DEFAULT_NOTIFY_SETTINGS,
  EMPTY_NOTIFY_STATE,
  flushAt,
  type Attention,
  type Notice,
  type NotifySettings,
  type NotifyState,
  type PendingChange,
} from './notify-policy';

const STATE_KEY = (tabId: number) => `notify:${tabId}`;
/** A growing or shrinking queue is saved at most this often. */
const QUEUE_SAVE_MS = 1_000;
export const SETTINGS_KEY = 'notify-settings';
/**
 * A tab's attention (a panel on it, the tab focused) is asked of the browser at most this often: two
 * browser calls (tabs.get, windows.get) that a 60 actions/s session made on every Q&A batch, 5 a second,
 * an eighth of the worker's time. Within it, a moderator who just looked away is taken as still looking
 * (their questions counted as seen) and one who just looked as not (a notice may show): for a second.
 */
export const ATTENTION_FRESH_MS = 1_000;
// (Forgotten at once when the moderator switches tabs or windows, or a panel follows another tab:
// attentionChanged, called from lib/background/create.ts.)

export interface NotifierDeps {
  session: StorageArea;
  local: StorageArea;
  attention(tabId: number): Promise<Attention>;
  show(tabId: number, notice: Notice): Promise<void>;
  now(): number;
  /** For the notice the rate limit held back (the background's own timers by default). */
  setTimeout?(fn: () => void, ms: number): unknown;
  clearTimeout?(handle: unknown): void;
}

interface LastPending {
  entryId: string;
  sessionName: string | null;
}

export class Notifier {
  // One decision at a time per tab: decisions read and write the tab's state.
  private queues = new Map<number, Promise<void>>();
  // In-memory mirrors for this worker's life: onPending runs on every Q&A change of a busy session, so
  // it reads storage once per tab and writes only when something changed.
  private states = new Map<number, NotifyState>();
  private cachedSettings: NotifySettings | null = null;
  private last = new Map<number, LastPending>();
  private timers = new Map<number, unknown>();
  private saves = new Map<number, unknown>();
  private attentionAsked = new Map<number, { at: number; attention: Attention }>();

  constructor(private readonly deps: NotifierDeps) {}

  async settings(): Promise<NotifySettings> {
    this.cachedSettings ??= {
      ...DEFAULT_NOTIFY_SETTINGS,
      ...(await this.deps.local.get<Partial<NotifySettings>>(SETTINGS_KEY)),
    };
    return this.cachedSettings;
  }

  async saveSettings(patch: Partial<NotifySettings>): Promise<NotifySettings> {
    const next = { ...(await this.settings()), ...patch };
    await this.deps.local.set({ [SETTINGS_KEY]: next });
    this.cachedSettings = next;
    return next;
  }

  /** What changed among the tab's pending questions (ids added, removed): decide whether to notify. */
  onPending(tabId: number, change: PendingChange, entryId: string, sessionName: string | null): Promise<void> {
    this.last.set(tabId, { entryId, sessionName });
    const run = async () => {
      const stored = this.states.get(tabId) ?? normalise(await this.deps.session.get<NotifyState>(STATE_KEY(tabId)));
      // Nothing arrived or left and nothing waits to be told: nothing to decide (a vote, an audit entry…).
      if (!change.added.length && !change.removed.length && !stored.queued.length) return;
      const [settings, attention] = await Promise.all([this.settings(), this.attentionOf(tabId)]);
      const { state, notice } = decide(stored, change, attention, settings, { entryId, sessionName, now: this.deps.now() });
      this.states.set(tabId, state);
      if (state.lastAt !== stored.lastAt || !state.queued.length !== !stored.queued.length) {
        // A notice shown (it must not be shown again after a restart), or the queue started or ended: now.
        this.saveLater(tabId, null);
        await this.deps.session.set({ [STATE_KEY(tabId)]: state });
      } else if (!sameIds(state.queued, stored.queued) || (state.more ?? 0) !== (stored.more ?? 0)) {
        // The queue grew or shrank: once a second at most (at 100 questions a second, a write per
        // question was most of what the background wrote). A stop loses at most that second of the
        // count; the questions themselves are the Q&A session's to keep.
        this.saveLater(tabId, QUEUE_SAVE_MS);
      }
      this.arm(tabId, flushAt(state));
      if (notice) await this.deps.show(tabId, notice);
    };
    const next = (this.queues.get(tabId) ?? Promise.resolve()).then(run, run);
    this.queues.set(tabId, next.catch(() => undefined));
    return next;
  }

  /**
   * Where the moderator looks changed (the active tab or the focused window, a panel now follows another
   * tab): the next decision asks the browser again instead of trusting the last second's answer, so that
   * a question right after a switch is notified (or counted as seen) by where they look now.
   */
  attentionChanged(): void {
    this.attentionAsked.clear();
  }

  private async attentionOf(tabId: number): Promise<Attention> {
    const now = this.deps.now();
    const asked = this.attentionAsked.get(tabId);
    if (asked && now >= asked.at && now - asked.at < ATTENTION_FRESH_MS) return asked.attention;
    const attention = await this.deps.attention(tabId);
    this.attentionAsked.set(tabId, { at: now, attention });
    return attention;
  }

  /** Saves the tab's state `ms` from now (one timer per tab), or cancels a save waiting (null). */
  private saveLater(tabId: number, ms: number | null): void {
    const waiting = this.saves.get(tabId);
    if (ms === null) {
      if (waiting !== undefined) this.clear(waiting);
      this.saves.delete(tabId);
      return;
    }
    if (waiting !== undefined) return;
    this.saves.set(
      tabId,
      this.set(() => {
        this.saves.delete(tabId);
        const state = this.states.get(tabId);
        if (state) void this.deps.session.set({ [STATE_KEY(tabId)]: state }).catch(() => undefined);
      }, ms),
    );
  }

  private clear(handle: unknown): void {
    (this.deps.clearTimeout ?? ((h: unknown) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>)))(handle);
  }

  private set(fn: () => void, ms: number): unknown {
    return (this.deps.setTimeout ?? ((f: () => void, m: number) => globalThis.setTimeout(f, m)))(fn, ms);
  }

  /** One timer per tab, for when the held-back notice may go out: it decides again with the latest pending. */
  private arm(tabId: number, at: number | null): void {
    const clear = this.deps.clearTimeout ?? ((h: unknown) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>));
    const set = this.deps.setTimeout ?? ((fn: () => void, ms: number) => globalThis.setTimeout(fn, ms));
    const before = this.timers.get(tabId);
    if (before !== undefined) clear(before);
    this.timers.delete(tabId);
    if (at === null) return;
    this.timers.set(
      tabId,
      set(() => {
        this.timers.delete(tabId);
        const last = this.last.get(tabId);
        if (last) void this.onPending(tabId, NO_CHANGE, last.entryId, last.sessionName).catch(() => undefined);
      }, Math.max(0, at - this.deps.now())),
    );
  }

  async forget(tabId: number): Promise<void> {
    this.arm(tabId, null);
    this.saveLater(tabId, null);
    this.last.delete(tabId);
    this.queues.delete(tabId);
    this.states.delete(tabId);
    this.attentionAsked.delete(tabId);
    await this.deps.session.remove(STATE_KEY(tabId));
  }
}

const NO_CHANGE: PendingChange = { added: [], removed: [] };

/** A state stored by an older version (it kept every pending id as `known`) keeps only what it needs. */
function normalise(stored: NotifyState | null | undefined): NotifyState {
  if (!stored) return EMPTY_NOTIFY_STATE;
  return {
    queued: Array.isArray(stored.queued) ? stored.queued : [],
    lastAt: typeof stored.lastAt === 'number' ? stored.lastAt : null,
    ...(typeof stored.more === 'number' && stored.more > 0 ? { more: stored.more } : {}),
  };
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
