// The worker holds at most a cap of chat messages per tab (lib/model/chat/eviction.ts), and the session's
// counts (lib/model/chat/tally.ts) stay exact past it, across a restart, and in the panel's mirror.
import { describe, expect, it, vi } from 'vitest';
import { ChatSession, type ChatSurfacePort } from '@/lib/session/chat/chat-session';
import { FlaggedPosts } from '@/lib/session/chat/flagged-posts';
import { ChatRepository, CHAT_TALLY_KEY, CHAT_TALLY_SENDERS_KEY, TALLY_SENDERS_EVERY } from '@/lib/session/chat/repository';
import { applyChatPatch, chatMirrorOf, type ChatPatch } from '@/lib/model/chat/session';
import { tallyOf } from '@/lib/model/chat/tally';
import type { ChatMessage } from '@/lib/model/chat/types';
import { buildSessionReport } from '@/lib/model/report/session-report';
import { chatRecordsOf } from '@/lib/model/report/activity';
import { memoryArea } from '../memory-area';
import { kepChatCaps, streamMessage } from './chat-manager.fixture';

const T = 1_764_000_000_000;
const limits = { messagesPerTab: 100, evictTo: 80, keepNewest: 10 };

/** Message i: one of 37 senders, a second apart; every 7th has a link (flagged by the default rules). */
const msg = (i: number, over: Partial<ChatMessage> = {}): ChatMessage => streamMessage(T, i, over);

function session(memoryLimits?: typeof limits, state: ConstructorParameters<typeof ChatSession>[1] = { entryId: 'e1', me: 'mod' }) {
  const patches: ChatPatch[] = [];
  const surface: ChatSurfacePort = { capabilities: kepChatCaps, perform: vi.fn(async () => undefined) };
  let n = 0;
  const s = new ChatSession({ surface, now: () => T, newId: () => `c${++n}`, onPatch: (p) => patches.push(p), ...(memoryLimits ? { memoryLimits } : {}) }, state);
  return { s, patches };
}

/** Messages from..count in batches of 12; every 11th deleted elsewhere a batch later; some flagged ones kept. */
function stream(s: ChatSession, count = 600, from = 0): void {
  for (let b = from; b < count; b += 12) {
    const batch = Array.from({ length: Math.min(12, count - b) }, (_, k) => msg(b + k));
    const again = b >= from + 12 ? Array.from({ length: 12 }, (_, k) => b - 12 + k).filter((i) => i % 11 === 0).map((i) => msg(i, { deleted: true })) : [];
    s.applyBatch([...batch, ...again], null);
    for (const m of batch) if (m.id.endsWith('4') && s.snapshot().meta.flags[m.id]) s.actLocally({ kind: 'keep', messageId: m.id });
  }
}

