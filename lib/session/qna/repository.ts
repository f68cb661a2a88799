// Where Q&A sessions are saved, and only what changed.
//
// storage.session (survives a stopped worker; 10 MB for the whole extension):
//   `qna:{tab}`               the tab's small record: entry, identity, outbox, staleness, surface key, partner
//   `qna:{tab}:m`             the manifest: which chunk keys hold the rows, which deltas follow them
//   `qna:{tab}:c:{gen}:{i}`   a chunk: up to CHUNK_ROWS questions, rewritten only by a compaction
//   `qna:{tab}:d:{seq}`       a delta: the questions changed (whole) and the ids removed in one flush
//                             (at most LIMITS.deltaRows rows: a larger flush writes several, one set() each).
//   `qna:{tab}:r`             the content script's report cursor that the saved rows include (written
//                             with the last write of a flush, so it never claims rows not yet saved;
//                             null while rows past the cap are in memory only): a restore asks the tab
//                             for the rows reported after it only.
//   Rows are stored in a compact form (StoredRow: about half the bytes of a Question), and a chunk or delta
//                             as one JSON string: the browser hands a string to the worker in one piece,
//                             where 500 rows as objects are thousands of values to convert on each side
//                             (reading 11,000 rows took ~600 ms as objects, ~80 ms + 20 ms of JSON.parse
//                             as strings, in Chrome). Chunks and deltas stored as objects (an earlier
//                             version) are read as they are.
//                             Numbered from the manifest's `from` with no gap (a failed write is retried
//                             under the same number), so a restore reads them without a list to update.
//   A change costs the size of what changed (a delta); a restore reads ~25 chunks and the deltas since the
//   last compaction instead of one key per question (11,000 keys took two seconds to read in Chrome).
//   Compaction, once deltas pile up (MAX_DELTAS or MAX_DELTA_BYTES; not when idle: a compaction after a
//   few questions would rewrite a 150 KB chunk for each), rewrites only the chunks whose rows changed, under a new
//   generation's keys, then switches the manifest, then removes the old keys: a worker stopped between
//   any two of these writes leaves the previous manifest, whose keys are all still there. Keys a stop left
//   behind (a new generation never switched to, old keys never removed) are removed at the next attach.
//   Per tab at most ROWS_PER_TAB rows and BYTES_PER_TAB bytes are saved; beyond that rows stay in memory
//   only (the widget resends them after a restart) and the session says so.
// storage.local (survives a browser restart), scoped by partner and entry, one key per field:
//   `qna-local:{partner}:{entry}:starred|merged|released`  read-modify-write of that field with the
//                        change applied (not the whole value), so two tabs of one session keep each
//                        other's stars and merges
//   `qna-local:{partner}:{entry}:audit` + `:audit:{n}`     the audit, append-only in chunks, capped
//   `qna-local-index`    scope → last used, to collect scopes unused for STALE_AFTER_MS
// Every write is serialised (one flush at a time: the read-modify-writes cannot interleave), its failure
// is caught and reported for the session to show, and what failed is tried again with the next flush.
import { AUDIT_LIMIT } from '../../model/qna/session';
import type { AuditEntry } from '../../model/qna/commands';
import type { Question } from '../../model/qna/types';
import type { StorageArea } from '../../platform/storage';
import type { LocalChange, PersistChange, QnaLocalState, QnaTabState } from './qna-session';
import { reportCursorOf, type QnaReportCursor } from '../../contracts/qna-batch';

export const TAB_KEY = (tabId: number) => `qna:${tabId}`;
export const MANIFEST_KEY = (tabId: number) => `qna:${tabId}:m`;
const CHUNK_KEY = (tabId: number, gen: number, index: number) => `qna:${tabId}:c:${gen}:${index}`;
const DELTA_KEY = (tabId: number, seq: number) => `qna:${tabId}:d:${seq}`;
export const CURSOR_KEY = (tabId: number) => `qna:${tabId}:r`;
/**
 * A large session's panel head (lib/session/qna/head.ts) as of its saved rows, so a restarted worker shows
 * the queue before it has read them all (issue 9). Written when the session is saved and quiet; emptied in
 * the same set() as the tab's next change (and before a change of its local state), so a head in storage
 * is never older than the rows it stands for.
 */
export const HEAD_KEY = (tabId: number) => `qna:${tabId}:h`;
/** The previous format: one key per question. Read once, then moved into chunks. */
const ROW_PREFIX = (tabId: number) => `qna:${tabId}:q:`;
const LEGACY_LOCAL_KEY = (entryId: string) => `qna-local:${entryId}`;
const SCOPE = (partnerId: number | null, entryId: string) => `qna-local:${partnerId ?? 0}:${entryId}`;
const INDEX_KEY = 'qna-local-index';

export const LIMITS = {
  rowsPerTab: 12_000,
  bytesPerTab: 3_500_000,
  auditChunk: 200,
  staleAfterMs: 30 * 24 * 3600_000,
  /** Rows per chunk: a compaction after one vote rewrites ~150 KB; a restore of 12k rows reads 24 keys. */
  chunkRows: 500,
  /**
   * Deltas (or their bytes) kept before a compaction: a restore reads them all (a few hundred small keys
   * cost tens of ms), and a compaction rewrites the chunks they touched (~150 KB each), so the rarer the
   * cheaper per question.
   */
  maxDeltas: 300,
  maxDeltaBytes: 600_000,
  /** Rows per delta (a flush with more writes several, one set() each). */
  deltaRows: 250,
  /**
   * Chunks per storage read of a restore (2,000 rows), one read after the other: in Chrome the worker hears
   * nothing else (a panel connecting, its follow) until a read's answer is in, and one read of 11,000 rows
   * held a panel's connect 50-150 ms, so the saved head went too late to be of use. Between two reads the
   * panel gets its head.
   */
  readChunks: 4,
};

