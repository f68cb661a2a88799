import { describe, expect, it, vi } from 'vitest';
import { chatCapabilitiesOf, chatProfileOf } from '@/lib/cnc/chat-profile';
import { ChatSession, CHAT_UNCONFIRMED, type ChatSurfacePort } from '@/lib/session/chat/chat-session';
import { applyChatPatch, chatMirrorOf, type ChatPatch } from '@/lib/model/chat/session';
import type { ChatMessage } from '@/lib/model/chat/types';
import { chatRecordsOf } from '@/lib/model/report/activity';
import type { ChatBatch } from '@/lib/contracts/chat';
import { memoryArea } from '../memory-area';
import { chatManager } from './chat-manager.fixture';


const caps = chatCapabilitiesOf(chatProfileOf('kep-2026'), 'kep-2026');
const msg = (id: string, text: string, over: Partial<ChatMessage> = {}): ChatMessage => ({
  id,
  author: { id: 'alice', name: 'Alice' },
  text,
  at: 1_000 + Number(id.replace(/\D/g, '') || 0),
  pinned: false,
  deleted: false,
  byModerator: false,
  reactions: {},
  ...over,
});

function setup(capabilities = caps) {
  let now = 10_000;
  let n = 0;
  const performed: string[] = [];
  const patches: ChatPatch[] = [];
  const surface: ChatSurfacePort = {
    capabilities,
    perform: vi.fn(async (action) => void performed.push(action.kind)),
  };
  const session = new ChatSession({ surface, now: () => now, newId: () => `c${++n}`, onPatch: (p) => patches.push(p) }, { entryId: 'e1', me: 'mod' });
  return { session, performed, patches, surface, tick: (ms: number) => (now += ms) };
}

