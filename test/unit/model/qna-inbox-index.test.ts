// The inbox index keeps counts and sorted lists up to date on upsert and remove; whatever the order of
// changes, it must show exactly what a full recomputation over all questions shows.
import { describe, expect, it } from 'vitest';
import { applyToMirror, mirrorOf, type QnaMeta } from '@/lib/model/qna/session';
import type { Question, QuestionState } from '@/lib/model/qna/types';
import { InboxIndex, effectiveQuestions, filterSorted } from '@/lib/model/qna/view';
import { inboxCounts, visibleQuestions } from '@/lib/model/qna/inbox';
import { question } from './qna-fixtures';

const META = {
  surface: 'cnc', entryId: '1_x', capabilities: {} as QnaMeta['capabilities'], me: 'm', starred: [], bannedWords: [],
  holds: {}, merged: {}, commands: [], staleSince: null, problem: null, audit: [],
} as QnaMeta;
const STATES: QuestionState[] = ['pending', 'approved', 'answered', 'dismissed'];
const ids = (xs: readonly Question[]) => xs.map((q) => q.id);

function expectSameAsFull(index: InboxIndex, questions: ReadonlyMap<string, Question>, meta: QnaMeta) {
  const eff = effectiveQuestions(questions, meta);
  expect(index.allCounts()).toEqual(inboxCounts(eff));
  for (const state of STATES) {
    expect(ids(index.sorted(state, 'votes'))).toEqual(ids(visibleQuestions(eff, { state }, { me: 'm', starred: new Set() }, 'votes')));
    expect(ids(index.sorted(state, 'time'))).toEqual(ids(visibleQuestions(eff, { state }, { me: 'm', starred: new Set() }, 'time')));
    const oldest = [...eff].filter((q) => q.state === state).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
    expect(ids(index.sorted(state, 'oldest'))).toEqual(ids(oldest));
  }
}