/** A row's share of its key and list (what sizeOf adds to its JSON). */
const ROW_OVERHEAD = 24;

/** The manifest: what a restore reads. Written in the same set() as the delta or chunks it names. */
export interface Manifest {
  v: 2;
  /** The generation of the last compaction; chunks it wrote are named with it. */
  gen: number;
  /** Chunk keys in order (null: an empty chunk). */
  chunks: Array<string | null>;
  /** Deltas from this number on (up to the first missing) apply on top of the chunks, in order. */
  from: number;
  /** The saved rows' bytes at the compaction (a restore does not measure 11,000 rows again). */
  bytes?: number;
  /** Keys the last compaction replaced, removed after the switch (again at the next attach, if a stop came first). */
  garbage?: { chunks: string[]; from: number; to: number };
}

interface Delta {
  up: StoredRow[];
  rm: string[];
}

/**
 * A question as stored: `id`, `text` and `state` as in memory (tests and tools read those), the rest under
 * short names, defaults left out, and `updatedAt` as an offset from `createdAt`. About half the bytes of the
 * whole object: 10,000 realistic questions fit the per-tab cap, and every write and restore copies less.
 * Rows stored whole (an earlier version) are read as they are.
 */
export interface StoredRow {
  id: string;
  text: string;
  state: Question['state'];
  /** createdAt (epoch ms). */
  c: number;
  /** updatedAt − createdAt, when not 0. */
  u?: number;
  /** The author: [id, name], with 1 at the end when anonymous. */
  a: [string | null, string | null] | [string | null, string | null, 1];
  v?: number;
  /** Answered live. */
  l?: 1;
  /** Answers: [id, text, by, at], with 1 at the end when private. */
  an?: Array<[string, string, string | null, number] | [string, string, string | null, number, 1]>;
  r?: number;
  h?: string;
  /** The surface, when not 'cnc'. */
  s?: Question['surface'];
}

export function encodeRow(q: Question): StoredRow {
  const row: StoredRow = { id: q.id, text: q.text, state: q.state, c: q.createdAt, a: q.author.anonymous ? [q.author.id, q.author.name, 1] : [q.author.id, q.author.name] };
  if (q.updatedAt !== q.createdAt) row.u = q.updatedAt - q.createdAt;
  if (q.votes) row.v = q.votes;
  if (q.answeredLive) row.l = 1;
  if (q.answers.length) row.an = q.answers.map((x) => (x.visibility === 'private' ? [x.id, x.text, x.by, x.at, 1] : [x.id, x.text, x.by, x.at]));
  if (q.replies) row.r = q.replies;
  if (q.handledBy !== null) row.h = q.handledBy;
  if (q.surface !== 'cnc') row.s = q.surface;
  return row;
}

export function decodeRow(row: StoredRow | Question): Question {
  if ('createdAt' in row) return row;
  return {
    id: row.id,
    surface: row.s ?? 'cnc',
    text: row.text,
    author: { id: row.a[0], name: row.a[1], anonymous: row.a[2] === 1 },
    createdAt: row.c,
    updatedAt: row.c + (row.u ?? 0),
    votes: row.v ?? 0,
    state: row.state,
    answeredLive: row.l === 1,
    answers: (row.an ?? []).map(([id, text, by, at, priv]) => ({ id, text, by, at, visibility: priv === 1 ? 'private' : 'public' })),
    replies: row.r ?? 0,
    handledBy: row.h ?? null,
  };
}

export interface StoredTab extends QnaTabState {
  surfaceKey: string;
  partnerId: number | null;
  questions: Question[];
  /** Rows read from a previous format: not in chunks or deltas yet. */
  unsavedIds?: string[];
  /** How the rows were stored: each chunk's ids, and the manifest (absent for a previous format). */
  layout?: { manifest: Manifest; chunks: string[][]; deltaBytes: number; nextSeq: number };
  /** Keys of a previous format, removed once their rows are saved anew. */
  legacyKeys?: string[];
  /** The content script's reports the saved rows include (null: ask for every row again). */
  cursor?: QnaReportCursor | null;
  /** A panel head of these rows is in storage (HEAD_KEY). */
  hasHead?: boolean;
}

/** What the repository reads from a live session at flush time (the latest, not a copy per change). */
export interface SessionSource {
  tabState(): QnaTabState;
  question(id: string): Question | undefined;
  /** The content script's reports applied so far (null: none to claim, e.g. a resend is awaited). */
  cursor?(): QnaReportCursor | null;
}

interface Binding {
  surfaceKey: string;
  partnerId: number | null;
  scope: string;
  source: SessionSource;
  /** Saved rows and their sizes (bytes of JSON). */
  rows: Map<string, number>;
  bytes: number;
  dirty: Set<string>;
  tabDirty: boolean;
  local: LocalChange[];
  /** Rows not saved because of the cap. */
  unsaved: Set<string>;
  failure: string | null;
  manifest: Manifest;
  /** Each chunk's row ids (the saved rows, as the next compaction will write them). */
  chunks: Array<Set<string>>;
  chunkOf: Map<string, number>;
  /** Chunks whose rows changed since they were written. */
  staleChunks: Set<number>;
  deltaBytes: number;
  /** The next delta's number (deltas saved: manifest.from up to this). */
  nextSeq: number;
  /** The manifest is in storage (it is written with the first delta, then by each compaction). */
  manifestSaved: boolean;
  /** Keys to remove once the rows they held are saved anew (a previous format, a stop's leftovers). */
  cleanup: string[];
  /** The report cursor in storage (JSON), to write it only when it changed. */
  savedCursor: string;
  /** A head may be in storage (HEAD_KEY): the next change empties it first. */
  headSaved: boolean;
}