describe('ChatSession', () => {
  it('sends only what changed: a batch read again makes no patch; the mirror applies patches in place', () => {
    const { session, patches } = setup();
    const mirror = chatMirrorOf(session.snapshot());
    session.applyBatch([msg('m1', 'hi'), msg('m2', 'there')], []);
    session.applyBatch([msg('m1', 'hi'), msg('m2', 'there')], null);
    expect(patches).toHaveLength(1);
    session.applyBatch([msg('m2', 'there', { reactions: { '👍': 2 } })], null);
    expect(patches.at(-1)!.upserts).toEqual([msg('m2', 'there', { reactions: { '👍': 2 } })]);
    let m = mirror;
    for (const p of patches) m = applyChatPatch(m, p);
    expect(m.store.list.map((x) => [x.id, x.reactions])).toEqual([['m1', {}], ['m2', { '👍': 2 }]]);
    expect(m.store).toBe(mirror.store);
  });

  it('delete: performed through the widget, done only when the widget shows it deleted; our record keeps what, who and why', async () => {
    const { session, performed, patches } = setup();
    session.applyBatch([msg('m1', 'buy followers at spam.xyz')], []);
    session.act({ kind: 'delete', messageId: 'm1', reason: 'spam' });
    await Promise.resolve();
    expect(performed).toEqual(['delete']);
    expect(session.snapshot().meta.commands[0]!.status).toEqual({ state: 'sending', attempt: 1 });
    session.applyBatch([msg('m1', 'buy followers at spam.xyz', { deleted: true })], null);
    const meta = session.snapshot().meta;
    expect(meta.commands).toEqual([]);
    expect(meta.deletions.m1).toMatchObject({ by: 'mod', reason: 'spam', how: 'moderator' });
    expect(meta.flags.m1).toBeUndefined();
    expect(meta.audit.at(-1)).toMatchObject({ action: 'delete', outcome: 'done', messageId: 'm1', message: { author: 'Alice', text: 'buy followers at spam.xyz' } });
    expect(patches.some((p) => p.commandsRemoved?.length)).toBe(true);
    // Still in our record (the moderator view keeps it, marked).
    expect(session.message('m1')?.deleted).toBe(true);
  });

  it('a flagged message deleted (by us or elsewhere) still counts as flagged in the session report', async () => {
    const { session, patches } = setup();
    let mirror = chatMirrorOf(session.snapshot());
    session.applyBatch([msg('m1', 'buy followers at spam.xyz'), msg('m2', 'free tickets at www.spam.xyz'), msg('m3', 'hello')], []);
    expect(Object.keys(session.snapshot().meta.flags).sort()).toEqual(['m1', 'm2']);
    session.act({ kind: 'delete', messageId: 'm1', reason: 'spam' });
    await Promise.resolve();
    // m1 deleted from this panel, m2 by another moderator: neither waits for a look any more.
    session.applyBatch([msg('m1', 'buy followers at spam.xyz', { deleted: true }), msg('m2', 'free tickets at www.spam.xyz', { deleted: true })], null);
    expect(session.snapshot().meta.flags).toEqual({});
    for (const p of patches) mirror = applyChatPatch(mirror, p);
    const records = chatRecordsOf(mirror);
    expect(records.map((r) => [r.text, r.flagged, r.deleted])).toEqual([
      ['buy followers at spam.xyz', true, true],
      ['free tickets at www.spam.xyz', true, true],
      ['hello', false, false],
    ]);
    expect(records[0]!.deletedBy).toBe('mod');
  });

  it('what the widget cannot do is refused with the reason; a post not confirmed is reported, never posted twice', async () => {
    const noPin = { ...caps, pin: false, absent: { pin: 'The widget has no pin control.' } };
    const { session, performed, tick } = setup(noPin);
    session.applyBatch([msg('m1', 'hi')], []);
    session.act({ kind: 'pin', messageId: 'm1' });
    expect(session.snapshot().meta.commands[0]!.status).toEqual({ state: 'failed', message: 'The widget has no pin control.' });
    session.act({ kind: 'post', text: 'Welcome!' });
    expect(performed).toEqual(['post']);
    tick(5_000);
    session.settle();
    expect(performed).toEqual(['post']);
    expect(session.snapshot().meta.commands.at(-1)!.status).toEqual({ state: 'failed', message: CHAT_UNCONFIRMED });
  });

  it('a post is confirmed by a new message with its text from this moderator; block by the blocked list', () => {
    const { session } = setup();
    session.applyBatch([msg('m1', 'Welcome!', { author: { id: 'mod', name: 'Mod' }, byModerator: true })], []);
    session.act({ kind: 'post', text: 'Welcome!' });
    expect(session.snapshot().meta.commands).toHaveLength(1); // an older identical post does not confirm it
    session.applyBatch([msg('m9', 'Welcome!', { author: { id: 'mod', name: 'Mod' }, byModerator: true, at: 10_001 })], null);
    expect(session.snapshot().meta.commands).toHaveLength(0);
    session.act({ kind: 'block', userId: 'alice', reason: 'spam' });
    expect(session.snapshot().meta.commands).toHaveLength(1);
    session.applyBatch([], [{ userId: 'alice', name: 'Alice', reason: 'spam' }]);
    expect(session.snapshot().meta.commands).toHaveLength(0);
    expect(session.snapshot().meta.blocked).toEqual([{ userId: 'alice', name: 'Alice', reason: 'spam' }]);
  });

  it('the flagged count and oldest (the badge) stay right through arrivals, deletions and keeps, asked after every change', () => {
    const { session } = setup();
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 16_807) % 2_147_483_647), seed % n);
    const at = new Map<string, number>();
    for (let step = 0; step < 400; step++) {
      const kind = rand(10);
      const ids = [...at.keys()];
      if (kind < 6 || !ids.length) {
        const id = `r${step}`;
        const time = 5_000 + rand(3_000); // not in order: a late message can be the oldest
        at.set(id, time);
        session.applyBatch([msg(id, rand(2) ? `spam at www.site${step}.com` : `fine ${step}`, { at: time, author: { id: `p${step}`, name: 'P' } })], null);
      } else if (kind < 8) {
        const id = ids[rand(ids.length)]!;
        session.applyBatch([msg(id, 'gone', { at: at.get(id)!, deleted: true, author: { id: 'x', name: 'X' } })], null);
      } else {
        session.actLocally({ kind: 'keep', messageId: ids[rand(ids.length)]! });
      }
      const flags = Object.keys(session.snapshot().meta.flags);
      const times = flags.map((id) => at.get(id)!);
      expect(session.flaggedSummary()).toEqual({ count: flags.length, oldestAt: times.length ? Math.min(...times) : null });
    }
  });

  it('flags new messages by the rules; keep clears the flag; auto-delete only for a rule it is on for, and audited', () => {
    const { session, performed } = setup();
    session.applyBatch([msg('m1', 'see www.spam.xyz'), msg('m2', 'HELLO EVERYBODY OUT THERE')], []);
    expect(Object.keys(session.snapshot().meta.flags)).toEqual(['m1', 'm2']);
    expect(session.flaggedSummary()).toEqual({ count: 2, oldestAt: 1_001 });
    expect(performed).toEqual([]);
    session.actLocally({ kind: 'keep', messageId: 'm2' });
    expect(Object.keys(session.snapshot().meta.flags)).toEqual(['m1']);
    session.actLocally({ kind: 'set-rules', rules: { ...session.flagRules, autoDelete: { links: true } } });
    session.applyBatch([msg('m3', 'free stuff at bit.ly now')], null);
    expect(performed).toEqual(['delete']);
    expect(session.snapshot().meta.audit.map((a) => a.action)).toEqual(['keep', 'set-rules', 'auto-delete']);
    session.applyBatch([msg('m3', 'free stuff at bit.ly now', { deleted: true })], null);
    expect(session.snapshot().meta.deletions.m3).toMatchObject({ how: 'auto', reason: expect.stringMatching(/^Auto-delete: Links/) });
  });
});

