// The chat archive's IndexedDB access (through `idb`), and nothing else: the rows and rules are in
// lib/model/chat/archive.ts. The worker writes (lib/session/chat/repository.ts, one transaction per save);
// the report reads and deletes from the panel (same extension origin, so the same database in Chrome's side
// panel and Firefox's sidebar). IndexedDB is on disk: rows hold the CSV's columns only, never a KS.
//
// Database `cnc-chat-archive`, append-only:
//   `chunks`    key [s, t, w, n] (session, save time, writer, its count): one value per save, the JSON text of
//               the rows it wrote (a message's latest state; a message changed later is written again in a
//               later chunk, and the reader keeps its last version at its first place: dedupedChatLog). A
//               record per message (a put each: clone, IPC, a second B-tree write for a time index) cost the
//               worker 33 ms more CPU per 1,000 messages at 200 messages/s and the browser's other threads
//               (the IndexedDB backend) 60 ms more; one string per save costs 6 and 5 (page-overhead A/B,
//               2 pairs each).
//   `sessions`  key s: { s, partnerId, entryId, first, last, rows, newestAt }: the retention deletes a
//               session whose `last` save is older than CHAT_ARCHIVE_RETENTION_MS; `rows` and `newestAt` are
//               the report's figures before it reads the log.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { archiveSiblings, dedupedChatLog, expiredSessions, type ArchivedChatRow, type ArchivedChatSession } from '../model/chat/archive';

type ChunkKey = [string, number, string, number];

interface ArchiveSchema extends DBSchema {
  chunks: { key: ChunkKey; value: string };
  sessions: { key: string; value: ArchivedChatSession };
}

export const CHAT_ARCHIVE_DB = 'cnc-chat-archive';

/** What the worker needs: one write per save. */
export interface ChatArchiveWriter {
  write(session: { s: string; partnerId: number | null; entryId: string }, rows: readonly ArchivedChatRow[], now: number): Promise<void>;
  /** Deletes the sessions older than the retention; resolves to how many went. */
  prune(now: number): Promise<number>;
}

/**
 * What the report needs: the session's figures (rows written, a message written again counting again; the
 * newest message's time), its log (each message once, in the order they came, in chunks), and deleting it.
 */
export interface ChatArchiveReader {
  status(s: string): Promise<{ count: number; newestAt: number | null }>;
  read(s: string): AsyncIterable<ArchivedChatRow[]>;
  /** Deletes the event's log (all its keys: archiveSiblings), leaving a mark that it was deleted at `now`. */
  deleteSession(s: string, now?: number): Promise<void>;
}

export type ChatArchive = ChatArchiveWriter & ChatArchiveReader;

/** Chunks per read: ~20 saves of a busy chat (~4,000 rows, ~800 KB of text), one transaction each. */
const CHUNKS_PER_READ = 20;

const sessionChunks = (s: string) => IDBKeyRange.bound([s], [s, []]);

const reason = (e: unknown) => (e instanceof Error ? e.message || e.name : String(e));

/**
 * No IndexedDB for this extension, for good: none in this context, or the open refused as Firefox refuses it
 * when set to never remember history (InvalidStateError) or by policy (SecurityError). The writer stops; a
 * retry could not mend it (https://github.com/w3c/webextensions/issues/534).
 */
function unavailable(message: string): Error {
  const e = new Error(message);
  e.name = 'ChatArchiveUnavailable';
  return e;
}
const refusedForGood = (e: unknown) => e instanceof DOMException && (e.name === 'InvalidStateError' || e.name === 'SecurityError');

/**
 * Opens the archive's database in this context's IndexedDB (fake-indexeddb's in unit tests) on first use, and
 * again after a failure: a blocked or failed open is a rejected call, never a hang, and the caller says so;
 * another context upgrading it closes ours (`blocking`).
 */
function archiveDb(): () => Promise<IDBPDatabase<ArchiveSchema>> {
  let opening: Promise<IDBPDatabase<ArchiveSchema>> | null = null;
  return () => {
    if (typeof indexedDB === 'undefined') return Promise.reject(unavailable('IndexedDB is not available here'));
    if (opening) return opening;
    let opened: IDBPDatabase<ArchiveSchema> | null = null;
    let settled = false;
    const forget = () => (opening = null);
    opening = new Promise<IDBPDatabase<ArchiveSchema>>((resolve, reject) => {
      const fail = (e: unknown) => {
        settled = true;
        reject(refusedForGood(e) ? unavailable(`IndexedDB refused: ${reason(e)}`) : e);
      };
      openDB<ArchiveSchema>(CHAT_ARCHIVE_DB, 1, {
        upgrade(d) {
          d.createObjectStore('chunks');
          d.createObjectStore('sessions', { keyPath: 's' });
        },
        blocked: () => fail(new Error('another window of the extension holds an older version of it open')),
        blocking: () => {
          forget();
          opened?.close();
        },
        terminated: forget,
      }).then((d) => {
        // Opened after all, once the caller was told it was blocked: not kept open for nobody.
        if (settled) return d.close();
        settled = true;
        resolve((opened = d));
      }, fail);
    });
    opening.catch(forget);
    return opening;
  };
}

