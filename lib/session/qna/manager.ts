// Every attached tab's Q&A session, in the background: created from the first batch the widget reports,
// restored from storage.session after a service-worker restart, and saved by the repository (only what
// changed, in batches; see repository.ts).
import type { QnaAction, QnaLocalAction } from '../../model/qna/commands';
import type { QnaPatch, QnaSnapshot } from '../../model/qna/session';
import type { Question } from '../../model/qna/types';
import type { StorageArea } from '../../platform/storage';
import { QnaSession, type PendingSummary, type QnaLocalState, type QnaSurfacePort } from './qna-session';
import { QnaRepository, type StoredTab, type TabHead } from './repository';
import type { WebcastSurface } from './webcast-surface';
import { reportCursorOf, type QnaHead, type QnaReportCursor, type QnaRescanRequest } from '../../contracts/qna-batch';
import { HEAD_MIN_QUESTIONS, headOf } from './head';
import { SaveTimer } from '../save-timer';

export type { PendingSummary };

/** The moderator's banned words apply to every session. */
const BANNED_KEY = 'banned-words';
/** A change of the moderator's (a command, their own marks) is saved this soon. */
const SAVE_AFTER_MS = 250;
/**
 * Questions alone (new ones, votes, the widget's states) are saved at most this often (lib/session/save-timer.ts:
 * at 250 ms, 2.5 saves a second at 60 actions/s, 12 % of the worker's CPU). A stop loses none of them: the
 * saved report cursor goes with the rows it covers, and the restarted worker asks the widget for the rest.
 */
const QUESTIONS_SAVE_AFTER_MS = 1_000;
/** A large session's panel head is saved once its saves have been quiet this long (see HEAD_KEY). */
const HEAD_SAVE_AFTER_MS = 1_000;
/** After a failed save, try again this much later (doubling, up to the last). */
const RETRY_SAVE_MS = [2_000, 5_000, 15_000, 30_000];
/** The webcast Q&A has no push to us here: polled at 1 s (a question shows within ~1 s; issue 9 asks < 1.5 s at p95). */
const WEBCAST_POLL_MS = 1_000;
const CNC_PREFIX = 'cnc:';
const WEBCAST = 'webcast';

export interface QnaBatchHealth {
  live: boolean;
  unreadable: number;
  me?: string | null;
  /** Ids the widget no longer shows (deleted there or in Kaltura). */
  removed?: string[];
  /** The batch lists every row the widget shows: any other id was deleted. */
  full?: boolean;
  /** Where the content script's reports stand with this batch. */
  cursor?: QnaReportCursor;
  /** The token of the resend this batch answers. */
  rescanned?: string;
}

export interface QnaManagerDeps {
  session: StorageArea;
  local: StorageArea;
  now(): number;
  newId(): string;
  /** The CnC widget of a tab as a surface: performs actions there through its content script. */
  cncSurfaceFor(tabId: number, profileId: string): QnaSurfacePort | null;
  /** The webcast Q&A surface of a tab, made again after a restart from the admin session kept. */
  webcastSurfaceFor(tabId: number, entryId: string): Promise<WebcastSurface | null>;
  /** The moderator's own id on the surface (the KS user), for claims and "mine"; the widget may say better. */
  meOf(tabId: number): Promise<string>;
  /** The partner of the tab's page: local state is kept per partner and entry. */
  partnerOf?(tabId: number): Promise<number | null>;
  /**
   * Ask a tab's content script to send its questions again: those reported after `since` (the rest was
   * restored from storage), or every one when `since` is null; its answer carries `token`.
   */
  rescan(tabId: number, request: QnaRescanRequest): void;
  onPatch(tabId: number, patch: QnaPatch): void;
  /**
   * A session started (or was replaced) on a tab: panels showing it take this whole. `restored`: it was
   * read back after a restart because something asked for it; a panel that follows the tab gets it from
   * its own follow (which waits for the restore), so it need not be posted twice (11,000 questions each).
   */
  onSnapshot?(tabId: number, snapshot: QnaSnapshot, restored?: boolean): void;
  onPending(tabId: number, entryId: string, pending: PendingSummary): void;
  setTimeout(fn: () => void, ms: number): unknown;
  /** Moments of a restore (its storage read, the session rebuilt), for the cold-restore bench's phases. */
  mark?(name: string, detail?: unknown): void;
}

