// The chat archive in IndexedDB (fake-indexeddb): one chunk per save, read back as each message once with its
// latest state, across reads of several transactions; deleted per session, and by the retention.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { chatArchive } from '@/lib/platform/chat-archive';
import { CHAT_ARCHIVE_RETENTION_MS, type ArchivedChatRow } from '@/lib/model/chat/archive';

const DAY = 24 * 60 * 60 * 1000;
const T = 1_764_000_000_000;

beforeEach(() => {
  // A fresh database for each test.
  Object.assign(globalThis, { indexedDB: new IDBFactory() });
});

const row = (i: number, over: Partial<ArchivedChatRow> = {}): ArchivedChatRow => ({
  id: `m${i}`,
  at: T + Math.floor(i / 3) * 1000, // three messages a second: ties on `at`
  senderId: `u${i % 5}`,
  senderName: `Person ${i % 5}`,
  text: `hello ${i}`,
  flagged: false,
  deleted: false,
  deletedBy: null,
  deletedAt: null,
  ...over,
});

async function all(a: ReturnType<typeof chatArchive>, s: string) {
  const out: ArchivedChatRow[] = [];
  for await (const c of a.read(s)) out.push(...c);
  return out;
}

const info = (entryId: string) => ({ s: `1:${entryId}`, partnerId: 1, entryId });

describe('chat archive (IndexedDB)', () => {
  it("gives each message once with its latest state: a later save's deletion, a second tab's save of the same messages", async () => {
    const a = chatArchive();
    await a.write(info('e1'), [row(0), row(1), row(2)], T);
    await a.write(info('e1'), [row(1, { deleted: true, deletedBy: 'mod', deletedAt: T + 5000, flagged: true })], T + 1000);
    // Another tab (or the worker after a reload) saves the same messages again.
    const again = chatArchive();
    await again.write(info('e1'), [row(0), row(2)], T + 2000);
    const rows = await all(a, '1:e1');
    expect(rows.map((r) => r.id)).toEqual(['m0', 'm1', 'm2']);
    expect(rows[1]).toMatchObject({ deleted: true, deletedBy: 'mod', deletedAt: T + 5000, flagged: true });
    expect(await a.status('1:e1')).toEqual({ count: 6, newestAt: T });
  });

  it('reads a session in the order it was saved, over several transactions, and only that session', async () => {
    const a = chatArchive();
    // 50 saves of 3 (more than a read's 20 chunks), in two sessions.
    for (let k = 0; k < 50; k++) await a.write(info('e1'), [row(3 * k + 2), row(3 * k), row(3 * k + 1)], T + k);
    await a.write(info('e2'), [row(999)], T);
    const rows = await all(a, '1:e1');
    // Each save's rows by time (the three share a second: then by id).
    expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 50 }, (_, k) => [3 * k, 3 * k + 1, 3 * k + 2].map((i) => `m${i}`).sort()).flat());
    expect((await all(a, '1:e2')).map((r) => r.id)).toEqual(['m999']);
    expect(await a.status('1:none')).toEqual({ count: 0, newestAt: null });
  });

  it("deletes one session's log, and the sessions past the retention when asked", async () => {
    const a = chatArchive();
    await a.write(info('old'), [row(0)], T - CHAT_ARCHIVE_RETENTION_MS - DAY);
    await a.write(info('recent'), [row(0)], T - CHAT_ARCHIVE_RETENTION_MS + DAY);
    await a.write(info('mine'), [row(0), row(1)], T);
    expect(await a.prune(T)).toBe(1);
    expect(await all(a, '1:old')).toEqual([]);
    expect((await a.status('1:old')).count).toBe(0);
    expect((await all(a, '1:recent')).length).toBe(1);
    await a.deleteSession('1:mine');
    expect(await all(a, '1:mine')).toEqual([]);
    expect((await a.status('1:mine')).count).toBe(0);
    expect((await all(a, '1:recent')).length).toBe(1);
    expect(await a.prune(T)).toBe(0);
  });

  it('a deleted log stays deleted: a writer that still holds rows from before the deletion does not bring them back, later messages are kept', async () => {
    const a = chatArchive();
    await a.write(info('e1'), [row(0), row(3)], T + 5_000);
    await a.deleteSession('1:e1', T + 10_000);
    // A retried write from before the deletion, an old message deleted since, and a new message.
    await a.write(info('e1'), [row(3), row(6, { deleted: true }), row(60)], T + 30_000);
    expect((await all(a, '1:e1')).map((r) => r.id)).toEqual(['m60']);
    expect((await a.status('1:e1')).count).toBe(1);
  });

  it("reads and deletes the event's log kept before its partner was known (0:entry) with it", async () => {
    const a = chatArchive();
    await a.write({ s: '0:e1', partnerId: null, entryId: 'e1' }, [row(0), row(3)], T);
    await a.write(info('e1'), [row(6), row(9)], T + 1_000);
    await a.write({ s: '0:e2', partnerId: null, entryId: 'e2' }, [row(12)], T);
    expect((await all(a, '1:e1')).map((r) => r.id)).toEqual(['m0', 'm3', 'm6', 'm9']);
    expect((await a.status('1:e1')).count).toBe(4);
    await a.deleteSession('1:e1', T + 2_000);
    expect(await all(a, '1:e1')).toEqual([]);
    expect(await all(a, '0:e1')).toEqual([]);
    expect((await all(a, '0:e2')).map((r) => r.id)).toEqual(['m12']);
  });

  it('fails a call, never hangs, without IndexedDB (a private window)', async () => {
    Object.assign(globalThis, { indexedDB: undefined });
    const a = chatArchive();
    await expect(a.status('1:e1')).rejects.toThrow(/not available/);
    // For good: the worker's writer stops on this (lib/session/chat/repository.ts).
    await expect(a.write(info('e1'), [row(0)], T)).rejects.toMatchObject({ name: 'ChatArchiveUnavailable' });
  });
});
