// Questions that leave the inbox's list while the moderator is in it keep their places as departed rows
// (lib/model/qna/departed.ts): nothing slides under the pointer, and the next click acts on what it aimed at.
import { describe, expect, it } from 'vitest';
import { departedLabel, departedSay, departureOf, keepDeparted, stepFromOwn, type InboxRow } from '@/lib/model/qna/departed';
import type { Question } from '@/lib/model/qna/types';
import { question } from './qna-fixtures';

const p = (text: string) => question(text, { state: 'pending' });
const ids = (rows: readonly InboxRow[]) => rows.map((r) => (r.departed ? `${r.id}:${r.departed.why}` : r.id));
const elsewhere = () => ({ why: 'elsewhere' as const, ours: false });
const notCalm = () => false;

describe('keepDeparted', () => {
  it('while not calm, a row that left keeps its place, marked, and the rows below stay where they were', () => {
    const [a, b, c] = [p('A'), p('B'), p('C')];
    const { rows, departed } = keepDeparted([b, c], [a, b, c], notCalm, () => ({ why: 'approved', ours: false }));
    expect(ids(rows)).toEqual([`${a.id}:approved`, b.id, c.id]);
    expect(departed).toBe(1);
    // Its content is what was shown (not the question's new state).
    expect(rows[0]!.text).toBe('A');
    expect(rows[0]!.state).toBe('pending');
  });

  it('when calm, the list closes up (and calm is asked only when a row left)', () => {
    const [a, b, c] = [p('A'), p('B'), p('C')];
    expect(ids(keepDeparted([b, c], [a, b, c], () => true, elsewhere).rows)).toEqual([b.id, c.id]);
    let asked = 0;
    const live = [a, b, c];
    const same = keepDeparted(live, [a, b, c], () => (asked++, false), elsewhere);
    expect(same.rows).toBe(live);
    expect(asked).toBe(0);
  });

  it('a departed row stays as it was across renders; a new arrival below comes in after it; rows in the middle and at the end keep their places', () => {
    const [a, b, c, d] = [p('A'), p('B'), p('C'), p('D')];
    const first = keepDeparted([a, c], [a, b, c], notCalm, () => ({ why: 'dismissed', ours: false })).rows;
    expect(ids(first)).toEqual([a.id, `${b.id}:dismissed`, c.id]);
    // Next render: C leaves too (deleted), D comes in at the end; B keeps the reason it had.
    const second = keepDeparted([a, d], first, notCalm, () => ({ why: 'deleted', ours: false })).rows;
    expect(ids(second)).toEqual([a.id, `${b.id}:dismissed`, `${c.id}:deleted`, d.id]);
  });

  it('a question that comes back takes its own row again, as itself', () => {
    const [a, b] = [p('A'), p('B')];
    const first = keepDeparted([b], [a, b], notCalm, () => ({ why: 'dismissed', ours: true })).rows;
    const back = { ...a, votes: 3 };
    const second = keepDeparted([back, b], first, notCalm, elsewhere).rows;
    expect(ids(second)).toEqual([a.id, b.id]);
    expect(second[0]).toBe(back);
  });

  it('the departed row shows what was last shown of it (a row re-rendered by a patch since)', () => {
    const [a, b] = [p('A'), p('B')];
    const latest: Question = { ...a, answers: [{ id: 'x', text: 'an answer', visibility: 'public', by: null, at: 1 }] };
    const rows = keepDeparted([b], [a, b], notCalm, elsewhere, (id) => (id === a.id ? latest : undefined)).rows;
    expect(rows[0]!.answers).toHaveLength(1);
  });
});

describe('departureOf', () => {
  it('says why from what the panel knows: the new tab, deleted, or handled elsewhere; ours when this inbox sent it', () => {
    const a = p('A');
    expect(departureOf(a, { ...a, state: 'approved' }, undefined)).toEqual({ why: 'approved', ours: false });
    expect(departureOf(a, { ...a, state: 'approved' }, 'approved')).toEqual({ why: 'approved', ours: true });
    // We sent a dismiss but another moderator approved it first: not ours.
    expect(departureOf(a, { ...a, state: 'approved' }, 'dismissed')).toEqual({ why: 'approved', ours: false });
    // Our answer: where it lands depends on the surface (a public answer to a pending CnC question approves it).
    expect(departureOf(a, { ...a, state: 'approved' }, 'moved')).toEqual({ why: 'approved', ours: true });
    expect(departureOf(a, undefined, undefined)).toEqual({ why: 'deleted', ours: false });
    // Same state, out of the view (a search, a filter).
    expect(departureOf(a, { ...a, text: 'edited' }, undefined)).toEqual({ why: 'elsewhere', ours: false });
  });

  it('labels and what a key on it says', () => {
    expect(departedLabel({ why: 'answered', ours: false })).toBe('Answered');
    expect(departedLabel({ why: 'elsewhere', ours: false })).toBe('Handled elsewhere');
    expect(departedSay({ why: 'answered', ours: false })).toBe('Answered elsewhere: it is in the Answered tab now. Nothing to do here.');
    expect(departedSay({ why: 'approved', ours: true })).toBe('Already approved: nothing to do.');
    expect(departedSay({ why: 'pending', ours: false })).toMatch(/^Restored elsewhere: it is in the Pending tab now/);
  });
});

describe('stepFromOwn', () => {
  const row = (id: string, departed?: InboxRow['departed']): InboxRow => ({ ...p(id), id, departed });
  it('after our own act on the selected row, the selection goes on to the next live row (else the one before)', () => {
    const rows = [row('a'), row('b', { why: 'approved', ours: true }), row('c', { why: 'approved', ours: false }), row('d')];
    expect(stepFromOwn(rows, 1, true)).toBe('d');
    expect(stepFromOwn([row('a'), row('b', { why: 'approved', ours: true })], 1, true)).toBe('a');
  });
  it('stays on a row another moderator moved, and on an own departed row it was moved onto (j/k)', () => {
    const rows = [row('a', { why: 'approved', ours: false }), row('b', { why: 'dismissed', ours: true }), row('c')];
    expect(stepFromOwn(rows, 0, true)).toBeNull();
    expect(stepFromOwn(rows, 1, false)).toBeNull();
    expect(stepFromOwn(rows, 2, true)).toBeNull();
  });
});
