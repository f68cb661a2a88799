// The chat archive as the worker writes it (ChatRepository, with each save) and the report reads it: the chat
// CSV holds the whole session although the worker's memory cap let most of it go, and a failed archive write
// is the session's storage problem (the chat view shows it) until a save succeeds.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatSession } from '@/lib/session/chat/chat-session';
import { ChatRepository } from '@/lib/session/chat/repository';
import { chatArchive, type ChatArchiveWriter } from '@/lib/platform/chat-archive';
import { chatArchiveKey, mergedChatLog, type ArchivedChatRow } from '@/lib/model/chat/archive';
import { chatRecordsOf } from '@/lib/model/report/activity';
import { chatCsv, chatCsvRows } from '@/lib/model/report/csv';
import type { ChatMessage } from '@/lib/model/chat/types';
import { chatMirrorOf } from '@/lib/model/chat/session';
import { memoryArea } from '../memory-area';
import { chatManager, kepChatCaps, streamMessage } from './chat-manager.fixture';

const T = 1_764_000_000_000;
// The newest 30 are held whatever the cap (the widget's re-reports of a deletion, a batch later, find theirs:
// the worker's keepNewest is 1,000 for this).
const limits = { messagesPerTab: 100, evictTo: 80, keepNewest: 30 };

beforeEach(() => {
  Object.assign(globalThis, { indexedDB: new IDBFactory() });
});

/** Message i: one of 37 senders, a second apart; every 7th has a link (flagged by the default rules); every 13th a formula. */
const msg = (i: number, over: Partial<ChatMessage> = {}): ChatMessage => streamMessage(T, i, over, true);

function tab(tabId: number, archive: ChatArchiveWriter | undefined, memoryLimits?: typeof limits) {
  const problems: (string | null)[] = [];
  const repo = new ChatRepository({ session: memoryArea(), local: memoryArea(), archive, now: () => T, // As the manager wires it: the chat view shows the session's storage problem.
    onProblem: (_t, p) => {
      problems.push(p);
      s.setStorageProblem(p);
    },
  });
  const s: ChatSession = new ChatSession(
    { surface: { capabilities: kepChatCaps, perform: async () => undefined }, now: () => T, newId: () => 'c', onPatch: () => undefined, persist: (c) => repo.record(tabId, c), ...(memoryLimits ? { memoryLimits } : {}) },
    { entryId: 'e1', me: 'mod' },
  );
  repo.attach(tabId, 'kep-2026', 1234, 'e1', s);
  return { s, repo, problems };
}

/** Messages in batches of 12, saved every `saveEvery` batches; every 11th deleted elsewhere a batch later; some flagged ones kept. */
async function stream(t: ReturnType<typeof tab>, count: number, saveEvery: number) {
  let batches = 0;
  for (let b = 0; b < count; b += 12) {
    const batch = Array.from({ length: Math.min(12, count - b) }, (_, k) => msg(b + k));
    const again = b >= 12 ? Array.from({ length: 12 }, (_, k) => b - 12 + k).filter((i) => i % 11 === 0).map((i) => msg(i, { deleted: true })) : [];
    t.s.applyBatch([...batch, ...again], null);
    for (const m of batch) if (m.id.endsWith('4') && t.s.snapshot().meta.flags[m.id]) t.s.actLocally({ kind: 'keep', messageId: m.id });
    if (++batches % saveEvery === 0) await t.repo.flush();
  }
  await t.repo.flush();
}

/** The report's chat CSV: the archive merged with what the panel holds (components/report/ChatLog.tsx). */
async function csvFromArchive(s: ChatSession, archive = chatArchive()): Promise<string> {
  let text = chatCsv([]); // the header line
  for await (const chunk of mergedChatLog(archive.read(chatArchiveKey(1234, 'e1')), chatRecordsOf(chatMirrorOf(s.snapshot())))) text += chatCsvRows(chunk);
  return text;
}

