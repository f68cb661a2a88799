// Flagged chat in the Q&A inbox: the worker keeps the list of a tab's flagged messages (flagged, not deleted,
// not kept; the oldest FLAGGED_LIST_CAP, with the total) and sends it to every panel of the tab, including
// one that does not show the chat (it gets no chat patches).
import { describe, expect, it, vi } from 'vitest';
import { chatCapabilitiesOf, chatProfileOf } from '@/lib/cnc/chat-profile';
import { ChatSession, type ChatSurfacePort } from '@/lib/session/chat/chat-session';
import { FLAGGED_LIST_CAP } from '@/lib/model/chat/flagged-list';
import { FLAGGED_LIST_GAP_MS } from '@/lib/session/chat/manager';
import { FlaggedPosts } from '@/lib/session/chat/flagged-posts';
import { flaggedListOf, type FlaggedChatList } from '@/lib/model/chat/flagged-list';
import { TAB, batch, chatHub, msg } from './chat-hub-fixture';

const caps = chatCapabilitiesOf(chatProfileOf('kep-2026')!, 'kep-2026');
const link = (n: number) => msg(n, `see spam${n}.example.com now`);

function session(capabilities = caps) {
  let n = 0;
  const surface: ChatSurfacePort = { capabilities, perform: vi.fn(async () => undefined) };
  return new ChatSession({ surface, now: () => 50_000, newId: () => `c${++n}`, onPatch: () => undefined }, { entryId: 'e1', me: 'mod' });
}
const ids = (s: ChatSession) => s.flaggedList().items.map((i) => i.id);

describe('the flagged list (worker)', () => {
  it('follows flags: set by a rule, gone when deleted (here or elsewhere) or kept; a delete on its way shows', async () => {
    const s = session();
    s.applyBatch([msg(1, 'hello'), link(2), link(3), link(4)], []);
    expect(ids(s)).toEqual(['m2', 'm3', 'm4']);
    expect(s.flaggedList().items[0]).toMatchObject({ author: { name: 'User 2' }, text: 'see spam2.example.com now', command: null });
    expect(s.flaggedList().items[0]!.flags[0]!.rule).toBe('links');
    expect(s.flaggedList()).toMatchObject({ total: 3, canDelete: true, deleteAbsent: null });

    s.act({ kind: 'delete', messageId: 'm2', reason: 'link' });
    await Promise.resolve();
    expect(s.flaggedList().items[0]!.command).toEqual({ state: 'sending', message: null });
    s.applyBatch([{ ...link(2), deleted: true }], null);
    expect(ids(s)).toEqual(['m3', 'm4']);

    s.actLocally({ kind: 'keep', messageId: 'm3' });
    expect(ids(s)).toEqual(['m4']);
    s.applyBatch([{ ...link(4), deleted: true }], null); // deleted by another moderator
    expect(s.flaggedList()).toMatchObject({ total: 0, items: [] });
  });

  it('is the same object until a flag or the outbox changes (the manager compares it after every patch)', () => {
    const s = session();
    s.applyBatch([link(1)], []);
    const before = s.flaggedList();
    s.applyBatch([msg(2, 'hello'), msg(1, 'see spam1.example.com now', { reactions: { x: 1 } })], null);
    expect(s.flaggedList()).toBe(before);
    s.applyBatch([link(3)], null);
    expect(s.flaggedList()).not.toBe(before);
  });

  it('holds the oldest FLAGGED_LIST_CAP (50) with the total', () => {
    const s = session();
    s.applyBatch(Array.from({ length: 230 }, (_, i) => msg(i + 1, `spam${i}.example.com ${'x'.repeat(i)}`, { author: { id: `u${i}`, name: `U${i}` } })), []);
    const list = s.flaggedList();
    expect(list.total).toBe(230);
    expect(list.items).toHaveLength(FLAGGED_LIST_CAP);
    expect(FLAGGED_LIST_CAP).toBe(50);
    expect(list.items[0]!.id).toBe('m1');
    expect(list.items.at(-1)!.id).toBe('m50');
  });

  it('past the cap, newer flagged messages keep its items (the same array) and add to its total; anything else makes it again', async () => {
    const s = session();
    const fresh = () => {
      const snap = s.snapshot();
      return flaggedListOf(snap.meta.flags, new Map(snap.messages.map((m) => [m.id, m])), snap.meta.commands, caps);
    };
    s.applyBatch(Array.from({ length: 60 }, (_, i) => link(100 + i)), []);
    const first = s.flaggedList();
    expect(first).toEqual(fresh());
    // A flood: newer and newer flagged messages.
    for (let step = 0; step < 5; step++) {
      s.applyBatch(Array.from({ length: 10 }, (_, i) => link(200 + step * 10 + i)), null);
      const list = s.flaggedList();
      expect(list.items).toBe(first.items);
      expect(list).toEqual(fresh());
    }
    expect(s.flaggedList().total).toBe(110);
    // One older than the last item (the widget listed it late): in the list, in its place.
    s.applyBatch([link(120), link(130), { ...link(5), at: 1_000 + 140.5 }], null);
    expect(s.flaggedList().items).not.toBe(first.items);
    expect(s.flaggedList()).toEqual(fresh());
    // A keep, a delete on its way: made again.
    s.actLocally({ kind: 'keep', messageId: 'm100' });
    expect(s.flaggedList()).toEqual(fresh());
    s.act({ kind: 'delete', messageId: 'm101', reason: 'link' });
    await Promise.resolve();
    expect(s.flaggedList().items[0]!.command?.state).toBe('sending');
    expect(s.flaggedList()).toEqual(fresh());
    s.applyBatch([link(300)], null);
    expect(s.flaggedList()).toEqual(fresh());
  });

  it('a widget that cannot delete: says so, with its reason', () => {
    const s = session({ ...caps, delete: false, absent: { ...caps.absent, delete: 'This widget has no delete control.' } });
    s.applyBatch([link(1)], []);
    expect(s.flaggedList()).toMatchObject({ canDelete: false, deleteAbsent: 'This widget has no delete control.' });
  });
});