export interface QnaRepositoryDeps {
  session: StorageArea;
  local: StorageArea;
  now(): number;
  /** A tab's saving problem (a failed write, the cap), or null when saving works again. */
  onProblem(tabId: number, problem: string | null): void;
  /** Another tab of the same scope changed stars, merges or releases: here is what is stored now. */
  onLocalMerged?(scope: string, local: Pick<QnaLocalState, 'starred' | 'merged' | 'released'>, fromTab: number): void;
}

/** A tab's record, manifest and cursor as read (absent keys undefined). */
export type TabHead = Record<string, unknown>;

type SharedLocal = Pick<QnaLocalState, 'starred' | 'merged' | 'released'>;

export class QnaRepository {
  private tabs = new Map<number, Binding>();
  private chain: Promise<void> = Promise.resolve();
  private indexed = new Set<string>();
  private collected = false;

  constructor(private readonly deps: QnaRepositoryDeps) {}

  scopeOf(partnerId: number | null, entryId: string): string {
    return SCOPE(partnerId, entryId);
  }

  /** A live session of a tab: its changes are saved from now on. `stored`: the rows already saved. */
  attach(tabId: number, surfaceKey: string, partnerId: number | null, entryId: string, source: SessionSource, stored?: StoredTab): void {
    const rows = new Map<string, number>();
    let bytes = 0;
    const legacy = new Set(stored?.unsavedIds ?? []);
    const layout = stored?.layout;
    // Sizes of restored rows are not measured again (that was a quarter of a restore's time): the total
    // comes from the manifest and the deltas, and a row's own size is taken as the average until it changes.
    const measured = layout?.manifest.bytes === undefined;
    for (const q of stored?.questions ?? []) {
      if (legacy.has(q.id)) continue;
      const size = measured ? sizeOf(q) : Number.NaN;
      rows.set(q.id, size);
      if (measured) bytes += size;
    }
    if (!measured) bytes = layout!.manifest.bytes! + layout!.deltaBytes;
    const manifest: Manifest = layout ? { ...layout.manifest, chunks: [...layout.manifest.chunks] } : { v: 2, gen: 0, chunks: [], from: 0 };
    const chunks: Array<Set<string>> = [];
    const chunkOf = new Map<string, number>();
    const staleChunks = new Set<number>();
    for (const [index, ids] of (layout?.chunks ?? []).entries()) {
      chunks.push(new Set());
      for (const id of ids) if (rows.has(id)) (chunks[index]!.add(id), chunkOf.set(id, index));
    }
    const binding: Binding = {
      surfaceKey,
      partnerId,
      scope: SCOPE(partnerId, entryId),
      source,
      rows,
      bytes,
      dirty: legacy,
      tabDirty: true,
      local: [],
      unsaved: new Set(),
      failure: null,
      manifest,
      chunks,
      chunkOf,
      staleChunks,
      deltaBytes: layout?.deltaBytes ?? 0,
      nextSeq: layout?.nextSeq ?? 0,
      manifestSaved: !!layout,
      cleanup: [...(stored?.legacyKeys ?? [])],
      savedCursor: JSON.stringify(stored?.cursor ?? null),
      headSaved: !!stored?.hasHead,
    };
    // Rows saved in deltas since the last compaction still need a chunk.
    for (const id of rows.keys()) if (!chunkOf.has(id)) this.place(binding, id);
    if (layout) {
      // What a stop left: a new generation's chunks never switched to, and keys the last switch replaced.
      const next = manifest.gen + 1;
      const orphans = Array.from({ length: Math.ceil(LIMITS.rowsPerTab / LIMITS.chunkRows) + 1 }, (_, i) => CHUNK_KEY(tabId, next, i));
      const garbage = manifest.garbage;
      const old = garbage ? [...garbage.chunks, ...range(garbage.from, garbage.to).map((n) => DELTA_KEY(tabId, n))] : [];
      const leftovers = [...orphans, ...old];
      this.chain = this.chain.then(() => this.deps.session.remove(leftovers)).catch(() => undefined);
    }
    this.tabs.set(tabId, binding);
  }

  /** Gives a saved row its chunk: the last one with room, or a new one. */
  private place(tab: Binding, id: string): void {
    let index = tab.chunks.length - 1;
    if (index < 0 || tab.chunks[index]!.size >= LIMITS.chunkRows) {
      tab.chunks.push(new Set());
      tab.manifest.chunks.push(null);
      index++;
    }
    tab.chunks[index]!.add(id);
    tab.chunkOf.set(id, index);
    tab.staleChunks.add(index);
  }

  record(tabId: number, change: PersistChange): void {
    const tab = this.tabs.get(tabId);
    if (!tab) return;
    for (const q of change.upserts ?? []) tab.dirty.add(q.id);
    for (const id of change.removed ?? []) tab.dirty.add(id);
    if (change.tab) tab.tabDirty = true;
    if (change.local) tab.local.push(...change.local);
  }

  hasWork(): boolean {
    for (const tab of this.tabs.values()) if (tab.dirty.size || tab.tabDirty || tab.local.length) return true;
    return false;
  }

  /** Some tab's rows are partly in deltas: a compaction would make its restore read fewer keys. */
  hasDeltas(): boolean {
    for (const tab of this.tabs.values()) if (tab.nextSeq > tab.manifest.from || tab.staleChunks.size) return true;
    return false;
  }

