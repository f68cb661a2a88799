// The worker's memory cap on chat messages (lib/model/chat/eviction.ts): which messages go, in the saved rows'
// order, and which never do.
import { describe, expect, it } from 'vitest';
import { evictionOf, type EvictionRank } from '@/lib/model/chat/eviction';
import { ChatStore } from '@/lib/model/chat/session';
import type { ChatMessage } from '@/lib/model/chat/types';

const m = (i: number): ChatMessage => ({ id: `m${i}`, author: { id: 'u', name: 'U' }, text: `t${i}`, at: i, pinned: false, deleted: false, byModerator: false, reactions: {} });
const limits = { messagesPerTab: 10, evictTo: 6, keepNewest: 2 };

describe('evictionOf', () => {
  it('under the cap lets nothing go; over it goes down to the low mark, oldest plain first, then deleted, flagged last', () => {
    const list = Array.from({ length: 11 }, (_, i) => m(i));
    expect(evictionOf(list.slice(0, 10), () => 0, () => false, limits).size).toBe(0);
    // m0, m1 flagged; m2, m5 deleted; the rest plain.
    const rank = (x: ChatMessage): EvictionRank => (['m0', 'm1'].includes(x.id) ? 2 : ['m2', 'm5'].includes(x.id) ? 1 : 0);
    // 11 held, down to 6: five go. Plain ones among the first 9 (the newest 2 stay): m3 m4 m6 m7 m8, in that order.
    expect([...evictionOf(list, rank, () => false, limits)]).toEqual(['m3', 'm4', 'm6', 'm7', 'm8']);
    // With fewer plain ones, deleted ones go next, then flagged, oldest first within each.
    const mostlyMarked = (x: ChatMessage): EvictionRank => (Number(x.id.slice(1)) < 5 ? 2 : Number(x.id.slice(1)) < 8 ? 1 : 0);
    expect([...evictionOf(list, mostlyMarked, () => false, limits)]).toEqual(['m8', 'm5', 'm6', 'm7', 'm0']);
  });

  it('never lets go a kept message (a command on its way, a flagged one the inbox shows) nor one of the newest', () => {
    const list = Array.from({ length: 11 }, (_, i) => m(i));
    const gone = evictionOf(list, () => 0, (id) => id === 'm0' || id === 'm2', limits);
    expect([...gone]).toEqual(['m1', 'm3', 'm4', 'm5', 'm6']);
    // Everything old is kept: only the newest could go, and they stay; fewer than asked go.
    expect(evictionOf(list, () => 0, (id) => Number(id.slice(1)) < 9, limits).size).toBe(0);
  });
});

describe('ChatStore.remove', () => {
  it('lets the given messages go from the list and the index, keeping the order', () => {
    const s = new ChatStore([m(1), m(2), m(3), m(4)]);
    s.remove(new Set(['m2', 'm4', 'nope']));
    expect(s.list.map((x) => x.id)).toEqual(['m1', 'm3']);
    expect(s.byId.has('m2')).toBe(false);
    expect(s.upsert(m(2))).toBe(true);
    expect(s.list.map((x) => x.id)).toEqual(['m1', 'm2', 'm3']);
  });
});