/** The worker's clock and timers, moved by hand: `advance(ms)` runs what falls due. */
function fakeClock() {
  const clock = {
    now: 50_000,
    timers: [] as Array<{ at: number; fn: () => void }>,
    advance(ms: number) {
      clock.now += ms;
      const due = clock.timers.filter((t) => t.at <= clock.now);
      clock.timers = clock.timers.filter((t) => t.at > clock.now);
      for (const t of due) t.fn();
    },
  };
  return clock;
}

function setup() {
  const clock = fakeClock();
  return { ...chatHub({ now: () => clock.now, setTimeout: (fn, ms) => clock.timers.push({ at: clock.now + ms, fn }) }), clock };
}

describe('the flagged list to panels', () => {
  it('reaches a panel on Q&A (no chat patches) on follow and whenever a flag changes', async () => {
    const { hub, chat, port, received, state, clock } = setup();
    await chat.onBatch(TAB, batch([msg(1, 'hello'), link(2)]));
    clock.advance(FLAGGED_LIST_GAP_MS); // the list's change waited out the gap since the session's first list
    await hub.onMessage(port, { type: 'follow', tabId: TAB });
    await hub.onMessage(port, { type: 'panel-shows', chat: false });
    expect(state.flagged.value?.items.map((i) => i.id)).toEqual(['m2']);
    clock.advance(FLAGGED_LIST_GAP_MS); // after a quiet gap a change goes at once
    const before = received.length;
    await chat.onBatch(TAB, batch([link(3), msg(4, 'plain')]));
    expect(state.flagged.value?.items.map((i) => i.id)).toEqual(['m2', 'm3']);
    await hub.onMessage(port, { type: 'chat-local', tabId: TAB, action: { kind: 'keep', messageId: 'm2' } });
    clock.advance(FLAGGED_LIST_GAP_MS); // inside the gap it waits for its end
    expect(state.flagged.value?.items.map((i) => i.id)).toEqual(['m3']);
    // No chat patch reached it, and a message that raised no flag sent no list.
    const after = received.slice(before);
    expect(after.filter((m) => m.type === 'chat-patch')).toEqual([]);
    expect(after.filter((m) => m.type === 'chat-flagged')).toHaveLength(2);
  });

  it('in a flood, goes at most every FLAGGED_LIST_GAP_MS, and the last post holds every change', async () => {
    const { hub, chat, port, received, state, clock } = setup();
    await hub.onMessage(port, { type: 'follow', tabId: TAB });
    await hub.onMessage(port, { type: 'panel-shows', chat: false });
    clock.advance(FLAGGED_LIST_GAP_MS);
    const before = received.length;
    // 40 steps of the widget 50 ms apart (2 s), each with a new flagged message.
    for (let i = 1; i <= 40; i++) {
      await chat.onBatch(TAB, batch([link(i)]));
      clock.advance(50);
    }
    clock.advance(FLAGGED_LIST_GAP_MS);
    const posts = received.slice(before).filter((m) => m.type === 'chat-flagged');
    expect(FLAGGED_LIST_GAP_MS).toBe(500);
    expect(posts.length).toBeLessThanOrEqual(6); // 40 changes over 2 s: about one post per 500 ms
    expect(posts.length).toBeGreaterThanOrEqual(2);
    expect(state.flagged.value?.total).toBe(40);
    expect(state.flagged.value?.items.map((i) => i.id)).toEqual(Array.from({ length: 40 }, (_, i) => `m${i + 1}`));
  });

  it('past the cap, a list whose oldest did not change goes as its total alone; the panel shows it with its items', async () => {
    const { hub, chat, port, received, state, clock } = setup();
    await hub.onMessage(port, { type: 'follow', tabId: TAB });
    await hub.onMessage(port, { type: 'panel-shows', chat: false });
    await chat.onBatch(TAB, batch(Array.from({ length: 60 }, (_, i) => link(i + 1))));
    clock.advance(FLAGGED_LIST_GAP_MS);
    const before = received.length;
    // A flood: 20 more flagged messages every 100 ms for 2 s, all newer than the oldest 50.
    for (let step = 0; step < 20; step++) {
      await chat.onBatch(TAB, batch(Array.from({ length: 20 }, (_, i) => link(61 + step * 20 + i))));
      clock.advance(100);
    }
    clock.advance(FLAGGED_LIST_GAP_MS);
    const posts = received.slice(before).filter((m) => m.type.startsWith('chat-flagged'));
    expect(posts.length).toBeGreaterThanOrEqual(3);
    expect(posts.every((m) => m.type === 'chat-flagged-total' && JSON.stringify(m).length < 100)).toBe(true);
    expect(state.flagged.value?.total).toBe(460);
    expect(state.flagged.value?.items.map((i) => i.id)).toEqual(Array.from({ length: FLAGGED_LIST_CAP }, (_, i) => `m${i + 1}`));
    // One of the oldest kept: the list goes whole again.
    const kept = received.length;
    await hub.onMessage(port, { type: 'chat-local', tabId: TAB, action: { kind: 'keep', messageId: 'm1' } });
    await chat.onBatch(TAB, batch([link(500)]));
    clock.advance(FLAGGED_LIST_GAP_MS);
    expect(received.slice(kept).filter((m) => m.type === 'chat-flagged')).toHaveLength(1);
    expect(state.flagged.value?.total).toBe(460);
    expect(state.flagged.value?.items[0]?.id).toBe('m2');
  });
});