  /** Folds every tab's deltas into chunks (call when idle). Never rejects; a failure is retried later. */
  compact(): Promise<void> {
    this.chain = this.chain
      .then(async () => {
        for (const [tabId, tab] of this.tabs) await this.compactTab(tabId, tab).catch(() => undefined);
      })
      .catch(() => undefined);
    return this.chain;
  }

  /** Writes what changed. Never rejects: failures are reported per tab and retried with the next flush. */
  flush(): Promise<void> {
    this.chain = this.chain.then(() => this.flushNow()).catch(() => undefined);
    return this.chain;
  }

  private async flushNow(): Promise<void> {
    for (const [tabId, tab] of this.tabs) {
      const failures: string[] = [];
      await this.writeSession(tabId, tab).catch((e: unknown) => failures.push(messageOf(e)));
      await this.writeLocal(tabId, tab).catch((e: unknown) => failures.push(messageOf(e)));
      const failure = failures.length ? `Could not save this session's Q&A (${failures[0]}); it is kept in memory and saving is tried again.` : null;
      const cap = tab.unsaved.size
        ? `Storage cap for this tab reached: ${tab.unsaved.size} question(s) are kept in memory only (the widget resends them after a restart).`
        : null;
      const problem = [failure, cap].filter(Boolean).join(' ') || null;
      if (problem !== tab.failure) {
        tab.failure = problem;
        this.deps.onProblem(tabId, problem);
      }
    }
  }

  private async writeSession(tabId: number, tab: Binding): Promise<void> {
    if (!tab.dirty.size && !tab.tabDirty) return;
    const dirty = [...tab.dirty];
    tab.dirty.clear();
    const wasTabDirty = tab.tabDirty;
    tab.tabDirty = false;
    // Read with the rows, before the first await: every row of the reports it names is dirty or saved now.
    let cursor = tab.source.cursor?.() ?? null;
    // What each changed row costs now (bytes of its stored form; -1: removed), and the rows to write.
    const sizes = new Map<string, number>();
    const befores = new Map<string, number>();
    const removed: string[] = [];
    const rows: StoredRow[] = [];
    let bytes = tab.bytes;
    for (const id of dirty) {
      const q = tab.source.question(id);
      const known = tab.rows.get(id);
      const before = known !== undefined && Number.isNaN(known) ? tab.bytes / Math.max(1, tab.rows.size) : known;
      if (!q) {
        if (before !== undefined) {
          removed.push(id);
          sizes.set(id, -1);
          befores.set(id, before);
          bytes -= before;
        }
        continue;
      }
      const row = encodeRow(q);
      const size = JSON.stringify(row).length + ROW_OVERHEAD;
      const next = bytes - (before ?? 0) + size;
      if (before === undefined && (tab.rows.size + sizes.size >= LIMITS.rowsPerTab || next > LIMITS.bytesPerTab)) {
        cursor = null; // a row kept in memory only: a restore must ask for every row again
        continue;
      }
      rows.push(row);
      sizes.set(id, size);
      if (before !== undefined) befores.set(id, before);
      bytes = next;
    }
    // Deltas of at most DELTA_ROWS rows, each its own set(): one set() of a whole backlog held the worker
    // (and every message behind it) for as long as the browser took to copy megabytes.
    const pieces: Delta[] = [];
    for (let i = 0; i < rows.length || (i === 0 && removed.length); i += LIMITS.deltaRows) {
      pieces.push({ up: rows.slice(i, i + LIMITS.deltaRows), rm: i === 0 ? removed : [] });
    }
    // With the tab's first write: a restore then never has to look for rows in a previous format.
    const head: Record<string, unknown> = {};
    // The saved panel head goes with the first change after it (in the same set()).
    if (tab.headSaved) head[HEAD_KEY(tabId)] = '';
    if (!tab.manifestSaved) head[MANIFEST_KEY(tabId)] = tab.manifest;
    if (wasTabDirty) head[TAB_KEY(tabId)] = { ...tab.source.tabState(), surfaceKey: tab.surfaceKey, partnerId: tab.partnerId };
    if (!pieces.length) pieces.push({ up: [], rm: [] });
    if (tab.unsaved.size) cursor = null;
    const cursorJson = JSON.stringify(cursor);
    for (const [n, piece] of pieces.entries()) {
      const hasDelta = piece.up.length > 0 || piece.rm.length > 0;
      const values: Record<string, unknown> = n === 0 ? { ...head } : {};
      // The cursor goes with the last piece: a stop between two pieces leaves the older cursor.
      if (n === pieces.length - 1 && cursorJson !== tab.savedCursor) values[CURSOR_KEY(tabId)] = cursor;
      let deltaSize = 0;
      if (hasDelta) {
        const packed = JSON.stringify(piece);
        values[DELTA_KEY(tabId, tab.nextSeq)] = packed;
        deltaSize = packed.length;
      }
      try {
        if (Object.keys(values).length) await this.deps.session.set(values);
      } catch (error) {
        // This piece and the ones after it are tried again with the next flush (earlier ones are saved).
        for (const p of pieces.slice(n)) {
          for (const row of p.up) tab.dirty.add(row.id);
          for (const id of p.rm) tab.dirty.add(id);
        }
        for (const id of dirty) if (!sizes.has(id)) tab.dirty.add(id);
        if (n === 0 && wasTabDirty) tab.tabDirty = true;
        throw error;
      }
      if (n === 0 && MANIFEST_KEY(tabId) in values) tab.manifestSaved = true;
      if (n === 0 && HEAD_KEY(tabId) in values) tab.headSaved = false;
      if (CURSOR_KEY(tabId) in values) tab.savedCursor = cursorJson;
      if (!hasDelta) continue;
      tab.nextSeq++;
      tab.deltaBytes += deltaSize;
      for (const id of [...piece.rm, ...piece.up.map((r) => r.id)]) this.saved(tab, id, sizes.get(id)!, befores.get(id));
    }
    for (const id of dirty) {
      if (sizes.has(id) || !tab.source.question(id)) tab.unsaved.delete(id);
      else tab.unsaved.add(id);
    }
    // A previous format's keys: their rows are in a delta now.
    if (tab.cleanup.length && !tab.dirty.size) {
      const keys = tab.cleanup;
      tab.cleanup = [];
      await this.deps.session.remove(keys).catch(() => void tab.cleanup.push(...keys));
    }
    if (tab.nextSeq - tab.manifest.from >= LIMITS.maxDeltas || tab.deltaBytes >= LIMITS.maxDeltaBytes) await this.compactTab(tabId, tab);
  }

