// Where Q&A sessions are saved, and only what changed.
//
// storage.session (survives a stopped worker; 10 MB for the whole extension):
//   `qna:{tab}`          the tab's small record: entry, identity, outbox, staleness, surface key, partner
//   `qna:{tab}:q:{id}`   one question per key. A change rewrites that question only, so the bytes written
//                        per change are the size of what changed whatever the backlog (chunks of 100 would
//                        rewrite ~40 KB for one new vote). Restore reads them with one getAll.
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

export const TAB_KEY = (tabId: number) => `qna:${tabId}`;
const ROW_PREFIX = (tabId: number) => `qna:${tabId}:q:`;
const LEGACY_LOCAL_KEY = (entryId: string) => `qna-local:${entryId}`;
const SCOPE = (partnerId: number | null, entryId: string) => `qna-local:${partnerId ?? 0}:${entryId}`;
const INDEX_KEY = 'qna-local-index';

export const LIMITS = {
  rowsPerTab: 12_000,
  bytesPerTab: 3_500_000,
  auditChunk: 200,
  staleAfterMs: 30 * 24 * 3600_000,
};

export interface StoredTab extends QnaTabState {
  surfaceKey: string;
  partnerId: number | null;
  questions: Question[];
  /** Rows read from the previous one-key format: not saved under their own keys yet. */
  unsavedIds?: string[];
}

/** What the repository reads from a live session at flush time (the latest, not a copy per change). */
export interface SessionSource {
  tabState(): QnaTabState;
  question(id: string): Question | undefined;
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
    for (const q of stored?.questions ?? []) {
      if (legacy.has(q.id)) continue;
      const size = sizeOf(q);
      rows.set(q.id, size);
      bytes += size;
    }
    this.tabs.set(tabId, {
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
    });
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
    const values: Record<string, unknown> = {};
    const removed: string[] = [];
    const sizes = new Map<string, number>();
    let bytes = tab.bytes;
    for (const id of dirty) {
      const q = tab.source.question(id);
      const before = tab.rows.get(id);
      if (!q) {
        if (before !== undefined) {
          removed.push(ROW_PREFIX(tabId) + id);
          sizes.set(id, -1);
          bytes -= before;
        }
        continue;
      }
      const size = sizeOf(q);
      const next = bytes - (before ?? 0) + size;
      if (before === undefined && (tab.rows.size + sizes.size >= LIMITS.rowsPerTab || next > LIMITS.bytesPerTab)) {
        continue;
      }
      values[ROW_PREFIX(tabId) + id] = q;
      sizes.set(id, size);
      bytes = next;
    }
    if (wasTabDirty) values[TAB_KEY(tabId)] = { ...tab.source.tabState(), surfaceKey: tab.surfaceKey, partnerId: tab.partnerId };
    try {
      if (Object.keys(values).length) await this.deps.session.set(values);
      if (removed.length) await this.deps.session.remove(removed);
    } catch (error) {
      for (const id of dirty) tab.dirty.add(id);
      if (wasTabDirty) tab.tabDirty = true;
      throw error;
    }
    for (const [id, size] of sizes) {
      if (size < 0) tab.rows.delete(id);
      else tab.rows.set(id, size);
    }
    tab.bytes = bytes;
    for (const id of dirty) {
      if (sizes.has(id) || !tab.source.question(id)) tab.unsaved.delete(id);
      else tab.unsaved.add(id);
    }
  }

  private async writeLocal(tabId: number, tab: Binding): Promise<void> {
    if (!tab.local.length) return;
    const changes = tab.local;
    tab.local = [];
    const shared: Partial<SharedLocal> = {};
    try {
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

  /** The saved tab (record and rows), or null. Reads the previous one-key format too. */
  async loadTab(tabId: number): Promise<StoredTab | null> {
    const all = await this.deps.session.getAll();
    const record = all[TAB_KEY(tabId)] as (StoredTab & { questions?: Question[] }) | undefined;
    if (!record) return null;
    const prefix = ROW_PREFIX(tabId);
    // The previous format kept every question in the tab record: those rows are saved again, one per key.
    const legacy = record.questions ?? [];
    const questions: Question[] = [...legacy];
    for (const [key, value] of Object.entries(all)) if (key.startsWith(prefix)) questions.push(value as Question);
    questions.sort((a, b) => a.createdAt - b.createdAt);
    const { questions: _inRecord, ...rest } = record;
    return { ...rest, partnerId: record.partnerId ?? null, questions, ...(legacy.length ? { unsavedIds: legacy.map((q) => q.id) } : {}) };
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
    const known = tab ? [...new Set([...tab.rows.keys(), ...tab.dirty, ...tab.unsaved])] : null;
    const prefix = ROW_PREFIX(tabId);
    this.chain = this.chain
      .then(async () => {
        const keys = known
          ? known.map((id) => prefix + id)
          : Object.keys(await this.deps.session.getAll()).filter((k) => k.startsWith(prefix));
        await this.deps.session.remove([TAB_KEY(tabId), ...keys]);
      })
      // Nothing to show it to: the tab or its old session is gone; storage.session ends with the browser session.
      .catch(() => undefined);
    return this.chain;
  }
}

function sizeOf(q: Question): number {
  return JSON.stringify(q).length + 24;
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