const failed = (what: string) => (e: unknown) => {
  throw new Error(`${what}: ${reason(e)}`);
};

/** The worker's side: a write per save, and the retention. (Apart from the reader: the worker bundles less.) */
export function chatArchiveWriter(): ChatArchiveWriter {
  const db = archiveDb();
  // This writer's part of the chunks' keys: two tabs (or workers) saving the same session at the same
  // millisecond write two chunks.
  const w = Math.random().toString(36).slice(2);
  let n = 0;
  return {
    async write(session, rows, now) {
      if (!rows.length) return;
      const d = await db();
      const tx = d.transaction(['chunks', 'sessions'], 'readwrite');
      const sessions = tx.objectStore('sessions');
      const write = async () => {
        const was = await sessions.get(session.s);
        // Deleted by the moderator: nothing from before it comes back (see ArchivedChatSession.clearedAt).
        const cleared = was?.clearedAt;
        const fresh = cleared === undefined ? rows : rows.filter((r) => r.at >= cleared);
        if (!fresh.length) return;
        let newest = -Infinity;
        for (const r of fresh) if (r.at > newest) newest = r.at;
        await Promise.all([
          sessions.put({ ...was, ...session, first: was?.first ?? now, last: now, rows: (was?.rows ?? 0) + fresh.length, newestAt: Math.max(was?.newestAt ?? -Infinity, newest) }),
          tx.objectStore('chunks').put(JSON.stringify(fresh), [session.s, now, w, n++]),
        ]);
      };
      await Promise.all([write(), tx.done]).catch(failed('could not write the chat log'));
    },
    async prune(now) {
      const d = await db();
      const gone = expiredSessions(await d.getAll('sessions'), now);
      if (!gone.length) return 0;
      const tx = d.transaction(['chunks', 'sessions'], 'readwrite');
      for (const s of gone) {
        void tx.objectStore('chunks').delete(sessionChunks(s)).catch(() => undefined);
        void tx.objectStore('sessions').delete(s).catch(() => undefined);
      }
      await tx.done;
      return gone.length;
    },
  };
}

/** The report's side (the panel): the session's figures, its rows, and deleting them. */
export function chatArchiveReader(): ChatArchiveReader {
  const db = archiveDb();
  /** The session's saves in order, each parsed when its turn comes (a few transactions of CHUNKS_PER_READ). */
  async function* chunks(s: string): AsyncGenerator<ArchivedChatRow[]> {
    const d = await db();
    let range = sessionChunks(s);
    for (;;) {
      const tx = d.transaction('chunks');
      const [keys, values] = await Promise.all([tx.store.getAllKeys(range, CHUNKS_PER_READ), tx.store.getAll(range, CHUNKS_PER_READ)]);
      for (const text of values) yield JSON.parse(text) as ArchivedChatRow[];
      if (keys.length < CHUNKS_PER_READ) return;
      range = IDBKeyRange.bound(keys[keys.length - 1]!, [s, []], true);
    }
  }
  /** The event's sessions in the log (archiveSiblings), the earlier first. */
  const siblings = async (d: IDBPDatabase<ArchiveSchema>, s: string) => archiveSiblings(await d.getAll('sessions'), s);
  async function* all(s: string): AsyncGenerator<ArchivedChatRow[]> {
    const d = await db();
    for (const x of await siblings(d, s)) yield* chunks(x);
  }
  return {
    async status(s) {
      const d = await db();
      let count = 0;
      let newestAt: number | null = null;
      for (const k of await siblings(d, s)) {
        const x = await d.get('sessions', k);
        count += x?.rows ?? 0;
        if (x && Number.isFinite(x.newestAt)) newestAt = Math.max(newestAt ?? -Infinity, x.newestAt!);
      }
      return { count, newestAt };
    },
    read: (s) => dedupedChatLog(() => all(s)),
    async deleteSession(s, now = Date.now()) {
      const d = await db();
      const keys = await siblings(d, s);
      const tx = d.transaction(['chunks', 'sessions'], 'readwrite');
      const entryId = s.slice(s.indexOf(':') + 1);
      const clear = async (k: string) => {
        const was = await tx.objectStore('sessions').get(k);
        await tx.objectStore('chunks').delete(sessionChunks(k));
        // What is left is a mark that it was deleted (a writer still holding rows from before must not
        // bring them back), gone with the retention like any session.
        await tx.objectStore('sessions').put({ s: k, partnerId: was?.partnerId ?? null, entryId: was?.entryId ?? entryId, first: was?.first ?? now, last: now, rows: 0, clearedAt: now });
      };
      await Promise.all([...keys.map(clear), tx.done]).catch(failed('could not delete the chat log'));
    },
  };
}

/** Both sides over one connection (tests). */
export function chatArchive(): ChatArchive {
  return { ...chatArchiveWriter(), ...chatArchiveReader() };
}
