// Every attached tab's Q&A session, in the background: created from the first batch the widget reports,
// restored from storage.session after a service-worker restart, and saved in batches.
import type { QnaAction, QnaLocalAction } from '../../model/qna/commands';
import { effectiveState, type QnaPatch, type QnaSnapshot } from '../../model/qna/session';
import type { Question } from '../../model/qna/types';
import type { StorageArea } from '../../platform/storage';
import { QnaSession, type QnaLocalState, type QnaSessionState, type QnaSurfacePort } from './qna-session';
import type { WebcastSurface } from './webcast-surface';

const SESSION_KEY = (tabId: number) => `qna:${tabId}`;
const LOCAL_KEY = (entryId: string) => `qna-local:${entryId}`;
/** The moderator's banned words apply to every session. */
const BANNED_KEY = 'banned-words';
const SAVE_AFTER_MS = 250;
const WEBCAST_POLL_MS = 2_000;
const CNC_PREFIX = 'cnc:';
const WEBCAST = 'webcast';

export interface PendingSummary {
  /** Pending question ids (held ones included), for notifications. */
  ids: string[];
  count: number;
  /** Epoch ms of the oldest pending question, or null. */
  oldestAt: number | null;
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
  /** Ask a tab's content script to send every question again. */
  rescan(tabId: number): void;
  onPatch(tabId: number, patch: QnaPatch): void;
  onPending(tabId: number, entryId: string, pending: PendingSummary): void;
  setTimeout(fn: () => void, ms: number): unknown;
}

export class QnaManager {
  private sessions = new Map<number, QnaSession>();
  /** Tabs that have sent a batch to this worker instance. */
  private heard = new Set<number>();
  private batches = new Map<number, Promise<void>>();
  private webcast = new Map<number, WebcastSurface>();
  private pollTimer: unknown = null;
  private loading = new Map<number, Promise<QnaSession | null>>();
  private saves = new Map<number, { surfaceKey: string; state: () => QnaSessionState; local: QnaLocalState }>();
  private saveTimer: unknown = null;
  private settleTimer: unknown = null;

  constructor(private readonly deps: QnaManagerDeps) {}

  onBatch(
    tabId: number,
    entryId: string,
    profileId: string,
    questions: Question[],
    health: { live: boolean; unreadable: number; me?: string | null } = { live: true, unreadable: 0 },
  ): Promise<void> {
    // One batch at a time per tab: two batches racing to create the tab's session would keep only one.
    const run = () => this.applyBatch(tabId, entryId, profileId, questions, health);
    const next = (this.batches.get(tabId) ?? Promise.resolve()).then(run, run);
    this.batches.set(tabId, next.catch(() => undefined));
    return next;
  }

