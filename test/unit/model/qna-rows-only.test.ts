// Which patches may re-render rows only (InboxIndex.lastChanges + rowsOnlyChange): anything that changes the
// membership or order of the list shown must re-derive it.
import { describe, expect, it } from 'vitest';
import { applyToMirror, mirrorOf, type QnaMeta } from '@/lib/model/qna/session';
import { InboxIndex, rowsOnlyChange } from '@/lib/model/qna/view';
import { question } from './qna-fixtures';

const META = {
  surface: 'cnc', entryId: '1_x', capabilities: {} as QnaMeta['capabilities'], me: 'm', starred: [], bannedWords: [],
  holds: {}, merged: {}, commands: [], staleSince: null, problem: null, audit: [],
} as QnaMeta;
const view = { tab: 'pending' as const, sort: 'oldest' as const, filtered: false, watched: () => false };

describe('rowsOnlyChange', () => {
  const a = question('A', { state: 'pending', votes: 1, createdAt: 1000 });
  const b = question('B', { state: 'pending', votes: 2, createdAt: 2000 });
  const c = question('C', { state: 'approved', votes: 3, createdAt: 3000 });
  const start = () => {
    const index = new InboxIndex();
    const mirror = mirrorOf({ meta: META, questions: [a, b, c] });
    index.sync(mirror);
    index.sorted('pending', 'oldest');
    return { index, mirror };
  };

  it('names the rows of an in-place change; a change in another tab needs no row', () => {
    const { index, mirror } = start();
    index.sync(applyToMirror(mirror, { upserts: [{ ...a, votes: 5 }, { ...c, votes: 9 }] }));
    expect(rowsOnlyChange(index.lastChanges, view)).toEqual([a.id]);
  });

  it('re-derives the list on an arrival, a departure, a move in its order, a filter or a watched question', () => {
    const { index, mirror } = start();
    const m1 = applyToMirror(mirror, { upserts: [question('New', { state: 'pending', createdAt: 500 })] });
    index.sync(m1);
    expect(rowsOnlyChange(index.lastChanges, view)).toBeNull();
    const m2 = applyToMirror(m1, { upserts: [{ ...b, state: 'approved' }] });
    index.sync(m2);
    expect(rowsOnlyChange(index.lastChanges, view)).toBeNull();
    const m3 = applyToMirror(m2, { upserts: [{ ...a, votes: 50 }] });
    index.sync(m3);
    expect(rowsOnlyChange(index.lastChanges, { ...view, sort: 'votes' })).toBeNull();
    expect(rowsOnlyChange(index.lastChanges, view)).toEqual([a.id]);
    expect(rowsOnlyChange(index.lastChanges, { ...view, filtered: true })).toBeNull();
    expect(rowsOnlyChange(index.lastChanges, { ...view, watched: (id) => id === a.id })).toBeNull();
  });

  it('has no per-question changes after a first sync', () => {
    expect(start().index.lastChanges).toBeNull();
  });
});