  /** A row's change is in storage: its size counts, and its chunk is to be rewritten at the next compaction. */
  private saved(tab: Binding, id: string, size: number, before: number | undefined): void {
    if (size < 0) {
      tab.bytes -= before ?? 0;
      tab.rows.delete(id);
      const index = tab.chunkOf.get(id);
      if (index !== undefined) {
        tab.chunks[index]!.delete(id);
        tab.chunkOf.delete(id);
        tab.staleChunks.add(index);
      }
      return;
    }
    tab.bytes += size - (before ?? 0);
    tab.rows.set(id, size);
    const index = tab.chunkOf.get(id);
    if (index === undefined) this.place(tab, id);
    else tab.staleChunks.add(index);
  }

  /**
   * Rewrites the chunks whose rows changed from the live session, under the next generation's keys; then
   * switches the manifest to them with no deltas; then removes what they replaced. Each step is one call,
   * and a stop between two leaves a manifest whose keys all exist (see the header).
   */
  private async compactTab(tabId: number, tab: Binding): Promise<void> {
    const manifest = tab.manifest;
    const to = tab.nextSeq;
    if (to === manifest.from && !tab.staleChunks.size) return;
    const gen = manifest.gen + 1;
    const stale = [...tab.staleChunks];
    const chunks = [...manifest.chunks];
    const replaced: string[] = [];
    for (const index of stale) {
      const before = chunks[index];
      if (before) replaced.push(before);
      chunks[index] = tab.chunks[index]!.size ? CHUNK_KEY(tabId, gen, index) : null;
    }
    const next: Manifest = { v: 2, gen, chunks, from: to, bytes: Math.round(tab.bytes), garbage: { chunks: replaced, from: manifest.from, to } };
    tab.staleChunks.clear();
    try {
      // One chunk per set(), each read from the live session just before it is written: one set() of
      // every stale chunk held the worker for as long as the browser took to copy them all.
      for (const index of stale) {
        if (!tab.chunks[index]!.size) continue;
        const rows: StoredRow[] = [];
        for (const id of tab.chunks[index]!) {
          const q = tab.source.question(id);
          if (q) rows.push(encodeRow(q));
        }
        await this.deps.session.set({ [CHUNK_KEY(tabId, gen, index)]: JSON.stringify(rows) });
      }
      await this.deps.session.set({ [MANIFEST_KEY(tabId)]: next });
    } catch (error) {
      for (const index of stale) tab.staleChunks.add(index);
      throw error;
    }
    tab.manifest = next;
    tab.manifestSaved = true;
    tab.deltaBytes = 0;
    await this.deps.session.remove([...replaced, ...range(manifest.from, to).map((n) => DELTA_KEY(tabId, n))]).catch(() => undefined);
  }

  private async writeLocal(tabId: number, tab: Binding): Promise<void> {
    if (!tab.local.length) return;
    const changes = tab.local;
    tab.local = [];
    const shared: Partial<SharedLocal> = {};
    try {
      // The local state is in another area: the saved heads of every tab of the scope go first.
      await this.dropHeads((other) => other.scope === tab.scope);
      await this.touch(tab.scope);
      const fields = new Set(changes.map((c) => c.field));
      if (fields.has('starred')) shared.starred = await this.update(tab.scope, 'starred', [] as string[], (v) => applyStarred(v, changes));
      if (fields.has('released')) shared.released = await this.update(tab.scope, 'released', [] as string[], (v) => applyReleased(v, changes));
      if (fields.has('merged')) shared.merged = await this.update(tab.scope, 'merged', {} as Record<string, string[]>, (v) => applyMerged(v, changes));
      const audit = changes.flatMap((c) => (c.field === 'audit' ? c.entries : []));
      // Last: the only change that is not idempotent (a retry after it succeeded would append twice).
      if (audit.length) await this.appendAudit(tab.scope, audit);
    } catch (error) {
      // Adding, removing, ordering and merging again are harmless, so everything is tried again.
      tab.local = [...changes, ...tab.local];
      throw error;
    }
    if (Object.keys(shared).length && this.deps.onLocalMerged) {
      try {
        const [starred, merged, released] = await Promise.all([
          shared.starred ?? this.deps.local.get<string[]>(`${tab.scope}:starred`),
          shared.merged ?? this.deps.local.get<Record<string, string[]>>(`${tab.scope}:merged`),
          shared.released ?? this.deps.local.get<string[]>(`${tab.scope}:released`),
        ]);
        this.deps.onLocalMerged(tab.scope, { starred: starred ?? [], merged: merged ?? {}, released: released ?? [] }, tabId);
      } catch {
        // Only the other tabs' view of this change is late; they read it at their next change.
      }
    }
  }

