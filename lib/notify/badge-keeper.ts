// Keeps each tab's badge in step with its state and its waiting questions, drawing only on change.
import { badgeFor, type BadgeSpec, type Waiting } from './badge-policy';
import type { TabState } from '../model/context';

export interface BadgeKeeperDeps {
  draw(tabId: number, badge: BadgeSpec, state: TabState | null): Promise<void>;
  now(): number;
  urgentAfterMs?: number;
  /**
   * The moderator's saved threshold (storage.local, through the notifier's settings). Read before the first
   * badge is drawn: a restarted worker must not fall back to the default.
   */
  loadUrgentAfter?(): Promise<number | undefined>;
}

export class BadgeKeeper {
  private states = new Map<number, TabState>();
  private waiting = new Map<number, Waiting>();
  /** Flagged chat messages waiting for a look (issue 11): counted with the questions. */
  private flagged = new Map<number, Waiting>();
  /** Epoch ms since which a tab's widget has been offline. */
  private offline = new Map<number, number>();
  private drawn = new Map<number, string>();
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

  private async redraw(tabId: number): Promise<BadgeSpec> {
    await this.restore();
    const badge = badgeFor(
      this.states.get(tabId) ?? null,
      withFlagged(this.waiting.get(tabId), this.flagged.get(tabId)),
      this.deps.now(),
      this.deps.urgentAfterMs,
      this.offline.get(tabId) ?? null,
    );
    const key = JSON.stringify(badge);
    if (this.drawn.get(tabId) !== key) {
      this.drawn.set(tabId, key);
      await this.deps.draw(tabId, badge, this.states.get(tabId) ?? null);
    }
    return badge;
  }
}

/** Questions and flagged chat together: one count, the oldest of either. */
function withFlagged(waiting: Waiting | undefined, flagged: Waiting | undefined): Waiting | undefined {
  if (!flagged) return waiting;
  if (!waiting) return flagged;
  const oldest = [waiting.oldestAt, flagged.oldestAt].filter((x): x is number => x !== null);
  return { count: waiting.count + flagged.count, oldestAt: oldest.length ? Math.min(...oldest) : null };
}