describe('ChatManager', () => {
  it('survives a worker restart: messages, flags, deletions and the audit come back from storage', async () => {
    const session = memoryArea();
    const local = memoryArea();
    const timers: Array<() => void> = [];
    const make = () => chatManager(session, local, { partnerOf: async () => 1234567, setTimeout: (fn) => timers.push(fn) });
    const first = make();
    const batch = (messages: ChatMessage[], blocked: ChatBatch['blocked'] = null): ChatBatch => ({ entryId: 'e1', profileId: 'kep-2026', messages, blocked, unreadable: 0, live: true, me: 'mod' });
    await first.onBatch(7, batch([msg('m1', 'hello'), msg('m2', 'CHECK WWW.SPAM.XYZ NOW')], []));
    await first.act(7, { kind: 'delete', messageId: 'm1', reason: 'off topic' });
    await first.onBatch(7, batch([msg('m1', 'hello', { deleted: true })]));
    await first.flushSaves();
    expect([...session.data.keys()].filter((k) => k.startsWith('chat:7:m:'))).toHaveLength(2);
    // A new worker: nothing in memory.
    const second = make();
    const snap = (await second.snapshotReader(7))()!;
    expect(snap.messages.map((m) => [m.id, m.deleted])).toEqual([['m1', true], ['m2', false]]);
    expect(Object.keys(snap.meta.flags)).toEqual(['m2']);
    expect(snap.meta.deletions.m1).toMatchObject({ reason: 'off topic', by: 'mod' });
    expect(snap.meta.audit.map((a) => a.action)).toEqual(['delete']);
    expect(await second.records(7)).toMatchObject({ messages: 2, senders: 1, flagged: 1, deleted: 1 });
    await second.forget(7);
    expect([...session.data.keys()].filter((k) => k.startsWith('chat:7'))).toEqual([]);
  });
});