  /** Empties the saved heads of the tabs that match (before a change the heads do not show). */
  private async dropHeads(which: (tab: Binding) => boolean): Promise<void> {
    const values: Record<string, string> = {};
    const tabs: Binding[] = [];
    for (const [tabId, tab] of this.tabs) if (tab.headSaved && which(tab)) (values[HEAD_KEY(tabId)] = '', tabs.push(tab));
    if (!tabs.length) return;
    await this.deps.session.set(values);
    for (const tab of tabs) tab.headSaved = false;
  }

  /** Before a change every session sees (the banned words): every saved head goes. */
  dropAllHeads(): Promise<void> {
    const dropped = this.chain.then(() => this.dropHeads(() => true));
    this.chain = dropped.catch(() => undefined);
    return dropped;
  }

  /**
   * Saves the tab's panel head, made by `make` from the live session when its turn comes, if everything
   * of the tab is saved then (else the head would show what the saved rows do not have). Never rejects.
   */
  saveHead(tabId: number, make: () => unknown): Promise<void> {
    this.chain = this.chain
      .then(async () => {
        const tab = this.tabs.get(tabId);
        // Saved already (no change since empties it), or not everything saved.
        if (!tab || tab.headSaved || tab.dirty.size || tab.local.length || tab.unsaved.size || tab.failure) return;
        const head = make();
        if (!head) return;
        const values: Record<string, unknown> = { [HEAD_KEY(tabId)]: JSON.stringify(head) };
        // The tab's record as the head has it, in the same set() (a restored session's is not written yet).
        const wasTabDirty = tab.tabDirty;
        if (wasTabDirty) values[TAB_KEY(tabId)] = { ...tab.source.tabState(), surfaceKey: tab.surfaceKey, partnerId: tab.partnerId };
        // Marked first: a change made while this is written empties it (its set() comes after this one).
        tab.headSaved = true;
        tab.tabDirty = false;
        try {
          await this.deps.session.set(values);
        } catch (error) {
          tab.headSaved = false;
          tab.tabDirty ||= wasTabDirty;
          throw error;
        }
      })
      .catch(() => undefined);
    return this.chain;
  }

  /** The saved panel head in a tab's small keys (see loadHeads), or null. */
  savedHeadOf<T>(tabId: number, head: TabHead): T | null {
    const value = head[HEAD_KEY(tabId)];
    if (typeof value !== 'string' || !value) return null;
    try {
      return JSON.parse(value) as T;
    } catch {
      return null;
    }
  }

  /** Read-modify-write of one field: the change is applied to what is stored, written only if it differs. */
  private async update<T>(scope: string, field: string, empty: T, apply: (value: T) => T): Promise<T> {
    const key = `${scope}:${field}`;
    const stored = (await this.deps.local.get<T>(key)) ?? empty;
    const next = apply(stored);
    if (JSON.stringify(next) !== JSON.stringify(stored)) await this.deps.local.set({ [key]: next });
    return next;
  }

  private async appendAudit(scope: string, entries: AuditEntry[]): Promise<void> {
    const headKey = `${scope}:audit`;
    const head = (await this.deps.local.get<{ chunks: number[] }>(headKey)) ?? { chunks: [] };
    const chunks = [...head.chunks];
    let last = chunks.at(-1);
    let current = last === undefined ? [] : ((await this.deps.local.get<AuditEntry[]>(`${headKey}:${last}`)) ?? []);
    const values: Record<string, unknown> = {};
    if (last === undefined) chunks.push((last = 0));
    for (const entry of entries) {
      if (current.length >= LIMITS.auditChunk) {
        values[`${headKey}:${last}`] = current;
        chunks.push((last = last + 1));
        current = [];
      }
      current.push(entry);
    }
    values[`${headKey}:${last}`] = current;
    // Capped: whole chunks of the oldest entries go once the rest holds the limit.
    const dropped: string[] = [];
    while ((chunks.length - 1) * LIMITS.auditChunk >= AUDIT_LIMIT) dropped.push(`${headKey}:${chunks.shift()}`);
    if (chunks.length !== head.chunks.length || chunks[0] !== head.chunks[0]) values[headKey] = { chunks };
    await this.deps.local.set(values);
    if (dropped.length) await this.deps.local.remove(dropped);
  }

  /**
   * The small keys of each tab's saved session (record, manifest, cursor), for many tabs in one read: what a
   * restarted worker reads first, to know which tabs have a session and where their rows are.
   */
  async loadHeads(tabIds: readonly number[]): Promise<Map<number, TabHead>> {
    const all = await this.deps.session.getMany(tabIds.flatMap((id) => [TAB_KEY(id), MANIFEST_KEY(id), CURSOR_KEY(id), HEAD_KEY(id)]));
    const heads = new Map<number, TabHead>();
    for (const id of tabIds) {
      heads.set(id, { [TAB_KEY(id)]: all[TAB_KEY(id)], [MANIFEST_KEY(id)]: all[MANIFEST_KEY(id)], [CURSOR_KEY(id)]: all[CURSOR_KEY(id)], [HEAD_KEY(id)]: all[HEAD_KEY(id)] });
    }
    return heads;
  }

  /** The saved tab's record alone (from its head): which session it holds, before its rows are read. */
  recordOf(tabId: number, head: TabHead): Pick<StoredTab, 'entryId' | 'surfaceKey' | 'partnerId'> | null {
    const record = head[TAB_KEY(tabId)] as StoredTab | undefined;
    return record ? { entryId: record.entryId, surfaceKey: record.surfaceKey, partnerId: record.partnerId ?? null } : null;
  }