  private async applyBatch(
    tabId: number,
    entryId: string,
    profileId: string,
    questions: Question[],
    health: { live: boolean; unreadable: number; me?: string | null },
  ): Promise<void> {
    let session = await this.get(tabId);
    // The first batch this worker hears from a tab: the worker may have been stopped while batches were
    // in flight, so ask the tab to send everything once more (re-reading changes nothing, loses nothing).
    if (!this.heard.has(tabId)) {
      this.heard.add(tabId);
      this.deps.rescan(tabId);
    }
    if (!session || session.entryId !== entryId || this.webcast.has(tabId)) {
      this.webcast.delete(tabId);
      session = await this.create(tabId, entryId, CNC_PREFIX + profileId, this.deps.cncSurfaceFor(tabId, profileId));
    }
    if (!session) return;
    if (health.me) session.setMe(health.me);
    if (!health.live) {
      // Keep what we have and say since when it may be out of date; the widget resends on reconnect.
      session.applyBatch(questions, false);
      session.markStale('The CnC widget lost its connection to Kaltura; what you see may be out of date.');
    } else {
      session.applyBatch(questions);
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
    const stored = await this.deps.session.get<QnaSessionState>(SESSION_KEY(tabId));
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
    if (action.kind === 'set-banned-words') await this.deps.local.set({ [BANNED_KEY]: session.snapshot().meta.bannedWords });
  }

  async snapshot(tabId: number): Promise<QnaSnapshot | null> {
    return (await this.get(tabId))?.snapshot() ?? null;
  }

  async markStale(tabId: number, problem: string | null): Promise<void> {
    (await this.get(tabId))?.markStale(problem);
  }

  async forget(tabId: number): Promise<void> {
    this.sessions.delete(tabId);
    this.webcast.delete(tabId);
    this.heard.delete(tabId);
    this.batches.delete(tabId);
    this.saves.delete(tabId);
    await this.deps.session.remove(SESSION_KEY(tabId));
  }

  /** The session of a tab: in memory, or restored from storage.session after a restart. */
  private get(tabId: number): Promise<QnaSession | null> {
    const live = this.sessions.get(tabId);
    if (live) return Promise.resolve(live);
    let loading = this.loading.get(tabId);
    if (!loading) {
      loading = this.restore(tabId).finally(() => this.loading.delete(tabId));
      this.loading.set(tabId, loading);
    }
    return loading;
  }

  private async restore(tabId: number): Promise<QnaSession | null> {
    const stored = await this.deps.session.get<QnaSessionState & { surfaceKey: string }>(SESSION_KEY(tabId));
    if (!stored) return null;
    if (stored.surfaceKey === WEBCAST) {
      const surface = await this.deps.webcastSurfaceFor(tabId, stored.entryId);
      if (!surface) return null;
      this.webcast.set(tabId, surface);
      const session = await this.create(tabId, stored.entryId, WEBCAST, surface, stored);
      void this.pollWebcast();
      return session;
    }
    const profileId = stored.surfaceKey.slice(CNC_PREFIX.length);
    const session = await this.create(tabId, stored.entryId, stored.surfaceKey, this.deps.cncSurfaceFor(tabId, profileId), stored);
    // What was saved may lag what the widget had sent (saves are batched): have the tab send it all again.
    if (session && !this.heard.has(tabId)) {
      this.heard.add(tabId);
      this.deps.rescan(tabId);
    }
    return session;
  }

  /** `surfaceKey` says how to make the surface again after a restart: `cnc:{profileId}` or `webcast`. */
  private async create(
    tabId: number,
    entryId: string,
    surfaceKey: string,
    surface: QnaSurfacePort | null,
    stored?: QnaSessionState,
  ): Promise<QnaSession | null> {
    if (!surface) return null;
    const [me, local, banned] = await Promise.all([
      this.deps.meOf(tabId),
      this.deps.local.get<QnaLocalState>(LOCAL_KEY(entryId)),
      this.deps.local.get<string[]>(BANNED_KEY),
    ]);
    const session = new QnaSession(
      {
        surface,
        now: this.deps.now,
        newId: this.deps.newId,
        persist: (state, localState) => this.save(tabId, surfaceKey, state, localState),
        onPatch: (patch) => {
          this.deps.onPatch(tabId, patch);
          this.deps.onPending(tabId, entryId, pendingOf(session.snapshot()));
        },
      },
      stored && stored.entryId === entryId ? { ...stored, me } : { entryId, me },
      { ...local, bannedWords: banned ?? local?.bannedWords ?? [] },
    );
    this.sessions.set(tabId, session);
    this.deps.onPatch(tabId, { meta: session.snapshot().meta });
    return session;
  }

  private save(tabId: number, surfaceKey: string, state: () => QnaSessionState, local: QnaLocalState): void {
    this.saves.set(tabId, { surfaceKey, state, local });
    this.saveTimer ??= this.deps.setTimeout(() => void this.flushSaves(), SAVE_AFTER_MS);
  }

  async flushSaves(): Promise<void> {
    this.saveTimer = null;
    const saves = [...this.saves];
    this.saves.clear();
    for (const [tabId, { surfaceKey, state: read, local }] of saves) {
      const state = read();
      await this.deps.session.set({ [SESSION_KEY(tabId)]: { ...state, surfaceKey } });
      const { starred, merged, audit, released } = local;
      await this.deps.local.set({ [LOCAL_KEY(state.entryId)]: { starred, merged, audit, released } });
    }
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

export function pendingOf(snapshot: QnaSnapshot): PendingSummary {
  const ids: string[] = [];
  let oldestAt: number | null = null;
  for (const q of snapshot.questions) {
    if (effectiveState(q, snapshot.meta) !== 'pending') continue;
    ids.push(q.id);
    if (oldestAt === null || q.createdAt < oldestAt) oldestAt = q.createdAt;
  }
  return { ids, count: ids.length, oldestAt };
}
