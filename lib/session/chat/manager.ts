// Every attached tab's chat session in the background: created from the first batch the widget reports,
// restored from storage.session after a worker restart, saved by the repository (what changed, batched).
import type { ChatBatch } from '../../contracts/chat';
import type { ChatAction, ChatLocalAction } from '../../model/chat/commands';
import type { ChatPatch, ChatSnapshot } from '../../model/chat/session';
import type { StorageArea } from '../../platform/storage';
import { ChatSession, type ChatSurfacePort, type FlaggedSummary } from './chat-session';
import type { FlaggedChatList } from '../../model/chat/flagged-list';
import { ChatRepository, type StoredChatTab } from './repository';
import { markChatHop } from '../../cnc/chat-hops';
import { SaveTimer } from '../save-timer';
import type { ChatArchiveWriter } from '../../platform/chat-archive';
import { chatArchiveKey } from '../../model/chat/archive';

/** A change of the moderator's (a command, a kept flag, the rules, the tab's record) is saved this soon. */
const SAVE_AFTER_MS = 250;
/**
 * Messages alone (new ones, reactions, flags the rules raised) are saved at most this often: each save is a
 * storage.session.set of ~1.8 ms of the worker's time whatever its size (60 actions/s: 3.3 saves a second
 * at 250 ms, 15 % of the worker's CPU with the Q&A's). A stop loses none of them: the restarted worker has
 * the widget send every message it shows again (rescan), which flags new ones again.
 */
const MESSAGES_SAVE_AFTER_MS = 1_000;
/**
 * The flagged list goes to the panels at once after a quiet gap, then at most this often: in a spam flood
 * (200 messages/s, many flagged) it changed with every patch, ~20 posts a second of the whole list to every
 * panel, which cost the worker, the browser and the panel more than the chat itself. The badge's count is
 * not paced by this (onFlagged).
 */
export const FLAGGED_LIST_GAP_MS = 500;
const RETRY_SAVE_MS = 5_000;

export interface ChatManagerDeps {
  session: StorageArea;
  local: StorageArea;
  /** The chat archive on disk, written with each save (absent: none). */
  archive?: ChatArchiveWriter;
  now(): number;
  newId(): string;
  surfaceFor(tabId: number, profileId: string): ChatSurfacePort | null;
  meOf(tabId: number): Promise<string>;
  partnerOf?(tabId: number): Promise<number | null>;
  /** Ask a tab's content script to send every message again. */
  rescan(tabId: number): void;
  onPatch(tabId: number, patch: ChatPatch): void;
  onSnapshot(tabId: number, snapshot: ChatSnapshot): void;
  onFlagged?(tabId: number, flagged: FlaggedSummary): void;
  /** The tab's flagged list changed (a flag set or cleared, a delete of one sent or failed): for every panel. */
  onFlaggedList?(tabId: number, list: FlaggedChatList): void;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout?(handle: unknown): void;
}

/** Where a panel stands in a tab's chat: the session (an opaque token) and the count of its patches it had. */
export interface ChatMark {
  readonly session: object;
  readonly seq: number;
}

/** What a panel lacks: a patch, the snapshot, or nothing (null: it has everything). */
export type ChatCatchUp = { patch: ChatPatch } | { snapshot: ChatSnapshot | null } | null;

export class ChatManager {
  private sessions = new Map<number, ChatSession>();
  private heard = new Set<number>();
  private batches = new Map<number, Promise<void>>();
  private loading = new Map<number, Promise<ChatSession | null>>();
  private readonly saves: SaveTimer;
  private settleTimer: unknown = null;
  private readonly repo: ChatRepository;

  constructor(private readonly deps: ChatManagerDeps) {
    this.saves = new SaveTimer(deps, () => void this.flushSaves());
    this.repo = new ChatRepository({
      session: deps.session,
      local: deps.local,
      archive: deps.archive,
      now: deps.now,
      onProblem: (tabId, problem) => this.sessions.get(tabId)?.setStorageProblem(problem),
    });
  }

