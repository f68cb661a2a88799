// Keeps each tab's badge in step with its state and its waiting questions, drawing only on change.
import { badgeFor, type BadgeSpec, type Waiting } from './badge-policy';
import type { TabState } from '../model/context';

export interface BadgeKeeperDeps {
  /** `stateChanged`: the tab's state differs from the last draw's (or this is the tab's first draw). */
  draw(tabId: number, badge: BadgeSpec, state: TabState | null, stateChanged: boolean): Promise<void>;
  now(): number;
  urgentAfterMs?: number;
  /**
   * The moderator's saved threshold (storage.local, through the notifier's settings). Read before the first
   * badge is drawn: a restarted worker must not fall back to the default.
   */
  loadUrgentAfter?(): Promise<number | undefined>;
  /**
   * Redraws of a tab closer than this are coalesced: the first change after a quiet spell is drawn at once,
   * changes within the gap are drawn together at its end, as they then stand. Each draw is three browser
   * calls and a message into the event page; a stream of questions or flagged chat changed the count (and
   * redrew) several times a second, and those calls were a third of the extension's CPU at 200 chat
   * messages a second. Unset: every change is drawn at once.
   */
  minGapMs?: number;
  /**
   * A change of the flagged chat count alone (the questions, the state and the colour as drawn) redraws at
   * most this often (unset: minGapMs). In a chat flood most messages are flagged and the count changed with
   * every report, four draws a second at minGapMs: each a browser call (and the toolbar's repaint in the
   * browser's main thread) for a count that means "look at the chat". A question's change still goes
   * within minGapMs, and pulls a flagged redraw held for longer with it.
   */
  flaggedGapMs?: number;
  /**
   * A title that changes only with the count (the badge's text changed, its colour did not) is drawn at most
   * this often, and its last value at the end of the gap: the tooltip is read on hover, the count is on the
   * badge, and each title is a browser call (at 60 actions/s, 3.9 a second of the worker's ~12 API calls).
   * A new state, colour (urgent, offline) or text that is not a count goes with its title at once. Unset:
   * titles go with every draw.
   */
  titleGapMs?: number;
  setTimeout?(fn: () => void, ms: number): unknown;
  clearTimeout?(handle: unknown): void;
}

export class BadgeKeeper {
  private states = new Map<number, TabState>();
  private waiting = new Map<number, Waiting>();
  /** Flagged chat messages waiting for a look (issue 11): counted with the questions. */
  private flagged = new Map<number, Waiting>();
  /** Epoch ms since which a tab's widget has been offline. */
  private offline = new Map<number, number>();
  private drawn = new Map<number, string>();
  /** What each tab's badge shows (its key is `drawn`). */
  private drawnBadge = new Map<number, BadgeSpec>();
  /** When each tab's badge was last drawn (deps.now), and its coalesced redraw, if one is set. */
  private drawnAt = new Map<number, number>();
  /** Each tab's coalesced redraw: when it is due, and its timer (a redraw pulled earlier replaces it). */
  private later = new Map<number, { due: number; timer: unknown }>();
  /** What each tab's last draw showed of the questions (count and oldest) and the offline mark. */
  private drawnInputs = new Map<number, { count: number; oldestAt: number | null; offline: number | null }>();
  private drawnState = new Map<number, TabState | null>();
  /** The title each tab's badge shows, when it was drawn, and the redraw set for a title held back. */
  private titles = new Map<number, { title: string; at: number }>();
  private titleLater = new Map<number, unknown>();
  private restored: Promise<void> | null = null;
  /** Set by the moderator in this worker's life: newer than anything stored. */
  private chosen = false;

  constructor(private readonly deps: BadgeKeeperDeps) {}

  /** The moderator's threshold for "urgent" (notification settings). */
  setUrgentAfter(ms: number): void {
    this.chosen = true;
    this.deps.urgentAfterMs = ms;
    void this.refreshAll();
  }

  async setState(tabId: number, state: TabState): Promise<BadgeSpec> {
    this.states.set(tabId, state);
    return this.redraw(tabId);
  }

  async setWaiting(tabId: number, waiting: Waiting): Promise<BadgeSpec> {
    this.waiting.set(tabId, waiting);
    return this.redraw(tabId);
  }

  async setFlagged(tabId: number, flagged: Waiting): Promise<BadgeSpec> {
    if (flagged.count) this.flagged.set(tabId, flagged);
    else this.flagged.delete(tabId);
    return this.redraw(tabId);
  }

  /** The tab's widget lost its connection (epoch ms), or is live again (null). */
  async setOffline(tabId: number, since: number | null): Promise<BadgeSpec> {
    if (since === null) this.offline.delete(tabId);
    else this.offline.set(tabId, since);
    return this.redraw(tabId);
  }

  forget(tabId: number): void {
    this.states.delete(tabId);
    this.offline.delete(tabId);
    this.waiting.delete(tabId);
    this.flagged.delete(tabId);
    this.drawn.delete(tabId);
    this.drawnBadge.delete(tabId);
    this.drawnAt.delete(tabId);
    this.drawnInputs.delete(tabId);
    this.drawnState.delete(tabId);
    this.titles.delete(tabId);
    const clear = (timer: unknown) => (this.deps.clearTimeout ?? clearTimeout)(timer as ReturnType<typeof setTimeout>);
    const later = this.later.get(tabId);
    if (later) clear(later.timer);
    this.later.delete(tabId);
    const title = this.titleLater.get(tabId);
    if (title !== undefined) clear(title);
    this.titleLater.delete(tabId);
  }

