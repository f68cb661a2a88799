// The inbox's rule for the flagged chat list (joinFlagged): while the moderator is in the inbox nothing moves,
// neither for a message that arrives (held behind "N new") nor for one that leaves (it keeps its place as a
// departed row, marked with why); when the inbox is calm the list is the worker's list.
import { describe, expect, it } from 'vitest';
import { departedLabel, flaggedListOf, joinFlagged, type FlaggedChatItem, type FlaggedChatList, type FlaggedChatRow } from '@/lib/model/chat/flagged-list';
import type { Flag } from '@/lib/model/chat/flags';
import type { ChatCapabilities, ChatMessage } from '@/lib/model/chat/types';

const item = (n: number, over: Partial<FlaggedChatItem> = {}): FlaggedChatItem => ({
  id: `m${n}`,
  author: { id: `u${n}`, name: `Sender ${n}` },
  text: `text ${n}`,
  at: 1_000 + n,
  flags: [{ rule: 'links', reason: 'link' }],
  command: null,
  ...over,
});
const listOf = (items: FlaggedChatItem[], total = items.length): FlaggedChatList => ({ total, items, canDelete: true, deleteAbsent: null });
const ids = (rows: FlaggedChatRow[]) => rows.map((r) => (r.departed ? `${r.id}:${r.departed.why}` : r.id));

describe('joinFlagged', () => {
  it('not calm: a row that left keeps its place, with its text, as departed; the rows below stay where they were', () => {
    const first = joinFlagged(listOf([item(1), item(2), item(3)]), [], true);
    const next = joinFlagged(listOf([item(1), item(3)]), first.rows, false);
    expect(ids(next.rows)).toEqual(['m1', 'm2:elsewhere', 'm3']);
    expect(next.rows[1]!.text).toBe('text 2');
    expect(next.held).toBe(0);
    // It stays departed (and in place) through later changes, while new ones are held.
    const later = joinFlagged(listOf([item(3), item(4)]), next.rows, false);
    expect(ids(later.rows)).toEqual(['m1:elsewhere', 'm2:elsewhere', 'm3']);
    expect(later.held).toBe(1);
    expect(departedLabel('elsewhere')).toBe('Handled elsewhere');
  });

  it('calm: departed rows go and held ones come in, at the same moment', () => {
    const first = joinFlagged(listOf([item(1), item(2)]), [], true);
    const held = joinFlagged(listOf([item(2), item(3)]), first.rows, false);
    expect(ids(held.rows)).toEqual(['m1:elsewhere', 'm2']);
    expect(held.held).toBe(1);
    const calm = joinFlagged(listOf([item(2), item(3)]), held.rows, true);
    expect(ids(calm.rows)).toEqual(['m2', 'm3']);
    expect(calm.held).toBe(0);
  });

  it('the row keeps following the list while it is in it (a delete on its way shows)', () => {
    const first = joinFlagged(listOf([item(1)]), [], true);
    const sending = item(1, { command: { state: 'sending', message: null } });
    const next = joinFlagged(listOf([sending]), first.rows, false);
    expect(next.rows[0]).toBe(sending);
  });

  it('says why when it can tell: a delete on its way, this inbox keeping it, past the cap; else handled elsewhere', () => {
    const first = joinFlagged(listOf([item(1, { command: { state: 'sending', message: null } }), item(2), item(3), item(4)]), [], true);
    const own = new Map([['m2', 'keep' as const]]);
    // m4: still flagged, but an older one (m0) took the last of the capped places.
    const next = joinFlagged(listOf([item(0), item(3)], 3), first.rows, false, own);
    expect(ids(next.rows)).toEqual(['m1:deleted', 'm2:kept', 'm3', 'm4:past-cap']);
    expect(next.rows[0]!.departed!.ours).toBe(false);
    expect(next.rows[1]!.departed!.ours).toBe(true);
    expect(next.held).toBe(1);
    // Our delete whose command the list dropped (done) before the message left: still ours, deleted.
    const a = joinFlagged(listOf([item(5)]), [], true);
    const gone = joinFlagged(listOf([]), a.rows, false, new Map([['m5', 'delete' as const]]));
    expect(gone.rows[0]!.departed).toEqual({ why: 'deleted', ours: true });
    // A failed delete of ours that then left: not ours to claim.
    const f = joinFlagged(listOf([item(6, { command: { state: 'failed', message: 'no' } })]), [], true);
    expect(joinFlagged(listOf([]), f.rows, false, new Map([['m6', 'delete' as const]])).rows[0]!.departed).toEqual({ why: 'elsewhere', ours: false });
  });

  it('a departed row that comes back to the list is a row again, in its place', () => {
    const first = joinFlagged(listOf([item(1), item(2)]), [], true);
    const gone = joinFlagged(listOf([item(2)]), first.rows, false);
    const back = joinFlagged(listOf([item(1), item(2)]), gone.rows, false);
    expect(ids(back.rows)).toEqual(['m1', 'm2']);
    expect(back.held).toBe(0);
  });

  it('no list (another tab): nothing', () => {
    const first = joinFlagged(listOf([item(1)]), [], true);
    expect(joinFlagged(null, first.rows, false)).toEqual({ rows: [], held: 0 });
  });
});

describe('flaggedListOf', () => {
  it('holds the oldest flagged (by time, then id) whatever order they were flagged in, and counts them all', () => {
    const caps = { delete: true, absent: {} } as unknown as ChatCapabilities;
    // 400 messages, at with ties (four per time), flagged in a shuffled order; some deleted, some without a message.
    const byId = new Map<string, ChatMessage>();
    const ids: string[] = [];
    for (let i = 0; i < 400; i++) {
      const id = `m${String(i).padStart(3, '0')}`;
      ids.push(id);
      byId.set(id, { id, author: { id: 'u', name: 'U' }, text: `t${i}`, at: 1_000 + Math.floor(i / 4), pinned: false, deleted: i % 9 === 0, byModerator: false, reactions: {} });
    }
    let seed = 7;
    const shuffled = [...ids, 'gone1', 'gone2'].sort(() => ((seed = (seed * 16807) % 2147483647) % 3) - 1);
    const flags: Record<string, Flag[]> = {};
    for (const id of shuffled) flags[id] = [{ rule: 'links', reason: 'Contains a link' }];
    const expected = ids.filter((id) => !byId.get(id)!.deleted);
    const list = flaggedListOf(flags, byId, [], caps, 50);
    expect(list.total).toBe(expected.length);
    expect(list.items.map((i) => i.id)).toEqual(expected.slice(0, 50));
    // The same with the ids given (ChatSession keeps them in a Set).
    expect(flaggedListOf(flags, byId, [], caps, 50, new Set(shuffled))).toEqual(list);
  });
});