interface Prepared {
  partnerId: number | null;
  me: string;
  local: Partial<QnaLocalState>;
  banned: string[] | undefined;
}

export class QnaManager {
  private sessions = new Map<number, QnaSession>();
  private scopes = new Map<number, string>();
  /** Tabs that have sent a batch to this worker instance. */
  private heard = new Set<number>();
  private batches = new Map<number, Promise<void>>();
  private webcast = new Map<number, WebcastSurface>();
  private pollTimer: unknown = null;
  private loading = new Map<number, Promise<QnaSession | null>>();
  private readonly saves: SaveTimer;
  private headTimer: unknown = null;
  /** Per tab being restored: its small keys, read first (they hold the saved panel head). */
  private smallKeys = new Map<number, Promise<TabHead | undefined>>();
  private saveFailures = 0;
  private settleTimer: unknown = null;
  private readonly repo: QnaRepository;
  /**
   * Per tab, the content script's reports applied so far, as saved with the rows (repository.ts). While a
   * resend is awaited (`awaiting`: its token) it stays where the restore left it: rows reported after it
   * are not in this worker yet, and a stop now must ask for them again.
   */
  private cursors = new Map<number, QnaReportCursor | null>();
  private awaiting = new Map<number, string>();

  constructor(private readonly deps: QnaManagerDeps) {
    this.saves = new SaveTimer(deps, () => void this.flushSaves());
    this.repo = new QnaRepository({
      session: deps.session,
      local: deps.local,
      now: deps.now,
      onProblem: (tabId, problem) => {
        this.saveFailures = problem?.startsWith('Could not save') ? this.saveFailures + 1 : 0;
        this.sessions.get(tabId)?.setStorageProblem(problem);
      },
      onLocalMerged: (scope, local, fromTab) => {
        for (const [tabId, session] of this.sessions) if (tabId !== fromTab && this.scopes.get(tabId) === scope) session.adoptLocal(local);
      },
    });
  }

  onBatch(
    tabId: number,
    entryId: string,
    profileId: string,
    questions: Question[],
    health: QnaBatchHealth = { live: true, unreadable: 0 },
  ): Promise<void> {
    // One batch at a time per tab: two batches racing to create the tab's session would keep only one.
    const run = () => this.applyBatch(tabId, entryId, profileId, questions, health);
    const next = (this.batches.get(tabId) ?? Promise.resolve()).then(run, run);
    this.batches.set(tabId, next.catch(() => undefined));
    return next;
  }

  private async applyBatch(tabId: number, entryId: string, profileId: string, questions: Question[], health: QnaBatchHealth): Promise<void> {
    let session = await this.get(tabId);
    // The first batch this worker hears from a tab: the worker may have been stopped while batches were
    // in flight, so ask the tab to send everything once more (re-reading changes nothing, loses nothing).
    if (!this.heard.has(tabId)) {
      this.heard.add(tabId);
      this.askResend(tabId, null);
    }
    if (!session || session.entryId !== entryId || this.webcast.has(tabId)) {
      this.webcast.delete(tabId);
      session = await this.create(tabId, entryId, CNC_PREFIX + profileId, this.deps.cncSurfaceFor(tabId, profileId));
    }
    if (!session) return;
    if (health.me) session.setMe(health.me);
    if (health.rescanned !== undefined && health.rescanned === this.awaiting.get(tabId)) this.awaiting.delete(tabId);
    if (!this.awaiting.has(tabId)) this.cursors.set(tabId, reportCursorOf(health.cursor));
    const removed = health.removed ?? [];
    if (!health.live) {
      // Keep what we have and say since when it may be out of date; the widget resends on reconnect.
      session.applyBatch(questions, false, removed);
      session.markStale('The CnC widget lost its connection to Kaltura; what you see may be out of date.');
    } else {
      session.applyBatch(questions, true, removed, health.full === true);
      session.setProblem(
        health.unreadable
          ? `${health.unreadable} question(s) in the widget could not be read with profile ${profileId}: see Widget diagnostics.`
          : null,
      );
    }
    this.keepSettling();
  }