describe('InboxIndex', () => {
  it("knows a co-moderator's name from their question, including one that arrives in a later patch", () => {
    const first = question('Mine', { author: { id: 'mod-2', name: 'Dana Ops', anonymous: false } });
    let mirror = mirrorOf({ meta: META, questions: [first, question('Hidden', { author: { id: 'anon-1', name: 'Secret', anonymous: true } })] });
    const index = new InboxIndex();
    index.sync(mirror);
    expect(index.nameOf('mod-2')).toBe('Dana Ops');
    expect(index.nameOf('anon-1')).toBeUndefined(); // an anonymous question names nobody
    mirror = applyToMirror(mirror, { upserts: [question('Later', { author: { id: 'mod-3', name: 'Lee', anonymous: false } })] });
    index.sync(mirror);
    expect(index.nameOf('mod-3')).toBe('Lee');
    expect(index.nameOf(null)).toBeUndefined();
  });

  it('stays equal to a full recomputation through random upserts, removals, holds and merges', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), (seed >>> 16) % n);
    const qs = Array.from({ length: 60 }, (_, i) => question(`Q ${i}`, { votes: rnd(5), state: STATES[rnd(4)]!, createdAt: 1000 + rnd(30) }));
    let mirror = mirrorOf({ meta: META, questions: qs });
    const index = new InboxIndex();
    index.sync(mirror);
    // Lists built before the changes are maintained, not rebuilt.
    for (const s of STATES) index.sorted(s, 'votes');
    for (let step = 0; step < 300; step++) {
      const all = [...mirror.questions.values()];
      const pick = all[rnd(all.length)]!;
      const kind = rnd(6);
      if (kind === 0) mirror = applyToMirror(mirror, { removed: [pick.id] });
      else if (kind === 1) mirror = applyToMirror(mirror, { upserts: [question(`New ${step}`, { votes: rnd(5), state: STATES[rnd(4)]!, createdAt: 1000 + rnd(30) })] });
      else if (kind === 2) mirror = applyToMirror(mirror, { meta: { holds: rnd(2) ? { [pick.id]: 'banned' } : {} } });
      else if (kind === 3) {
        const other = all[rnd(all.length)]!;
        mirror = applyToMirror(mirror, { meta: { merged: other.id === pick.id ? {} : { [pick.id]: [other.id] } } });
      } else mirror = applyToMirror(mirror, { upserts: [{ ...pick, votes: rnd(9), state: STATES[rnd(4)]! }] });
      // Now and then a sync misses a patch or two (the store changed in place meanwhile).
      if (rnd(3) === 0) continue;
      index.sync(mirror);
      expectSameAsFull(index, mirror.questions, mirror.meta);
    }
  });

  it('starts equal to a full recomputation from a snapshot with holds and merges, even when a list was asked for first', () => {
    const qs = Array.from({ length: 12 }, (_, i) => question(`S ${i}`, { votes: i % 4, state: STATES[i % 4]!, createdAt: 1000 + (i % 5) }));
    const meta = { ...META, holds: { [qs[1]!.id]: 'banned', [qs[2]!.id]: 'banned' }, merged: { [qs[4]!.id]: [qs[5]!.id, qs[9]!.id] } } as QnaMeta;
    const mirror = mirrorOf({ meta, questions: qs });
    const index = new InboxIndex();
    expect(index.sorted('pending', 'votes')).toEqual([]);
    index.sync(mirror);
    expectSameAsFull(index, mirror.questions, meta);
  });

  it('looks only at what a patch touched, and records when a question entered its state', () => {
    const a = question('A', { state: 'pending' });
    const b = question('B', { state: 'pending' });
    let mirror = mirrorOf({ meta: META, questions: [a, b] });
    const index = new InboxIndex();
    index.sync(mirror);
    expect(index.enteredAt(a.id)).toBe(0);
    const c = question('C', { state: 'pending' });
    mirror = applyToMirror(mirror, { upserts: [c] });
    index.sync(mirror);
    // Only what the patch touched is looked at (and re-rendered).
    expect(index.lastChanges?.map((x) => x.id)).toEqual([c.id]);
    expect(index.enteredAt(c.id)).toBe(index.tick);
    expect(index.count('pending')).toBe(3);
    // A plain Map with no changes list is compared in full.
    index.sync({ meta: META, questions: new Map([[a.id, { ...a, state: 'approved' }], [b.id, b]]) });
    expect(index.allCounts()).toMatchObject({ pending: 1, approved: 1 });
    expect(filterSorted(index.sorted('pending', 'time'), {}, { me: 'm', starred: new Set() }, (q) => q.text)).toHaveLength(1);
  });

  it('finds what patches changed in place while it was not looking, as arrivals', () => {
    const a = question('A', { state: 'pending' });
    const b = question('B', { state: 'pending' });
    let mirror = mirrorOf({ meta: META, questions: [a, b] });
    const index = new InboxIndex();
    index.sync(mirror);
    index.sorted('pending', 'oldest');
    const seen = index.tick;
    const c = question('C', { state: 'pending' });
    mirror = applyToMirror(mirror, { upserts: [c] });
    mirror = applyToMirror(mirror, { upserts: [{ ...a, state: 'approved' }] });
    mirror = applyToMirror(mirror, { upserts: [{ ...a, state: 'pending', votes: 3 }], removed: [b.id] });
    index.sync(mirror);
    // c is an arrival; a is where it was (with more votes: what it was before the first patch counts); b is gone.
    expect([...index.enteredAfter(seen)]).toEqual([c.id]);
    expect(index.lastChanges?.find((x) => x.id === a.id)?.before).toBe(a);
    expect(index.get(a.id)?.votes).toBe(3);
    expect(ids(index.sorted('pending', 'oldest')).sort()).toEqual([a.id, c.id].sort());
    expect(index.count('pending')).toBe(2);
  });

  it('compares a new snapshot with the questions it had, so what came in is an arrival', () => {
    const a = question('A', { state: 'pending' });
    const index = new InboxIndex();
    index.sync(mirrorOf({ meta: META, questions: [a] }, 1));
    const seen = index.tick;
    const d = question('D', { state: 'pending' });
    index.sync(mirrorOf({ meta: META, questions: [a, d] }, 2));
    expect([...index.enteredAfter(seen)]).toEqual([d.id]);
    expect(index.count('pending')).toBe(2);
  });

  it("counts and lists a snapshot without a map by id; a lookup or a patch then finds every question", () => {
    const qs = Array.from({ length: 8 }, (_, i) => question(`L ${i}`, { state: STATES[i % 4]!, createdAt: 1000 + i }));
    let mirror = mirrorOf({ meta: META, questions: qs });
    const index = new InboxIndex();
    index.sync(mirror);
    expect(index.count('pending')).toBe(2);
    expect(ids(index.sorted('pending', 'oldest'))).toEqual([qs[0]!.id, qs[4]!.id]);
    expect(index.get(qs[5]!.id)).toBe(qs[5]);
    mirror = applyToMirror(mirror, { upserts: [{ ...qs[1]!, state: 'pending' }], removed: [qs[0]!.id] });
    index.sync(mirror);
    expect(ids(index.sorted('pending', 'oldest'))).toEqual([qs[1]!.id, qs[4]!.id]);
    expect(mirror.questions.size).toBe(7);
    expectSameAsFull(index, mirror.questions, META);
  });
});