  /**
   * The browser reset the tab's badge (a navigation to another document clears a tab's action values): draw
   * what the tab's state and counts say again, even though they did not change.
   */
  async repaint(tabId: number): Promise<void> {
    this.drawn.delete(tabId);
    this.titles.delete(tabId);
    if (this.states.has(tabId)) await this.redraw(tabId, true);
  }

  /** Ages change with time alone: call now and then so a badge turns urgent without new events. */
  async refreshAll(): Promise<void> {
    for (const tabId of this.states.keys()) await this.redraw(tabId);
  }

  private restore(): Promise<void> {
    this.restored ??= (async () => {
      const ms = await this.deps.loadUrgentAfter?.().catch(() => undefined);
      if (!this.chosen && typeof ms === 'number' && Number.isFinite(ms) && ms > 0) this.deps.urgentAfterMs = ms;
    })();
    return this.restored;
  }

  /** `due`: the coalesced redraw at the end of a gap (drawn whatever the clock says: it may stand still). */
  private async redraw(tabId: number, due = false): Promise<BadgeSpec> {
    await this.restore();
    const badge = badgeFor(
      this.states.get(tabId) ?? null,
      withFlagged(this.waiting.get(tabId), this.flagged.get(tabId)),
      this.deps.now(),
      this.deps.urgentAfterMs,
      this.offline.get(tabId) ?? null,
    );
    const key = JSON.stringify(badge);
    if (this.drawn.get(tabId) === key) return badge;
    // A change of the tab's state (attached, offline...) goes at once: the content script acts on it.
    const state = this.states.get(tabId) ?? null;
    const stateChanged = !this.drawnState.has(tabId) || state !== this.drawnState.get(tabId);
    const waiting = this.waiting.get(tabId);
    const offline = this.offline.get(tabId) ?? null;
    const inputs = { count: waiting?.count ?? 0, oldestAt: waiting?.oldestAt ?? null, offline };
    const was = this.drawnInputs.get(tabId);
    // Only the flagged chat count moved: the questions, the offline mark and the colour are as drawn.
    const flaggedOnly =
      !!was && was.count === inputs.count && was.oldestAt === inputs.oldestAt && was.offline === offline && this.drawnBadge.get(tabId)?.color === badge.color;
    const gap = stateChanged || due ? 0 : flaggedOnly ? (this.deps.flaggedGapMs ?? this.deps.minGapMs ?? 0) : (this.deps.minGapMs ?? 0);
    const now = this.deps.now();
    const wait = (this.drawnAt.get(tabId) ?? Number.NEGATIVE_INFINITY) + gap - now;
    const later = this.later.get(tabId);
    // A redraw is already set for the end of this burst: it draws the badge as it then stands (one held
    // for the flagged count's longer gap is pulled to this change's).
    if (later && !stateChanged && later.due <= now + Math.max(wait, 0)) return badge;
    if (gap > 0 && wait > 0) {
      const entry = { due: now + wait, timer: null as unknown };
      entry.timer = (this.deps.setTimeout ?? setTimeout)(() => {
        if (this.later.get(tabId) !== entry) return; // replaced by one due sooner
        this.later.delete(tabId);
        void this.redraw(tabId, true).catch(() => undefined);
      }, wait);
      this.later.set(tabId, entry);
      return badge;
    }
    this.later.delete(tabId); // drawn now, as things stand: a redraw set for later has nothing to add
    const shown = stateChanged ? badge : this.holdTitle(tabId, badge, now);
    // Whatever drew it (a state, a count, the end of a gap): the title the tab shows, and since when.
    if (this.titles.get(tabId)?.title !== shown.title) this.titles.set(tabId, { title: shown.title, at: now });
    this.drawn.set(tabId, JSON.stringify(shown));
    this.drawnBadge.set(tabId, shown);
    this.drawnAt.set(tabId, now);
    this.drawnInputs.set(tabId, inputs);
    this.drawnState.set(tabId, state);
    await this.deps.draw(tabId, shown, state, stateChanged);
    return badge;
  }

  /** The badge to draw: with the title it shows now when only the count changed within titleGapMs. */
  private holdTitle(tabId: number, badge: BadgeSpec, now: number): BadgeSpec {
    const gap = this.deps.titleGapMs ?? 0;
    const before = this.titles.get(tabId);
    const drawn = this.drawnBadge.get(tabId);
    const countOnly = !!drawn && drawn.color === badge.color && isCount(drawn.text) && isCount(badge.text);
    if (gap > 0 && before && before.title !== badge.title && countOnly && now - before.at < gap) {
      if (!this.titleLater.has(tabId)) {
        const timer = (this.deps.setTimeout ?? setTimeout)(() => {
          this.titleLater.delete(tabId);
          void this.redraw(tabId, true).catch(() => undefined);
        }, before.at + gap - now);
        this.titleLater.set(tabId, timer);
      }
      return { ...badge, title: before.title };
    }
    return badge;
  }
}

/** A badge text that is a count (42, 1.2k), not a state (ON, OFF, ?). */
function isCount(text: string): boolean {
  return /^\d/.test(text);
}

/** Questions and flagged chat together: one count, the oldest of either. */
function withFlagged(waiting: Waiting | undefined, flagged: Waiting | undefined): Waiting | undefined {
  if (!flagged) return waiting;
  if (!waiting) return flagged;
  const oldest = [waiting.oldestAt, flagged.oldestAt].filter((x): x is number => x !== null);
  return { count: waiting.count + flagged.count, oldestAt: oldest.length ? Math.min(...oldest) : null };
}