  onBatch(tabId: number, batch: ChatBatch): Promise<void> {
    markChatHop('sw-heard', () => batch.messages.map((m) => m.id));
    const run = () => this.applyBatch(tabId, batch);
    const next = (this.batches.get(tabId) ?? Promise.resolve()).then(run, run);
    this.batches.set(tabId, next.catch(() => undefined));
    return next;
  }

  private async applyBatch(tabId: number, batch: ChatBatch): Promise<void> {
    let session = await this.get(tabId);
    // The first batch this worker hears from a tab: batches may have been lost while it was stopped.
    if (!this.heard.has(tabId)) {
      this.heard.add(tabId);
      this.deps.rescan(tabId);
    }
    if (!session || session.entryId !== batch.entryId) session = await this.create(tabId, batch.entryId, batch.profileId);
    if (!session) return;
    if (batch.me) session.setMe(batch.me);
    session.applyBatch(batch.messages, batch.blocked, batch.live);
    if (!batch.live) session.markStale('The CnC widget lost its connection to Kaltura; the chat you see may be out of date.');
    else session.setProblem(batch.unreadable ? `${batch.unreadable} chat message(s) in the widget could not be read with profile ${batch.profileId}.` : null);
    this.keepSettling();
  }

  async act(tabId: number, action: ChatAction): Promise<void> {
    const session = await this.get(tabId);
    if (!session) return;
    session.act(action);
    this.keepSettling();
  }

  async local(tabId: number, action: ChatLocalAction): Promise<void> {
    const session = await this.get(tabId);
    if (!session) return;
    session.actLocally(action);
    if (action.kind === 'set-rules') {
      const rules = session.flagRules;
      for (const other of this.sessions.values()) if (other !== session) other.setRules(rules);
      await this.repo.saveRules(rules).catch((e: unknown) => session.setStorageProblem(`Could not save the flag rules (${e instanceof Error ? e.message : String(e)}).`));
    }
    this.scheduleSave(SAVE_AFTER_MS);
  }

  async snapshotReader(tabId: number): Promise<() => ChatSnapshot | null> {
    await this.get(tabId);
    return () => this.sessions.get(tabId)?.snapshot() ?? null;
  }

  /**
   * Where a panel that has had everything so far stands in the tab's chat (null: no session). Taken when a
   * panel stops taking the chat's patches (its Chat view hidden), to catch it up when it takes them again.
   */
  markOf(tabId: number): ChatMark | null {
    const session = this.sessions.get(tabId);
    return session ? { session, seq: session.mark } : null;
  }

  /**
   * Waits until the tab's chat is loaded, then gives a reader of what a panel at `mark` lacks: a catch-up
   * patch, or the snapshot when the mark is of another session (or none), or older than the evictions the
   * session remembers (ChatSession.canCatchUp). Read and post in one step (see
   * snapshotReader); the reader also gives the panel's new mark.
   */
  async catchUpReader(tabId: number, mark: ChatMark | null): Promise<() => { message: ChatCatchUp; mark: ChatMark | null }> {
    await this.get(tabId);
    return () => {
      const session = this.sessions.get(tabId);
      const now = session ? { session, seq: session.mark } : null;
      if (session && mark?.session === session && session.canCatchUp(mark.seq)) {
        const patch = session.catchUp(mark.seq);
        return { message: patch && { patch }, mark: now };
      }
      return { message: { snapshot: session?.snapshot() ?? null }, mark: now };
    };
  }

  /** The tab's flagged list (null: no chat session), for a panel that starts following the tab. */
  async flaggedList(tabId: number): Promise<FlaggedChatList | null> {
    return (await this.get(tabId))?.flaggedList() ?? null;
  }

  /** The session's chat record, for the settings and report views. */
  async records(tabId: number) {
    return (await this.get(tabId))?.records() ?? null;
  }

  async forget(tabId: number): Promise<void> {
    this.sessions.delete(tabId);
    this.heard.delete(tabId);
    this.batches.delete(tabId);
    await this.repo.forget(tabId);
  }

