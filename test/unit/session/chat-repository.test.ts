// A restarted worker restores a tab's chat by reading only that tab's keys (the record, the index, the messages
// it lists), never all of storage.session: with a busy Q&A on another tab that is megabytes, and the browser runs
// an extension's storage calls in order, so every later read of the restarted worker waited behind it.
// A chat saved by an earlier version (no index) still comes back whole, once by prefix, and gets its index.
import { afterEach, describe, expect, it } from 'vitest';
import { CHAT_LIMITS } from '@/lib/session/chat/repository';
import type { ChatBatch } from '@/lib/contracts/chat';
import type { ChatMessage } from '@/lib/model/chat/types';
import { memoryArea, type MemoryArea } from '../memory-area';
import { chatManager } from './chat-manager.fixture';

const msg = (i: number): ChatMessage => ({
  id: `m${i}`,
  author: { id: `a${i}`, name: `Attendee ${i}` },
  text: `message ${i}`,
  at: 1_000 + i,
  pinned: false,
  deleted: false,
  byModerator: false,
  reactions: {},
});
const batch = (messages: ChatMessage[]): ChatBatch => ({ entryId: 'e1', profileId: 'kep-2026', messages, blocked: null, unreadable: 0, live: true, me: 'mod' });

function counting(): MemoryArea & { getAlls: number } {
  const area = memoryArea() as MemoryArea & { getAlls: number };
  area.getAlls = 0;
  const getAll = area.getAll.bind(area);
  area.getAll = () => {
    area.getAlls++;
    return getAll();
  };
  return area;
}

const manager = (session: MemoryArea, local: MemoryArea) => chatManager(session, local);

/** A busy Q&A on another tab: megabytes that are none of the chat's business. */
function unrelated(session: MemoryArea): void {
  const big = 'x'.repeat(20_000);
  for (let i = 0; i < 200; i++) session.data.set(`qna:99:c:${i}`, big);
}

async function saved(session: MemoryArea, local: MemoryArea, count: number) {
  const first = manager(session, local);
  await first.onBatch(7, batch(Array.from({ length: count }, (_, i) => msg(i))));
  await first.flushSaves();
}

async function restoredIds(session: MemoryArea, local: MemoryArea): Promise<string[]> {
  const snap = (await manager(session, local).snapshotReader(7))();
  return snap?.messages.map((m) => m.id) ?? [];
}

const chatKeys = (session: MemoryArea) => [...session.data.keys()].filter((k) => k.startsWith('chat:7'));
const limits = { ...CHAT_LIMITS };
afterEach(() => Object.assign(CHAT_LIMITS, limits));

