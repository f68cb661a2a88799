// The background's reactions meters, one per tab: fed by the content script's totals, shown to the panels
// that follow the tab, kept in storage.session so a stopped service worker resumes where it was (the
// widget's totals are running counts, so whatever arrived while it was stopped is counted on the next
// report, not lost). Work per report is bounded by the meter's windows, never by the session's length.
import type { PerformResult, BackgroundToContent } from '../../contracts/protocol';
import type { ReactionsAction, ReactionsBatch, ReactionsView } from '../../contracts/reactions';
import { emptyMeter, ingestTotals, prune, type Bucket, type MeterData } from '../../model/reactions/meter';
import { addToMinutes } from '../../model/report/activity';
import { reactionsProfileOf, switchAbsence } from '../../cnc/reactions-profile';
import type { StorageArea } from '../../platform/storage';

export interface ReactionsServiceDeps {
  session: StorageArea;
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  tellTab(tabId: number, message: BackgroundToContent): Promise<PerformResult | undefined>;
  /** A tab's view changed: panels following it get it. */
  onView(tabId: number, view: ReactionsView | null): void;
}

interface TabMeter {
  meter: MeterData;
  profileId: string;
  types: string[];
  enabled: boolean | null;
  canSwitch: boolean;
  switching: { on: boolean; since: number } | null;
  switchError: string | null;
  /** Per-minute counts for the whole session (the session report's activity chart); absent in older saves. */
  minutes?: Bucket[];
}

/** Writes wait this long, so a burst of reports is one write. */
export const SAVE_DELAY_MS = 1_000;
/**
 * Views to panels at most this often per tab (the meter shows seconds, not milliseconds): the first change
 * after a quiet gap goes at once (the switch's "switching…" too), later ones in one view at the gap's end.
 * Each view is a post of the whole meter; at 200 ms, a 60 actions/s stream drew 3 a second.
 */
export const VIEW_DELAY_MS = 500;

export const reactionsKey = (tabId: number) => `reactions:${tabId}`;

export class ReactionsService {
  private readonly tabs = new Map<number, TabMeter | null>();
  /** One operation at a time per tab: a report does not race the load of the saved meter. */
  private readonly chains = new Map<number, Promise<unknown>>();
  private readonly saving = new Set<number>();
  private readonly viewing = new Set<number>();
  /** When each tab's view was last posted (deps.now). */
  private readonly viewedAt = new Map<number, number>();

  constructor(private readonly deps: ReactionsServiceDeps) {}

  private serial<T>(tabId: number, job: () => Promise<T>): Promise<T> {
    const next = (this.chains.get(tabId) ?? Promise.resolve()).then(job, job);
    this.chains.set(tabId, next.catch(() => undefined));
    return next;
  }

  private async load(tabId: number): Promise<TabMeter | null> {
    if (this.tabs.has(tabId)) return this.tabs.get(tabId)!;
    const saved = (await this.deps.session.get<TabMeter>(reactionsKey(tabId))) ?? null;
    this.tabs.set(tabId, saved);
    return saved;
  }

  ingest(tabId: number, batch: ReactionsBatch): Promise<void> {
    return this.serial(tabId, async () => {
      let t = await this.load(tabId);
      if (!t || t.meter.entryId !== batch.entryId) {
        // Another session in this tab (or the first report): a new meter, its clock starting now.
        t = { meter: emptyMeter(batch.entryId, batch.at), profileId: batch.profileId, types: [], enabled: null, canSwitch: false, switching: null, switchError: null };
        this.tabs.set(tabId, t);
      }
      addToMinutes((t.minutes ??= []), ingestTotals(t.meter, batch.totals, batch.at), batch.at);
      t.profileId = batch.profileId;
      t.types = Object.keys(batch.totals);
      t.enabled = batch.enabled;
      t.canSwitch = batch.canSwitch;
      if (t.switching && batch.enabled === t.switching.on) t.switching = null;
      this.changed(tabId);
    });
  }

  /** What a panel following the tab shows now (null: nothing seen on this tab yet). */
  async view(tabId: number): Promise<ReactionsView | null> {
    const t = await this.serial(tabId, () => this.load(tabId));
    return t ? this.viewOf(tabId, t) : null;
  }

  private viewOf(tabId: number, t: TabMeter): ReactionsView {
    const now = this.deps.now();
    prune(t.meter, now);
    const profile = reactionsProfileOf(t.profileId);
    let switchAbsent = switchAbsence(profile, t.profileId);
    if (!switchAbsent && !t.canSwitch) switchAbsent = 'The CnC widget on this page shows no switch for reactions (it shows one to moderators only).';
    return {
      tabId,
      entryId: t.meter.entryId,
      at: now,
      startedAt: t.meter.startedAt,
      types: t.types,
      buckets: t.meter.buckets,
      recent: t.meter.recent,
      counted: t.meter.counted,
      peaks: t.meter.peaks,
      enabled: t.enabled,
      switchAbsent,
      switching: t.switching,
      switchError: t.switchError,
      totals: t.meter.baseline,
      minutes: t.minutes ?? [],
    };
  }

  /** The moderator turns reactions on or off: through the widget's switch, confirmed by what it shows. */
  act(tabId: number, action: ReactionsAction): Promise<void> {
    return this.serial(tabId, async () => {
      const t = await this.load(tabId);
      if (!t) return;
      t.switching = { on: action.on, since: this.deps.now() };
      t.switchError = null;
      this.changed(tabId);
      return t;
    }).then(async (t) => {
      if (!t) return;
      let result: PerformResult | undefined;
      try {
        result = await this.deps.tellTab(tabId, { type: 'reactions-perform', on: action.on });
      } catch {
        result = { ok: false, error: 'The event tab did not answer: it may have been closed or reloaded.' };
      }
      await this.serial(tabId, async () => {
        const now = await this.load(tabId);
        if (!now) return;
        if (result?.ok) now.enabled = action.on;
        else now.switchError = result?.error ?? 'The event tab did not answer: reload it and try again.';
        now.switching = null;
        this.changed(tabId);
      });
    });
  }

  async forget(tabId: number): Promise<void> {
    this.tabs.delete(tabId);
    this.viewedAt.delete(tabId);
    await this.deps.session.remove(reactionsKey(tabId));
  }

  /** Saves soon and tells the panels soon, once for a burst. */
  private changed(tabId: number): void {
    if (!this.saving.has(tabId)) {
      this.saving.add(tabId);
      this.deps.setTimeout(() => {
        this.saving.delete(tabId);
        void this.save(tabId);
      }, SAVE_DELAY_MS);
    }
    if (!this.viewing.has(tabId)) {
      const now = this.deps.now();
      const last = this.viewedAt.get(tabId);
      const wait = last === undefined || now < last ? 0 : last + VIEW_DELAY_MS - now;
      if (wait <= 0) {
        this.postView(tabId);
        return;
      }
      this.viewing.add(tabId);
      this.deps.setTimeout(() => {
        this.viewing.delete(tabId);
        this.postView(tabId);
      }, wait);
    }
  }

  private postView(tabId: number): void {
    this.viewedAt.set(tabId, this.deps.now());
    const t = this.tabs.get(tabId);
    this.deps.onView(tabId, t ? this.viewOf(tabId, t) : null);
  }

  /** Writes the tab's meter now (tests; and the delayed save). */
  save(tabId: number): Promise<void> {
    return this.serial(tabId, async () => {
      const t = this.tabs.get(tabId);
      if (t) await this.deps.session.set({ [reactionsKey(tabId)]: t });
    });
  }
}