  /** Moderate a session's legacy webcast Q&A from this tab, with the surface given. */
  async attachWebcast(tabId: number, entryId: string, surface: WebcastSurface): Promise<void> {
    const stored = await this.repo.loadTab(tabId).catch(() => null);
    this.webcast.set(tabId, surface);
    await this.create(tabId, entryId, WEBCAST, surface, stored?.entryId === entryId ? stored : undefined);
    await this.pollWebcast();
  }

  /** Polls every webcast surface once; the timer keeps it going while any exists. */
  async pollWebcast(): Promise<void> {
    for (const [tabId, surface] of this.webcast) {
      const session = this.sessions.get(tabId);
      if (!session) continue;
      try {
        session.applyBatch(await surface.poll());
        // The surface answered: its connection error is over too (a batch ends the stale period only).
        session.setProblem(null);
      } catch (error) {
        session.markStale(error instanceof Error ? error.message : String(error));
      }
    }
    this.keepSettling();
    if (this.webcast.size && this.pollTimer === null) {
      this.pollTimer = this.deps.setTimeout(() => {
        this.pollTimer = null;
        void this.pollWebcast();
      }, WEBCAST_POLL_MS);
    }
  }

  async act(tabId: number, action: QnaAction): Promise<void> {
    const session = await this.get(tabId);
    if (!session) return;
    session.act(action);
    this.keepSettling();
  }

  async local(tabId: number, action: QnaLocalAction): Promise<void> {
    const session = await this.get(tabId);
    if (!session) return;
    session.actLocally(action);
    if (action.kind === 'set-banned-words') {
      try {
        // Every session's holds change: no saved head may outlive the old words.
        await this.repo.dropAllHeads();
        await this.deps.local.set({ [BANNED_KEY]: session.snapshot().meta.bannedWords });
      } catch (error) {
        session.setStorageProblem(`Could not save the banned words (${error instanceof Error ? error.message : String(error)}).`);
      }
    }
  }

  async snapshot(tabId: number): Promise<QnaSnapshot | null> {
    return (await this.get(tabId))?.snapshot() ?? null;
  }

  /** Loads the tab's session, then returns a reader of its current snapshot (read it when you post it). */
  async snapshotReader(tabId: number): Promise<() => QnaSnapshot | null> {
    await this.get(tabId);
    return () => this.sessions.get(tabId)?.snapshot() ?? null;
  }

  /**
   * While a tab's session is being restored: the panel head saved with its rows (lib/session/qna/head.ts),
   * which a panel can show before the rows are read (null: none saved, or the session is live).
   */
  async savedHead(tabId: number): Promise<QnaHead | null> {
    const reading = this.sessions.has(tabId) ? undefined : this.smallKeys.get(tabId);
    const keys = await reading?.catch(() => undefined);
    return keys ? this.repo.savedHeadOf<QnaHead>(tabId, keys) : null;
  }

  async markStale(tabId: number, problem: string | null): Promise<void> {
    (await this.get(tabId))?.markStale(problem);
  }

  private askResend(tabId: number, since: QnaReportCursor | null): void {
    const token = this.deps.newId();
    this.awaiting.set(tabId, token);
    this.cursors.set(tabId, since);
    this.deps.rescan(tabId, { since, token });
  }

  async forget(tabId: number): Promise<void> {
    this.cursors.delete(tabId);
    this.awaiting.delete(tabId);
    this.sessions.delete(tabId);
    this.scopes.delete(tabId);
    this.webcast.delete(tabId);
    this.heard.delete(tabId);
    this.batches.delete(tabId);
    await this.repo.forget(tabId);
  }