describe('chat memory cap', () => {
  it('holds at most the cap, and counts exactly what an uncapped session holds: messages, senders, flagged, deleted, minutes', () => {
    const capped = session(limits);
    const full = session();
    stream(capped.s);
    stream(full.s);
    const held = capped.s.snapshot();
    expect(held.messages.length).toBeLessThanOrEqual(limits.messagesPerTab);
    expect(full.s.snapshot().messages).toHaveLength(600);
    const whole = full.s.snapshot();
    const expected = tallyOf(whole.messages, whole.meta.flags, whole.meta.deletions, whole.meta.audit);
    expect(expected.messages).toBe(600);
    expect(expected.flagged).toBeGreaterThan(80);
    expect(expected.deleted).toBe(54);
    expect(capped.s.tallyNow()).toEqual(expected);
    expect(full.s.tallyNow()).toEqual(expected);
    expect(capped.s.records()).toMatchObject({ messages: 600, senders: 37, flagged: expected.flagged, deleted: 54, held: held.messages.length });
  });

  it('lets plain messages go first: every flagged message still waiting is held while plain ones go', () => {
    const { s } = session({ messagesPerTab: 150, evictTo: 120, keepNewest: 10 });
    stream(s);
    const snap = s.snapshot();
    const waiting = Object.keys(snap.meta.flags);
    // 600 messages, a seventh flagged, a few kept: more flagged waiting than the inbox shows (50), so the inbox
    // keeps only some; the cap is met by letting plain (and deleted) ones go.
    expect(waiting.length).toBeGreaterThan(60);
    for (const id of waiting) expect(snap.messages.some((m) => m.id === id)).toBe(true);
    expect(snap.messages.filter((m) => !snap.meta.flags[m.id] && !m.deleted).length).toBeLessThan(limits.messagesPerTab - waiting.length);
  });

  it('never lets go a message a command of the outbox names, nor a flagged one the inbox shows', () => {
    const { s } = session({ messagesPerTab: 20, evictTo: 10, keepNewest: 2 });
    s.applyBatch([msg(1), msg(2)], null);
    s.act({ kind: 'delete', messageId: 'm1', reason: 'spam' });
    s.applyBatch(Array.from({ length: 60 }, (_, i) => msg(100 + i, { text: `see spam${i}.xyz` })), null);
    const ids = new Set(s.snapshot().messages.map((m) => m.id));
    expect(ids.has('m1')).toBe(true);
    expect(ids.has('m2')).toBe(false);
    for (const item of s.flaggedList().items) expect(ids.has(item.id)).toBe(true);
  });

  it('a flood that flags everything: the flagged messages the cap lets go are counted for the inbox, also after a restart', () => {
    const { s } = session({ messagesPerTab: 20, evictTo: 10, keepNewest: 2 });
    // 150 messages, every one flagged (a link each): the cap can only let flagged ones go (never the 50 the
    // inbox shows).
    s.applyBatch(Array.from({ length: 150 }, (_, i) => msg(100 + i, { text: `see spam${i}.xyz` })), null);
    const list = s.flaggedList(5);
    const held = s.snapshot().messages.length;
    expect(held).toBeLessThan(60);
    // Every flagged message is either still in the inbox's total or counted as let go: none vanishes unsaid.
    expect(list.total + (list.letGo ?? 0)).toBe(150);
    expect(list.letGo).toBe(150 - held);
    const posts = new FlaggedPosts();
    posts.message(1, list);
    s.applyBatch([msg(200, { text: 'see spam200.xyz' })], null);
    const next = posts.message(1, s.flaggedList(5));
    expect(next).toMatchObject({ letGo: s.flaggedList(5).letGo });
    const restored = new ChatSession({ surface: { capabilities: kepChatCaps, perform: vi.fn(async () => undefined) }, now: () => T, newId: () => 'r', onPatch: () => undefined }, { ...s.tabState(), messages: s.snapshot().messages });
    expect(restored.flaggedList(5).letGo).toBe(s.flaggedList(5).letGo);
  });

  it("the panel's mirror follows: removed messages leave it, its tally equals the worker's, and a catch-up brings both", () => {
    const { s, patches } = session(limits);
    let mirror = chatMirrorOf(s.snapshot());
    stream(s, 300);
    for (const p of patches) mirror = applyChatPatch(mirror, p);
    const snap = s.snapshot();
    expect(mirror.store.list.map((m) => m.id)).toEqual(snap.messages.map((m) => m.id));
    expect(mirror.meta.tally).toEqual(s.tallyNow());
    expect(Object.keys(mirror.meta.flags).sort()).toEqual(Object.keys(snap.meta.flags).sort());
    // A panel that stopped taking patches early catches up with the removals and the whole tally.
    const early = chatMirrorOf(s.snapshot());
    const mark = s.mark;
    stream(s, 360, 300);
    expect(s.canCatchUp(mark)).toBe(true);
    const catchUp = s.catchUp(mark)!;
    expect(catchUp.removed?.length).toBeGreaterThan(0);
    const caught = applyChatPatch(early, catchUp);
    expect(caught.store.list.map((m) => m.id)).toEqual(s.snapshot().messages.map((m) => m.id));
    expect(caught.meta.tally).toEqual(s.tallyNow());
    // Hidden for longer than the evictions remembered: it takes the snapshot instead.
    stream(s, 1_200, 360);
    expect(s.canCatchUp(mark)).toBe(false);
  });

  it("the report's figures and timeline from the capped session's tally equal those from the full list", () => {
    const capped = session(limits);
    const full = session();
    stream(capped.s);
    stream(full.s);
    const report = (chat: ReturnType<typeof chatRecordsOf>, chatTally: ReturnType<ChatSession['tallyNow']> | null) =>
      buildSessionReport({ questions: [], audit: [], polls: [], chat, chatTally, reactions: null });
    const fromList = report(chatRecordsOf(chatMirrorOf(full.s.snapshot())), null);
    const fromTally = report(chatRecordsOf(chatMirrorOf(capped.s.snapshot())), capped.s.tallyNow());
    expect(fromList.chat).toEqual({ known: true, messages: 600, senders: 37, flagged: capped.s.tallyNow().flagged, deleted: 54 });
    expect(fromTally.chat).toEqual(fromList.chat);
    expect(fromTally.timeline).toEqual(fromList.timeline);
  });

  it("saves the per-sender counts with a new sender's first message, else at most every few saves; the other counts with every save", async () => {
    const area = memoryArea();
    const repo = new ChatRepository({ session: area, local: memoryArea(), onProblem: () => undefined });
    const writes: string[][] = [];
    const set = area.set.bind(area);
    area.set = (values) => (writes.push(Object.keys(values)), set(values));
    const s = new ChatSession({ surface: { capabilities: kepChatCaps, perform: async () => undefined }, now: () => T, newId: () => 'c', onPatch: () => undefined, persist: (c) => repo.record(7, c) }, { entryId: 'e1', me: 'mod' });
    repo.attach(7, 'kep-2026', 1234, 'e1', s);
    const sendersWritten = () => writes.filter((k) => k.includes(CHAT_TALLY_SENDERS_KEY(7))).length;
    // 37 senders in the first 37 messages: each save with a new sender writes them.
    for (let b = 0; b < 36; b += 12) {
      s.applyBatch(Array.from({ length: 12 }, (_, k) => msg(b + k)), null);
      await repo.flush();
    }
    expect(sendersWritten()).toBe(3);
    // Then only known senders: the counts with every save, the senders once in TALLY_SENDERS_EVERY.
    for (let b = 0; b < 2 * TALLY_SENDERS_EVERY; b++) {
      s.applyBatch([msg(1_000 + 37 * b + 1)], null);
      await repo.flush();
    }
    expect(writes.filter((k) => k.includes(CHAT_TALLY_KEY(7))).length).toBe(3 + 2 * TALLY_SENDERS_EVERY);
    expect(sendersWritten()).toBe(3 + 2);
  });

  it('keeps the tally across a restart (saved with the rows), and a record saved without one counts its rows', async () => {
    const area = memoryArea();
    const local = memoryArea();
    const repo = new ChatRepository({ session: area, local, onProblem: () => undefined });
    const first = session(limits);
    first.s = new ChatSession({ surface: { capabilities: kepChatCaps, perform: async () => undefined }, now: () => T, newId: () => 'c', onPatch: () => undefined, persist: (c) => repo.record(7, c), memoryLimits: limits }, { entryId: 'e1', me: 'mod' });
    repo.attach(7, 'kep-2026', 1234, 'e1', first.s);
    stream(first.s);
    await repo.flush();
    const before = first.s.tallyNow();
    // The rows of messages no longer held went from storage too: at most what the worker held.
    const stored = (await new ChatRepository({ session: area, local, onProblem: () => undefined }).loadTab(7))!;
    expect(stored.messages.length).toBeLessThanOrEqual(limits.messagesPerTab);
    const restored = session(limits, { ...stored, me: 'mod' }).s;
    expect(restored.tallyNow()).toEqual(before);
    // A held message reported again is no new message.
    restored.applyBatch([msg(600), msg(599)], null);
    expect(restored.tallyNow().messages).toBe(601);
    // An earlier version saved no tally: the restored rows are counted.
    area.data.delete(CHAT_TALLY_KEY(7));
    const older = (await new ChatRepository({ session: area, local, onProblem: () => undefined }).loadTab(7))!;
    const counted = session(limits, { ...older, me: 'mod' }).s;
    expect(counted.tallyNow()).toEqual(tallyOf(older.messages, older.flags, older.deletions, []));
    expect(counted.tallyNow().messages).toBe(older.messages.length);
  });
});