describe('the flagged list, whole or its total (FlaggedPosts)', () => {
  const list = (total: number, ids: string[]): FlaggedChatList => ({
    total,
    items: ids.map((id) => ({ id, author: { id: 'u', name: 'U' }, text: `spam ${id}`, at: 1, flags: [{ rule: 'links', reason: 'Contains a link' }], command: null })),
    canDelete: true,
    deleteAbsent: null,
  });

  it('a panel that followed with other items than the others had: the next list goes whole, even with their items', () => {
    const posts = new FlaggedPosts();
    expect(posts.message(TAB, list(3, ['a', 'b'])).type).toBe('chat-flagged');
    expect(posts.message(TAB, list(4, ['a', 'b']))).toEqual({ type: 'chat-flagged-total', tabId: TAB, total: 4 });
    // A new panel gets [b, c] (the list changed within the gap); the others still have [a, b].
    posts.followed(TAB, list(4, ['b', 'c']));
    expect(posts.message(TAB, list(5, ['a', 'b'])).type).toBe('chat-flagged');
    expect(posts.message(TAB, list(6, ['a', 'b'])).type).toBe('chat-flagged-total');
    // One that followed with the items every panel has changes nothing.
    posts.followed(TAB, list(6, ['a', 'b']));
    expect(posts.message(TAB, list(7, ['a', 'b'])).type).toBe('chat-flagged-total');
    // A delete on its way changes an item: whole.
    const sending = list(7, ['a', 'b']);
    sending.items[0]!.command = { state: 'sending', message: null };
    expect(posts.message(TAB, sending).type).toBe('chat-flagged');
  });
});