  /**
   * A restarted worker restores every saved session at once, not when a panel or tab first asks: whatever
   * woke the worker (a panel opening, a tab's report) wants a session soon, and a panel's page takes longer
   * to load than the read. One read finds which tabs have a session; the restores are shared with any ask
   * that comes meanwhile (see get).
   */
  async restoreSaved(tabIds: readonly number[]): Promise<void> {
    const ids = tabIds.filter((id) => !this.sessions.has(id) && !this.loading.has(id));
    if (!ids.length) return;
    const reading = this.repo.loadHeads(ids);
    for (const id of ids) this.smallKeys.set(id, reading.then((heads) => heads.get(id)));
    const heads = await reading;
    await Promise.all([...heads].filter(([id, head]) => this.repo.recordOf(id, head)).map(([id, head]) => this.get(id, head)));
  }

  /** The session of a tab: in memory, or restored from storage.session after a restart. */
  private get(tabId: number, head?: TabHead): Promise<QnaSession | null> {
    const live = this.sessions.get(tabId);
    if (live) return Promise.resolve(live);
    let loading = this.loading.get(tabId);
    if (!loading) {
      loading = this.restore(tabId, head)
        .catch(() => null)
        .finally(() => {
          this.loading.delete(tabId);
          this.smallKeys.delete(tabId);
        });
      this.loading.set(tabId, loading);
    }
    return loading;
  }

  private async restore(tabId: number, known?: TabHead): Promise<QnaSession | null> {
    let head = known;
    if (!head) {
      const reading = this.repo.loadHeads([tabId]).then((heads) => heads.get(tabId));
      if (!this.smallKeys.has(tabId)) this.smallKeys.set(tabId, reading);
      head = (await reading)!;
    }
    const record = this.repo.recordOf(tabId, head);
    // The moderator's local state (storage.local) is read while the rows are: the record names its scope.
    const prepared = record && record.surfaceKey !== WEBCAST ? this.prepare(tabId, record.entryId, record.partnerId) : undefined;
    prepared?.catch(() => undefined);
    const stored = record ? await this.repo.loadTab(tabId, head) : null;
    this.deps.mark?.('qna-read', stored?.questions.length ?? 0);
    if (!stored) return null;
    if (stored.surfaceKey === WEBCAST) {
      const surface = await this.deps.webcastSurfaceFor(tabId, stored.entryId);
      if (!surface) return null;
      this.webcast.set(tabId, surface);
      const session = await this.create(tabId, stored.entryId, WEBCAST, surface, stored, true);
      void this.pollWebcast();
      return session;
    }
    const profileId = stored.surfaceKey.slice(CNC_PREFIX.length);
    const session = await this.create(tabId, stored.entryId, stored.surfaceKey, this.deps.cncSurfaceFor(tabId, profileId), stored, true, stored.entryId === record!.entryId ? prepared : undefined);
    this.deps.mark?.('qna-built');
    // Restored without a saved head (saves never went quiet before the stop): save one while this worker lives.
    if (session && !stored.hasHead) this.scheduleHeads();
    // What was saved may lag what the widget had sent (saves are batched): have the tab send again what
    // it reported after the saved cursor (all of it when there is none).
    if (session && !this.heard.has(tabId)) {
      this.heard.add(tabId);
      this.askResend(tabId, stored.cursor ?? null);
    }
    return session;
  }