  /** The saved tab (record and rows), or null. Reads the previous formats too. `head`: from loadHeads. */
  async loadTab(tabId: number, known?: TabHead): Promise<StoredTab | null> {
    const head = known ?? (await this.loadHeads([tabId])).get(tabId)!;
    const cursor = reportCursorOf(head[CURSOR_KEY(tabId)]);
    const record = head[TAB_KEY(tabId)] as (StoredTab & { questions?: Question[] }) | undefined;
    if (!record) return null;
    const { questions: inRecord, ...rest } = record;
    const manifest = head[MANIFEST_KEY(tabId)] as Manifest | undefined;
    if (manifest?.v === 2) {
      // The chunks LIMITS.readChunks at a time, the first window of deltas with the first of them (small
      // keys, most absent); more windows only while deltas keep coming.
      const window = LIMITS.maxDeltas + 8;
      const deltaKeys = (from: number) => range(from, from + window).map((n) => DELTA_KEY(tabId, n));
      const chunkKeys = manifest.chunks.filter((k): k is string => k !== null);
      // Each piece's rows are decoded as it comes, between the reads: no long task after the last one.
      const byId = new Map<string, Question>();
      const idsOf = new Map<string, string[]>();
      let stored: Record<string, unknown> = {};
      for (let i = 0; i === 0 || i < chunkKeys.length; i += LIMITS.readChunks) {
        const keys = chunkKeys.slice(i, i + LIMITS.readChunks);
        const piece = await this.deps.session.getMany(i === 0 ? [...keys, ...deltaKeys(manifest.from)] : keys);
        if (i === 0) stored = piece;
        for (const key of keys) {
          const ids: string[] = [];
          for (const row of unpack<Array<StoredRow | Question>>(piece[key]) ?? []) {
            byId.set(row.id, decodeRow(row));
            ids.push(row.id);
          }
          idsOf.set(key, ids);
        }
      }
      const chunks = manifest.chunks.map((key) => (key ? (idsOf.get(key) ?? []) : []));
      let deltaBytes = 0;
      let seq = manifest.from;
      for (;;) {
        const value = stored[DELTA_KEY(tabId, seq)];
        if (!value) {
          if (seq - manifest.from > 0 && (seq - manifest.from) % window === 0) {
            stored = await this.deps.session.getMany(deltaKeys(seq));
            if (stored[DELTA_KEY(tabId, seq)]) continue;
          }
          break;
        }
        const delta = unpack<Delta>(value)!;
        deltaBytes += typeof value === 'string' ? value.length : JSON.stringify(value).length;
        for (const row of delta.up) byId.set(row.id, decodeRow(row));
        for (const id of delta.rm) byId.delete(id);
        seq++;
      }
      const questions = [...byId.values()].sort((a, b) => a.createdAt - b.createdAt);
      const hasHead = typeof head[HEAD_KEY(tabId)] === 'string' && head[HEAD_KEY(tabId)] !== '';
      // The session is built from these next, in one long task: a panel that connected during the last
      // read gets its saved head first.
      await nextTask();
      return { ...rest, partnerId: record.partnerId ?? null, questions, layout: { manifest, chunks, deltaBytes, nextSeq: seq }, cursor, hasHead };
    }
    // The previous formats: every question in the tab record, or one key per question. Their rows are
    // saved again (in a delta, then chunks) and their keys removed.
    const all = await this.deps.session.getAll();
    const prefix = ROW_PREFIX(tabId);
    const questions: Question[] = [...(inRecord ?? [])];
    const legacyKeys: string[] = [];
    for (const [key, value] of Object.entries(all)) {
      if (key.startsWith(prefix)) {
        questions.push(value as Question);
        legacyKeys.push(key);
      }
    }
    questions.sort((a, b) => a.createdAt - b.createdAt);
    return {
      ...rest,
      partnerId: record.partnerId ?? null,
      questions,
      ...(questions.length ? { unsavedIds: questions.map((q) => q.id) } : {}),
      ...(legacyKeys.length ? { legacyKeys } : {}),
    };
  }

  /** The moderator's local state of a session; moves the old entry-only key once. */
  async loadLocal(partnerId: number | null, entryId: string): Promise<Partial<QnaLocalState>> {
    const scope = SCOPE(partnerId, entryId);
    void this.collectStale().catch(() => undefined);
    const [starred, merged, released, head] = await Promise.all([
      this.deps.local.get<string[]>(`${scope}:starred`),
      this.deps.local.get<Record<string, string[]>>(`${scope}:merged`),
      this.deps.local.get<string[]>(`${scope}:released`),
      this.deps.local.get<{ chunks: number[] }>(`${scope}:audit`),
    ]);
    if (starred === undefined && merged === undefined && released === undefined && head === undefined) {
      const legacy = await this.deps.local.get<Partial<QnaLocalState>>(LEGACY_LOCAL_KEY(entryId));
      if (!legacy) return {};
      await this.migrate(scope, legacy, LEGACY_LOCAL_KEY(entryId)).catch(() => undefined);
      return { ...legacy, audit: (legacy.audit ?? []).slice(-AUDIT_LIMIT) };
    }
    const chunks = await Promise.all((head?.chunks ?? []).map((n) => this.deps.local.get<AuditEntry[]>(`${scope}:audit:${n}`)));
    return {
      starred: starred ?? [],
      merged: merged ?? {},
      released: released ?? [],
      audit: chunks.flatMap((c) => c ?? []).slice(-AUDIT_LIMIT),
    };
  }