describe('chat restore after a worker restart', () => {
  it('brings back every message without reading all of storage.session', async () => {
    const session = counting();
    const local = counting();
    unrelated(session);
    await saved(session, local, 1_200); // more than two index chunks
    session.getAlls = 0;
    session.read = 0;
    expect(await restoredIds(session, local)).toEqual(Array.from({ length: 1_200 }, (_, i) => `m${i}`));
    expect(session.getAlls).toBe(0);
    // The record, the index's head and chunks, the messages: nothing of the Q&A beside it.
    expect(session.read).toBeLessThanOrEqual(chatKeys(session).length);
  });

  it('restores exactly what is left after the oldest were evicted over the cap', async () => {
    Object.assign(CHAT_LIMITS, { rowsPerTab: 600, indexChunk: 100, keepNewest: 50 });
    const session = counting();
    const local = counting();
    const first = manager(session, local);
    await first.onBatch(7, batch(Array.from({ length: 500 }, (_, i) => msg(i))));
    await first.flushSaves();
    await first.onBatch(7, batch(Array.from({ length: 400 }, (_, i) => msg(500 + i))));
    await first.flushSaves();
    session.getAlls = 0;
    expect(await restoredIds(session, local)).toEqual(Array.from({ length: 600 }, (_, i) => `m${300 + i}`));
    expect(session.getAlls).toBe(0);
    // Emptied index chunks went with the evicted messages.
    expect(chatKeys(session).filter((k) => k.startsWith('chat:7:ix:'))).toHaveLength(6);
  });

  it('holds the cap in a flood that flags most messages: plain ones go first, flagged ones when nothing else is left', async () => {
    Object.assign(CHAT_LIMITS, { rowsPerTab: 600, indexChunk: 100, keepNewest: 50 });
    const session = counting();
    const local = counting();
    const first = manager(session, local);
    // 300 plain, then 300 with a link (flagged by the default rules), then 400 more with links.
    const link = (i: number) => ({ ...msg(i), text: `see spam${i}.example.com now` });
    await first.onBatch(7, batch(Array.from({ length: 300 }, (_, i) => msg(i))));
    await first.onBatch(7, batch(Array.from({ length: 300 }, (_, i) => link(300 + i))));
    await first.flushSaves();
    await first.onBatch(7, batch(Array.from({ length: 400 }, (_, i) => link(600 + i))));
    await first.flushSaves();
    const rows = () => chatKeys(session).filter((k) => /^chat:7:m:/.test(k)).length;
    expect(rows()).toBe(600);
    // The 300 plain went first, then the oldest 100 flagged: the newest 600 are left.
    expect(await restoredIds(session, local)).toEqual(Array.from({ length: 600 }, (_, i) => `m${400 + i}`));
  });

  it('never evicts the newest rows: after a restart the messages the widget still shows are not counted twice', async () => {
    Object.assign(CHAT_LIMITS, { rowsPerTab: 600, indexChunk: 100, keepNewest: 50 });
    const session = counting();
    const local = counting();
    const first = manager(session, local);
    const link = (i: number) => ({ ...msg(i), text: `see spam${i}.example.com now` });
    // 580 flagged, then 20 plain: the newest rows saved are plain.
    await first.onBatch(7, batch([...Array.from({ length: 580 }, (_, i) => link(i)), ...Array.from({ length: 20 }, (_, i) => msg(580 + i))]));
    await first.flushSaves();
    // 100 more flagged: 100 rows must go. Plain ones go first, but not the newest.
    await first.onBatch(7, batch(Array.from({ length: 100 }, (_, i) => link(600 + i))));
    await first.flushSaves();
    expect((await first.snapshotReader(7))()?.meta.tally?.messages).toBe(700);
    // A restarted worker; the widget sends the latest 200 messages it shows again.
    const again = manager(session, local);
    await again.onBatch(7, batch(Array.from({ length: 200 }, (_, i) => (500 + i < 580 || 500 + i >= 600 ? link(500 + i) : msg(500 + i)))));
    await again.flushSaves();
    const snap = (await again.snapshotReader(7))();
    expect(snap?.meta.tally?.messages, 'no message counted twice').toBe(700);
    expect(snap?.messages.map((m) => m.id)).toContain('m599');
  });

  it('a chat saved without an index (an earlier version) comes back whole, and gets its index', async () => {
    const session = counting();
    const local = counting();
    unrelated(session);
    await saved(session, local, 1_200);
    for (const k of chatKeys(session)) if (k.startsWith('chat:7:ix')) session.data.delete(k);
    expect(await restoredIds(session, local)).toHaveLength(1_200);
    // The restored session's first save writes the index: the next restart needs no read of everything.
    const restored = manager(session, local);
    expect(((await restored.snapshotReader(7))())?.messages).toHaveLength(1_200);
    await restored.flushSaves();
    session.getAlls = 0;
    expect(await restoredIds(session, local)).toEqual(Array.from({ length: 1_200 }, (_, i) => `m${i}`));
    expect(session.getAlls).toBe(0);
  });

  it('saves each message row and index chunk as one JSON string (the browser takes a string in one piece)', async () => {
    const session = counting();
    const local = counting();
    await saved(session, local, 250);
    const rows = chatKeys(session).filter((k) => k.startsWith('chat:7:m:') || k.startsWith('chat:7:ix:'));
    expect(rows).toHaveLength(250 + 3);
    for (const k of rows) expect(typeof session.data.get(k), k).toBe('string');
  });

  it('a chat saved with its rows and index chunks as objects (an earlier version) comes back whole, flags too, and saves on', async () => {
    const session = counting();
    const local = counting();
    const first = manager(session, local);
    // A link: flagged by the default rules.
    await first.onBatch(7, batch([...Array.from({ length: 150 }, (_, i) => msg(i)), { ...msg(150), text: 'see http://spam.example.com' }]));
    await first.flushSaves();
    for (const k of chatKeys(session)) {
      if (k.startsWith('chat:7:m:') || k.startsWith('chat:7:ix:')) session.data.set(k, JSON.parse(session.data.get(k) as string));
    }
    const again = manager(session, local);
    const snap = (await again.snapshotReader(7))()!;
    expect(snap.messages.map((m) => m.id)).toEqual(Array.from({ length: 151 }, (_, i) => `m${i}`));
    expect(snap.messages[0]).toEqual(msg(0));
    expect(Object.keys(snap.meta.flags)).toEqual(['m150']);
    await again.onBatch(7, batch([msg(151)]));
    await again.flushSaves();
    expect(await restoredIds(session, local)).toEqual(Array.from({ length: 152 }, (_, i) => `m${i}`));
    // Forgotten whole, old and new keys alike.
    await manager(session, local).forget(7);
    expect(chatKeys(session)).toEqual([]);
  });

  it('a restarted worker forgets a closed tab whole without reading all of storage.session', async () => {
    const session = counting();
    const local = counting();
    unrelated(session);
    await saved(session, local, 700);
    session.getAlls = 0;
    await manager(session, local).forget(7);
    expect(chatKeys(session)).toEqual([]);
    expect(session.getAlls).toBe(0);
  });
});
