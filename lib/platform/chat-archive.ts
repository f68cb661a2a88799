// The chat archive's IndexedDB access (through `idb`), and nothing else: the rows and rules are in
// lib/model/chat/archive.ts. The worker writes (lib/session/chat/repository.ts, one transaction per save);
// the report reads and deletes from the panel (same extension origin, so the same database in Chrome's side
// panel and Firefox's sidebar). IndexedDB is on disk: rows hold the CSV's columns only, never a KS.
//
// Database `cnc-chat-archive`:
//   `messages`  key [s, id] (one row per message of a session: a later save of the same message replaces
//               it, so a reload or a second tab on the same event adds no duplicate); index `time` on
//               [s, at, id]: the session's rows in time order, read in chunks with an exclusive lower bound.
//   `sessions`  key s: { s, partnerId, entryId, first, last }: the retention deletes a session whose `last`
//               save is older than CHAT_ARCHIVE_RETENTION_MS.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { expiredSessions, type ArchivedChatRow, type ArchivedChatSession } from '../model/chat/archive';

interface ArchiveSchema extends DBSchema {
  messages: { key: [string, string]; value: ArchivedChatRow; indexes: { time: [string, number, string] } };
  sessions: { key: string; value: ArchivedChatSession };
}

export const CHAT_ARCHIVE_DB = 'cnc-chat-archive';

/** What the worker needs: one write per save. */
export interface ChatArchiveWriter {
  write(session: { s: string; partnerId: number | null; entryId: string }, rows: readonly ArchivedChatRow[], now: number): Promise<void>;
  /** Deletes the sessions older than the retention; resolves to how many went. */
  prune(now: number): Promise<number>;
}

/** What the report needs: the session's count and newest time, its rows in time order, and deleting them. */
export interface ChatArchiveReader {
  status(s: string): Promise<{ count: number; newestAt: number | null }>;
  read(s: string, chunk?: number): AsyncIterable<ArchivedChatRow[]>;
  deleteSession(s: string): Promise<void>;
}

export type ChatArchive = ChatArchiveWriter & ChatArchiveReader;

/** Rows per read: ~2,000 rows of a busy chat are ~400 KB, one transaction each. */
const READ_CHUNK = 2_000;

const sessionRows = (s: string) => IDBKeyRange.bound([s], [s, []]);
const sessionTimes = (s: string) => IDBKeyRange.bound([s, -Infinity, ''], [s, Infinity, []]);

const reason = (e: unknown) => (e instanceof Error ? e.message || e.name : String(e));

/**
 * Opens the archive's database in this context's IndexedDB (fake-indexeddb's in unit tests) on first use, and
 * again after a failure: a blocked or failed open is a rejected call, never a hang, and the caller says so;
 * another context upgrading it closes ours (`blocking`).
 */
function archiveDb(): () => Promise<IDBPDatabase<ArchiveSchema>> {
  let opening: Promise<IDBPDatabase<ArchiveSchema>> | null = null;
  return () => {
    if (typeof indexedDB === 'undefined') return Promise.reject(new Error('IndexedDB is not available here (a private window?)'));
    if (opening) return opening;
    let opened: IDBPDatabase<ArchiveSchema> | null = null;
    const forget = () => (opening = null);
    opening = new Promise<IDBPDatabase<ArchiveSchema>>((resolve, reject) => {
      openDB<ArchiveSchema>(CHAT_ARCHIVE_DB, 1, {
        upgrade(d) {
          const messages = d.createObjectStore('messages', { keyPath: ['s', 'id'] });
          messages.createIndex('time', ['s', 'at', 'id']);
          d.createObjectStore('sessions', { keyPath: 's' });
        },
        blocked: () => reject(new Error('another window of the extension holds an older version of it open')),
        blocking: () => {
          forget();
          opened?.close();
        },
        terminated: forget,
      }).then((d) => resolve((opened = d)), reject);
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
  return {
    async write(session, rows, now) {
      const d = await db();
      const tx = d.transaction(['messages', 'sessions'], 'readwrite');
      const sessions = tx.objectStore('sessions');
      const messages = tx.objectStore('messages');
      // The requests are queued without awaiting each: the transaction runs them in order and `done` settles
      // once for all (one transaction per save, whatever its size).
      const known = sessions.get(session.s).then((was) => sessions.put({ ...session, first: was?.first ?? now, last: now }));
      for (const row of rows) void messages.put(row).catch(() => undefined);
      await Promise.all([known, tx.done]).catch(failed('could not write the chat log'));
    },
    async prune(now) {
      const d = await db();
      const gone = expiredSessions(await d.getAll('sessions'), now);
      if (!gone.length) return 0;
      const tx = d.transaction(['messages', 'sessions'], 'readwrite');
      for (const s of gone) {
        void tx.objectStore('messages').delete(sessionRows(s)).catch(() => undefined);
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
  return {
    async status(s) {
      const d = await db();
      const index = d.transaction('messages').store.index('time');
      const [count, newest] = await Promise.all([index.count(sessionTimes(s)), index.openCursor(sessionTimes(s), 'prev')]);
      return { count, newestAt: newest?.value.at ?? null };
    },
    async *read(s, chunk = READ_CHUNK) {
      const d = await db();
      let range = sessionTimes(s);
      for (;;) {
        // A transaction per chunk: the worker's saves go on between them.
        const rows = await d.getAllFromIndex('messages', 'time', range, chunk);
        if (rows.length) yield rows;
        if (rows.length < chunk) return;
        const last = rows[rows.length - 1]!;
        range = IDBKeyRange.bound([s, last.at, last.id], [s, Infinity, []], true);
      }
    },
    async deleteSession(s) {
      const d = await db();
      const tx = d.transaction(['messages', 'sessions'], 'readwrite');
      void tx.objectStore('messages').delete(sessionRows(s)).catch(() => undefined);
      void tx.objectStore('sessions').delete(s).catch(() => undefined);
      await tx.done.catch(failed('could not delete the chat log'));
    },
  };
}

/** Both sides over one connection (tests). */
export function chatArchive(): ChatArchive {
  return { ...chatArchiveWriter(), ...chatArchiveReader() };
}
