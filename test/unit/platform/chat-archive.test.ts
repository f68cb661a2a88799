// The chat archive in IndexedDB (fake-indexeddb): one row per message of a session, replaced by a later
// save; read back in time order in chunks; deleted per session, and by the retention.
import { beforeEach, describe, expect, it } from 'vitest';
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { chatArchive } from '@/lib/platform/chat-archive';
import { CHAT_ARCHIVE_RETENTION_MS, type ArchivedChatRow } from '@/lib/model/chat/archive';

const DAY = 24 * 60 * 60 * 1000;
const T = 1_764_000_000_000;

beforeEach(() => {
  // A fresh database for each test.
  Object.assign(globalThis, { indexedDB: new IDBFactory() });
});

const row = (s: string, i: number, over: Partial<ArchivedChatRow> = {}): ArchivedChatRow => ({
  s,
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

async function all(a: ReturnType<typeof chatArchive>, s: string, chunk?: number) {
  const out: ArchivedChatRow[] = [];
  let chunks = 0;
  for await (const c of a.read(s, chunk)) {
    chunks++;
    out.push(...c);
  }
  return { rows: out, chunks };
}

describe('chat archive (IndexedDB)', () => {
  it('keeps one row per message: a later save replaces it (its deletion), and a second tab adds no duplicate', async () => {
    const a = chatArchive();
    const info = { s: '1:e1', partnerId: 1, entryId: 'e1' };
    await a.write(info, [row('1:e1', 0), row('1:e1', 1), row('1:e1', 2)], T);
    await a.write(info, [row('1:e1', 1, { deleted: true, deletedBy: 'mod', deletedAt: T + 5000, flagged: true })], T + 1000);
    // Another tab (or the worker after a reload) saves the same messages again.
    const again = chatArchive();
    await again.write(info, [row('1:e1', 0), row('1:e1', 2)], T + 2000);
    const { rows } = await all(a, '1:e1');
    expect(rows.map((r) => r.id)).toEqual(['m0', 'm1', 'm2']);
    expect(rows[1]).toMatchObject({ deleted: true, deletedBy: 'mod', deletedAt: T + 5000, flagged: true });
    expect(await a.status('1:e1')).toEqual({ count: 3, newestAt: T });
  });

  it('reads a session in time order, chunk by chunk, across ties on the time, and only that session', async () => {
    const a = chatArchive();
    // Saved out of order, in two sessions.
    const ids = Array.from({ length: 50 }, (_, i) => i).reverse();
    await a.write({ s: '1:e1', partnerId: 1, entryId: 'e1' }, ids.map((i) => row('1:e1', i)), T);
    await a.write({ s: '1:e2', partnerId: 1, entryId: 'e2' }, [row('1:e2', 99)], T);
    const { rows, chunks } = await all(a, '1:e1', 7);
    expect(chunks).toBe(8);
    const sorted = [...rows].sort((x, y) => x.at - y.at || (x.id < y.id ? -1 : 1));
    expect(rows.map((r) => r.id)).toEqual(sorted.map((r) => r.id));
    expect(new Set(rows.map((r) => r.id)).size).toBe(50);
    expect((await all(a, '1:e2')).rows.map((r) => r.id)).toEqual(['m99']);
    expect(await a.status('1:none')).toEqual({ count: 0, newestAt: null });
  });

  it("deletes one session's log, and the sessions past the retention when asked", async () => {
    const a = chatArchive();
    await a.write({ s: '1:old', partnerId: 1, entryId: 'old' }, [row('1:old', 0)], T - CHAT_ARCHIVE_RETENTION_MS - DAY);
    await a.write({ s: '1:recent', partnerId: 1, entryId: 'recent' }, [row('1:recent', 0)], T - CHAT_ARCHIVE_RETENTION_MS + DAY);
    await a.write({ s: '1:mine', partnerId: 1, entryId: 'mine' }, [row('1:mine', 0), row('1:mine', 1)], T);
    expect(await a.prune(T)).toBe(1);
    expect((await a.status('1:old')).count).toBe(0);
    expect((await a.status('1:recent')).count).toBe(1);
    await a.deleteSession('1:mine');
    expect((await a.status('1:mine')).count).toBe(0);
    expect((await a.status('1:recent')).count).toBe(1);
    expect(await a.prune(T)).toBe(0);
  });

  it('fails a call, never hangs, without IndexedDB (a private window)', async () => {
    Object.assign(globalThis, { indexedDB: undefined });
    const a = chatArchive();
    await expect(a.status('1:e1')).rejects.toThrow(/not available/);
    await expect(a.write({ s: '1:e1', partnerId: 1, entryId: 'e1' }, [row('1:e1', 0)], T)).rejects.toThrow(/not available/);
  });
});