  private get(tabId: number): Promise<ChatSession | null> {
    const live = this.sessions.get(tabId);
    if (live) return Promise.resolve(live);
    let loading = this.loading.get(tabId);
    if (!loading) {
      loading = this.restore(tabId)
        .catch(() => null)
        .finally(() => this.loading.delete(tabId));
      this.loading.set(tabId, loading);
    }
    return loading;
  }

  private async restore(tabId: number): Promise<ChatSession | null> {
    const stored = await this.repo.loadTab(tabId);
    if (!stored) return null;
    const session = await this.create(tabId, stored.entryId, stored.profileId, stored);
    // What was saved may lag what the widget sent (saves are batched): have the tab send it all again.
    if (session && !this.heard.has(tabId)) {
      this.heard.add(tabId);
      this.deps.rescan(tabId);
    }
    return session;
  }

  private async create(tabId: number, entryId: string, profileId: string, stored?: StoredChatTab): Promise<ChatSession | null> {
    const surface = this.deps.surfaceFor(tabId, profileId);
    if (!surface) return null;
    const partnerId = stored?.partnerId ?? (await this.deps.partnerOf?.(tabId)) ?? null;
    const [me, local] = await Promise.all([this.deps.meOf(tabId), this.repo.loadLocal(partnerId, entryId).catch(() => ({ audit: [] }))]);
    const restoring = stored && stored.entryId === entryId;
    if (!restoring) await this.repo.forget(tabId);
    let lastFlagged: FlaggedSummary | null = null;
    let lastList: FlaggedChatList | null = null;
    let listSentAt = -Infinity;
    let listTimer: unknown = null;
    // The same object until a flag or the outbox changed (ChatSession.flaggedList): built only when sent.
    const sendList = () => {
      listTimer = null;
      if (this.sessions.get(tabId) !== session) return; // replaced or forgotten meanwhile: not its list
      const list = session.flaggedList();
      if (list === lastList) return;
      lastList = list;
      listSentAt = this.deps.now();
      this.deps.onFlaggedList?.(tabId, list);
    };
    const session: ChatSession = new ChatSession(
      {
        surface,
        now: this.deps.now,
        newId: this.deps.newId,
        ...(this.deps.archive ? { archiveKey: chatArchiveKey(partnerId, entryId) } : {}),
        persist: (change) => {
          this.repo.record(tabId, change);
          this.scheduleSave(change.tab || change.audit?.length ? SAVE_AFTER_MS : MESSAGES_SAVE_AFTER_MS);
        },
        onPatch: (patch) => {
          this.deps.onPatch(tabId, patch);
          if (listTimer === null) {
            const wait = listSentAt + FLAGGED_LIST_GAP_MS - this.deps.now();
            if (wait <= 0) sendList();
            else listTimer = this.deps.setTimeout(sendList, wait);
          }
          const flagged = session.flaggedSummary();
          if (flagged === lastFlagged) return;
          lastFlagged = flagged;
          this.deps.onFlagged?.(tabId, flagged);
        },
      },
      restoring ? { ...stored, me: stored.me || me } : { entryId, me },
      local,
    );
    this.sessions.set(tabId, session);
    this.repo.attach(tabId, profileId, partnerId, entryId, session, restoring ? stored : undefined);
    this.scheduleSave(SAVE_AFTER_MS);
    this.deps.onSnapshot(tabId, session.snapshot());
    lastFlagged = session.flaggedSummary();
    this.deps.onFlagged?.(tabId, lastFlagged);
    lastList = session.flaggedList();
    listSentAt = this.deps.now();
    this.deps.onFlaggedList?.(tabId, lastList);
    return session;
  }

  private scheduleSave(ms: number): void {
    this.saves.within(ms);
  }

  async flushSaves(): Promise<void> {
    this.saves.fired();
    await this.repo.flush();
    if (this.repo.hasWork()) this.scheduleSave(RETRY_SAVE_MS);
  }

  private keepSettling(): void {
    if (this.settleTimer !== null) return;
    if (![...this.sessions.values()].some((s) => s.hasWork())) return;
    this.settleTimer = this.deps.setTimeout(() => {
      this.settleTimer = null;
      for (const s of this.sessions.values()) s.settle();
      this.keepSettling();
    }, 500);
  }
}