describe('chat archive: the CSV holds the whole session', () => {
  it('a capped worker (100 held of 600) gives the same chat CSV as one that held all 600: deletions, flags, keeps and all', async () => {
    const capped = tab(7, chatArchive(), limits);
    await stream(capped, 600, 1);
    expect(capped.s.snapshot().messages.length).toBeLessThanOrEqual(100);
    const full = tab(8, undefined);
    await stream(full, 600, 1);
    const whole = chatCsv(chatRecordsOf(chatMirrorOf(full.s.snapshot())));
    expect(whole.split('\r\n')).toHaveLength(602); // header, 600 rows, the last line break
    const got = await csvFromArchive(capped.s);
    expect(got).toBe(whole);
    expect(capped.problems.filter(Boolean)).toEqual([]);
  });

  it('archives a message the cap lets go before its save, and a second tab on the same event adds no row', async () => {
    // The newest 10 only are sure to be held: two of each batch of 12 go in the batch that brought them.
    const capped = tab(7, chatArchive(), { ...limits, keepNewest: 10 });
    await stream(capped, 600, 50); // one save at the end: 500 of them were let go before it
    const other = tab(9, chatArchive());
    await stream(other, 300, 5);
    const rows = (await csvFromArchive(capped.s)).trim().split('\r\n').slice(1);
    expect(rows).toHaveLength(600);
    expect(new Set(rows.map((r) => r.split(',')[0])).size).toBe(600); // each message once (their times differ)
    // Its figures: rows written (the other tab's 300 again, and messages written again with a deletion or a
    // flag, count again), the newest message's time.
    expect((await chatArchive().status(chatArchiveKey(1234, 'e1'))).newestAt).toBe(T + 599_000);
    expect((await chatArchive().status(chatArchiveKey(1234, 'e1'))).count).toBeGreaterThanOrEqual(900);
  });

  it("a failed archive write is the session's storage problem until a save succeeds, and its rows are written then", async () => {
    const written: string[] = [];
    let fail = true;
    const archive: ChatArchiveWriter = {
      write: vi.fn(async (_s: unknown, rows: readonly ArchivedChatRow[]) => {
        if (fail) throw new Error('QuotaExceededError');
        written.push(...rows.map((r) => r.id));
      }),
      prune: async () => 0,
    };
    const t = tab(7, archive);
    t.s.applyBatch([msg(1), msg(2)], null);
    await t.repo.flush();
    expect(t.s.snapshot().meta.problem).toMatch(/Could not save this session's chat log on this computer \(.*QuotaExceededError\)/);
    expect(t.repo.hasWork()).toBe(true);
    fail = false;
    t.s.applyBatch([msg(3)], null);
    await t.repo.flush();
    expect(written.sort()).toEqual(['m1', 'm2', 'm3']);
    expect(t.s.snapshot().meta.problem).toBeNull();
    expect(t.problems).toEqual([expect.stringMatching(/chat log/), null]);
  });

  it('a write that fails while the cap lets its messages go loses none of them: the next save writes them', async () => {
    const written = new Map<string, ArchivedChatRow>();
    let release: (() => void) | null = null;
    let fail = true;
    const archive: ChatArchiveWriter = {
      write: async (_s, rows) => {
        if (fail) {
          await new Promise<void>((r) => (release = r));
          fail = false;
          throw new Error('disk busy');
        }
        for (const r of rows) written.set(r.id, r);
      },
      prune: async () => 0,
    };
    const t = tab(7, archive, { messagesPerTab: 20, evictTo: 15, keepNewest: 5 });
    t.s.applyBatch(Array.from({ length: 10 }, (_, i) => msg(i)), null);
    const first = t.repo.flush();
    await vi.waitFor(() => expect(release).not.toBeNull());
    // While that write is out, 20 more come and the cap lets the first ten go.
    t.s.applyBatch(Array.from({ length: 20 }, (_, i) => msg(10 + i)), null);
    expect(t.s.snapshot().messages.some((m) => m.id === 'm1')).toBe(false);
    release!();
    await first;
    await t.repo.flush();
    expect([...written.keys()].sort()).toEqual(Array.from({ length: 30 }, (_, i) => `m${i}`).sort());
  });

  it('a message deleted in the widget after the cap let it go is deleted in the log too', async () => {
    const t = tab(7, chatArchive(), { messagesPerTab: 20, evictTo: 15, keepNewest: 5 });
    t.s.applyBatch(Array.from({ length: 10 }, (_, i) => msg(i)), null);
    await t.repo.flush();
    t.s.applyBatch(Array.from({ length: 20 }, (_, i) => msg(10 + i)), null);
    expect(t.s.snapshot().messages.some((m) => m.id === 'm2')).toBe(false);
    // The widget still shows m2 and reports it deleted.
    t.s.applyBatch([msg(2, { deleted: true })], null);
    await t.repo.flush();
    expect(t.s.tallyNow().deleted).toBe(1);
    const rows: ArchivedChatRow[] = [];
    for await (const chunk of chatArchive().read(chatArchiveKey(1234, 'e1'))) rows.push(...chunk);
    expect(rows.find((r) => r.id === 'm2')?.deleted).toBe(true);
    expect(rows).toHaveLength(30);
  });

  it('a browser that gives no IndexedDB (Firefox never remembering history): said once and for good, nothing held for retries', async () => {
    const unavailable = Object.assign(new Error('IndexedDB refused: InvalidStateError'), { name: 'ChatArchiveUnavailable' });
    const write = vi.fn(async () => {
      throw unavailable;
    });
    const t = tab(7, { write, prune: async () => 0 });
    t.s.applyBatch([msg(1), msg(2)], null);
    await t.repo.flush();
    t.s.applyBatch([msg(3)], null);
    await t.repo.flush();
    expect(write).toHaveBeenCalledTimes(1);
    expect(t.repo.hasWork()).toBe(false);
    expect(t.s.snapshot().meta.problem).toMatch(/This browser keeps no chat log on this computer \(IndexedDB refused: InvalidStateError\): the report's chat CSV holds only the messages the panel holds/);
  });

  it("tells the panels where the session's log is: the key the worker writes under (its partner as it knew it)", async () => {
    const snapshots: { meta: { archiveKey?: string } }[] = [];
    const write = vi.fn(async () => undefined);
    const manager = chatManager(memoryArea(), memoryArea(), { archive: { write, prune: async () => 0 }, partnerOf: async () => null, onSnapshot: (_t, snap) => snapshots.push(snap) });
    await manager.onBatch(3, { entryId: 'e9', profileId: 'kep-2026', messages: [msg(1)], blocked: null, unreadable: 0, live: true, me: null });
    await manager.flushSaves();
    expect(snapshots.at(-1)!.meta.archiveKey).toBe('0:e9');
    expect(write).toHaveBeenCalledWith(expect.objectContaining({ s: '0:e9' }), [expect.objectContaining({ id: 'm1', text: 'hello 1' })], expect.any(Number));
    // Without an archive the panels are told of none (their CSV holds what they hold).
    const none: { meta: { archiveKey?: string } }[] = [];
    const plain = chatManager(memoryArea(), memoryArea(), { onSnapshot: (_t, snap) => none.push(snap) });
    await plain.onBatch(3, { entryId: 'e9', profileId: 'kep-2026', messages: [msg(1)], blocked: null, unreadable: 0, live: true, me: null });
    expect(none.at(-1)!.meta.archiveKey).toBeUndefined();
  });
});