  /** `surfaceKey` says how to make the surface again after a restart: `cnc:{profileId}` or `webcast`. */
  private async create(
    tabId: number,
    entryId: string,
    surfaceKey: string,
    surface: QnaSurfacePort | null,
    stored?: StoredTab,
    restored = false,
    prepared?: Promise<Prepared>,
  ): Promise<QnaSession | null> {
    if (!surface) return null;
    const { partnerId, me, local, banned } = await (prepared ?? this.prepare(tabId, entryId, stored?.partnerId ?? null));
    const restoring = stored && stored.entryId === entryId;
    // A new session on this tab: the previous one's saved rows go first (in order with later writes).
    if (!restoring) await this.repo.forget(tabId);
    let lastPending: PendingSummary | null = null;
    const session: QnaSession = new QnaSession(
      {
        surface,
        now: this.deps.now,
        newId: this.deps.newId,
        persist: (change) => {
          this.repo.record(tabId, change);
          this.scheduleSave(change.tab || change.local?.length ? SAVE_AFTER_MS : QUESTIONS_SAVE_AFTER_MS);
        },
        onPatch: (patch) => {
          this.deps.onPatch(tabId, patch);
          // The summary is kept by the session as questions change; a new object only when it changed.
          const pending = session.pendingSummary();
          if (pending === lastPending) return;
          lastPending = pending;
          this.deps.onPending(tabId, entryId, pending);
        },
      },
      restoring ? { ...stored, me } : { entryId, me },
      { ...local, bannedWords: banned ?? local.bannedWords ?? [] },
    );
    this.sessions.set(tabId, session);
    this.scopes.set(tabId, this.repo.scopeOf(partnerId, entryId));
    if (!restoring) this.cursors.set(tabId, null);
    const source = { tabState: () => session.tabState(), question: (id: string) => session.question(id), cursor: () => this.cursors.get(tabId) ?? null };
    this.repo.attach(tabId, surfaceKey, partnerId, entryId, source, restoring ? stored : undefined);
    this.scheduleSave(SAVE_AFTER_MS);
    const snapshot = session.snapshot();
    if (this.deps.onSnapshot) this.deps.onSnapshot(tabId, snapshot, restored);
    else this.deps.onPatch(tabId, { meta: snapshot.meta });
    return session;
  }

  /** What a session needs besides its rows: the partner, the moderator's id, their local state and banned words. */
  private async prepare(tabId: number, entryId: string, partnerHint: number | null): Promise<Prepared> {
    const partnerId = partnerHint ?? (await this.deps.partnerOf?.(tabId)) ?? null;
    const [me, local, banned] = await Promise.all([
      this.deps.meOf(tabId),
      this.repo.loadLocal(partnerId, entryId).catch((): Partial<QnaLocalState> => ({})),
      this.deps.local.get<string[]>(BANNED_KEY).catch(() => undefined),
    ]);
    return { partnerId, me, local, banned };
  }

  private scheduleSave(ms: number): void {
    this.saves.within(ms);
  }

  /** Writes what changed. Never rejects; a failed write is shown on the session and tried again later. */
  async flushSaves(): Promise<void> {
    this.saves.fired();
    await this.repo.flush();
    if (this.repo.hasWork()) {
      const delay = this.saveFailures ? RETRY_SAVE_MS[Math.min(this.saveFailures - 1, RETRY_SAVE_MS.length - 1)]! : SAVE_AFTER_MS;
      this.scheduleSave(delay);
    } else this.scheduleHeads();
  }

  /**
   * Once saves are quiet, each large CnC session's panel head is saved with its rows (the repository skips
   * a tab with anything unsaved, or whose head is saved and unchanged since).
   */
  private scheduleHeads(): void {
    if (this.headTimer !== null) return;
    this.headTimer = this.deps.setTimeout(() => {
      this.headTimer = null;
      for (const [tabId, session] of this.sessions) {
        if (this.webcast.has(tabId)) continue;
        void this.repo.saveHead(tabId, () => {
          const snapshot = session.snapshot();
          return snapshot.questions.length >= HEAD_MIN_QUESTIONS ? headOf(snapshot) : null;
        });
      }
    }, HEAD_SAVE_AFTER_MS);
  }

  /** Retries and timeouts need a clock while commands wait; it stops when the outboxes are empty. */
  private keepSettling(): void {
    if (this.settleTimer !== null) return;
    const busy = [...this.sessions.values()].some((s) => s.hasWork());
    if (!busy) return;
    this.settleTimer = this.deps.setTimeout(() => {
      this.settleTimer = null;
      for (const s of this.sessions.values()) s.settle();
      this.keepSettling();
    }, 500);
  }
}