  private async migrate(scope: string, legacy: Partial<QnaLocalState>, legacyKey: string): Promise<void> {
    await this.deps.local.set({
      [`${scope}:starred`]: legacy.starred ?? [],
      [`${scope}:merged`]: legacy.merged ?? {},
      [`${scope}:released`]: legacy.released ?? [],
    });
    if (legacy.audit?.length) await this.appendAudit(scope, legacy.audit.slice(-AUDIT_LIMIT));
    await this.deps.local.remove(legacyKey);
  }

  /** Notes that a scope is in use (once per worker life), so it is not collected as stale. */
  private async touch(scope: string): Promise<void> {
    if (this.indexed.has(scope)) return;
    const index = (await this.deps.local.get<Record<string, number>>(INDEX_KEY)) ?? {};
    index[scope] = this.deps.now();
    await this.deps.local.set({ [INDEX_KEY]: index });
    this.indexed.add(scope);
  }

  /** Removes the local state of sessions not used for a month (once per worker life). */
  async collectStale(): Promise<void> {
    if (this.collected) return;
    this.collected = true;
    const index = (await this.deps.local.get<Record<string, number>>(INDEX_KEY)) ?? {};
    const stale = Object.entries(index).filter(([, at]) => this.deps.now() - at > LIMITS.staleAfterMs).map(([scope]) => scope);
    if (!stale.length) return;
    for (const scope of stale) {
      const head = await this.deps.local.get<{ chunks: number[] }>(`${scope}:audit`);
      await this.deps.local.remove([
        `${scope}:starred`,
        `${scope}:merged`,
        `${scope}:released`,
        `${scope}:audit`,
        ...(head?.chunks ?? []).map((n) => `${scope}:audit:${n}`),
      ]);
      delete index[scope];
    }
    await this.deps.local.set({ [INDEX_KEY]: index });
  }

  /**
   * The tab closed, or a new session replaces its old one: its saved record and rows go, in order with
   * the writes before and after. The rows this worker saved are known; otherwise they are looked up.
   */
  forget(tabId: number): Promise<void> {
    const tab = this.tabs.get(tabId);
    this.tabs.delete(tabId);
    this.chain = this.chain
      .then(async () => {
        // Every closed tab of the browser comes here, most with nothing saved: their record and manifest in
        // one small read. Reading all of storage.session (megabytes with a busy session on another tab) on
        // each closed tab held the browser's storage queue, and a cold restore behind it, for half a second.
        const head = tab ? null : await this.deps.session.getMany([TAB_KEY(tabId), MANIFEST_KEY(tabId)]);
        const manifest = tab?.manifest ?? (head![MANIFEST_KEY(tabId)] as Manifest | undefined);
        const keys = [TAB_KEY(tabId), MANIFEST_KEY(tabId), CURSOR_KEY(tabId), HEAD_KEY(tabId), ...(tab?.cleanup ?? [])];
        if (manifest?.v === 2) {
          keys.push(...manifest.chunks.filter((k): k is string => k !== null));
          keys.push(...range(manifest.from, tab ? tab.nextSeq : manifest.from + LIMITS.maxDeltas * 2).map((n) => DELTA_KEY(tabId, n)));
          if (manifest.garbage) keys.push(...manifest.garbage.chunks, ...range(manifest.garbage.from, manifest.garbage.to).map((n) => DELTA_KEY(tabId, n)));
          // The next generation's chunks, if a stop came in the middle of a compaction.
          keys.push(...Array.from({ length: Math.ceil(LIMITS.rowsPerTab / LIMITS.chunkRows) + 1 }, (_, i) => CHUNK_KEY(tabId, manifest.gen + 1, i)));
        } else if (!tab && head![TAB_KEY(tabId)] !== undefined) {
          // The previous one-key-per-question format (its rows were always saved with the tab's record).
          const prefix = ROW_PREFIX(tabId);
          keys.push(...Object.keys(await this.deps.session.getAll()).filter((k) => k.startsWith(prefix)));
        }
        await this.deps.session.remove(keys);
      })
      // Nothing to show it to: the tab or its old session is gone; storage.session ends with the browser session.
      .catch(() => undefined);
    return this.chain;
  }
}

/** Resolves in a task of its own, after the tasks already waiting (a panel's connect and follow). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** A chunk or delta as stored: a JSON string, or the value itself (an earlier version). */
function unpack<T>(value: unknown): T | undefined {
  return typeof value === 'string' ? (JSON.parse(value) as T) : (value as T | undefined);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

function sizeOf(q: Question): number {
  return JSON.stringify(encodeRow(q)).length + ROW_OVERHEAD;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function applyStarred(stored: string[], changes: readonly LocalChange[]): string[] {
  let out = [...stored];
  for (const c of changes) {
    if (c.field !== 'starred') continue;
    if (c.op === 'add') {
      if (!out.includes(c.id)) out.push(c.id);
    } else if (c.op === 'remove') {
      out = out.filter((id) => id !== c.id);
    } else if (c.op === 'order') {
      // This tab's order first, then stars from another tab it did not know of.
      const mine = c.ids.filter((id) => out.includes(id));
      out = [...mine, ...out.filter((id) => !mine.includes(id))];
    }
  }
  return out;
}

function applyReleased(stored: string[], changes: readonly LocalChange[]): string[] {
  const out = [...stored];
  for (const c of changes) if (c.field === 'released' && !out.includes(c.id)) out.push(c.id);
  return out;
}

function applyMerged(stored: Record<string, string[]>, changes: readonly LocalChange[]): Record<string, string[]> {
  const out = { ...stored };
  for (const c of changes) {
    if (c.field === 'merged') out[c.primaryId] = [...new Set([...(out[c.primaryId] ?? []), ...c.members])];
  }
  return out;
}
