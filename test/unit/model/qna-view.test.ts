import { describe, expect, it } from 'vitest';
import type { PendingCommand } from '@/lib/model/qna/session';
import type { QnaCapabilities } from '@/lib/model/qna/types';
import {
  absentNotes,
  clockTime,
  commandsByQuestion,
  createFoldCache,
  effectiveQuestions,
  keepOrder,
  keyCommand,
  moveItem,
  nextActive,
  offeredActions,
  parseWordList,
  relativeTime,
  releaseArrivals,
  trackArrivals,
  withoutHeld,
} from '@/lib/model/qna/view';
import { question } from './qna-fixtures';

const ids = (xs: Array<{ id: string }>) => xs.map((x) => x.id);

describe('the "N new" buffer', () => {
  const a = { id: 'a', state: 'approved' as const };
  const b = { id: 'b', state: 'approved' as const };
  const c = { id: 'c', state: 'approved' as const };

  it('shows everything on the first snapshot', () => {
    const buf = trackArrivals(null, [a, b], false);
    expect(buf.held.size).toBe(0);
    expect([...buf.known.keys()]).toEqual(['a', 'b']);
  });

  it('holds arrivals while the moderator is not at the top, and lets them in at the top', () => {
    const first = trackArrivals(null, [a, b], true);
    const scrolled = trackArrivals(first, [a, b, c], false);
    expect([...scrolled.held]).toEqual(['c']);
    // Still not at the top: still held, and a further arrival joins it.
    const d = { id: 'd', state: 'approved' as const };
    const later = trackArrivals(scrolled, [a, b, c, d], false);
    expect([...later.held].sort()).toEqual(['c', 'd']);
    // Back at the top: everything comes in at once.
    const top = trackArrivals(later, [a, b, c, d], true);
    expect(top.held.size).toBe(0);
    expect(top.known.get('c')).toBe('approved');
  });

  it('counts a question that moved to another state as an arrival there', () => {
    const first = trackArrivals(null, [{ id: 'a', state: 'pending' }], true);
    const moved = trackArrivals(first, [{ id: 'a', state: 'approved' }], false);
    expect([...moved.held]).toEqual(['a']);
  });

  it('releases on request, and forgets questions that are gone', () => {
    const first = trackArrivals(null, [a], true);
    const held = trackArrivals(first, [a, b], false);
    expect(releaseArrivals([a, b]).held.size).toBe(0);
    expect(trackArrivals(held, [b], false).known.has('a')).toBe(false);
  });

  it('splits the list into shown and held', () => {
    const list = [a, b, c];
    expect(withoutHeld(list, new Set())).toEqual({ shown: list, heldCount: 0 });
    expect(withoutHeld(list, new Set(['b', 'zz']))).toEqual({ shown: [a, c], heldCount: 1 });
  });
});

describe('keepOrder and nextActive', () => {
  it('keeps what is on screen in its previous order; others follow', () => {
    const list = [{ id: 'c' }, { id: 'a' }, { id: 'n' }, { id: 'b' }];
    expect(ids(keepOrder(list, ['a', 'b', 'c']))).toEqual(['a', 'b', 'c', 'n']);
    expect(keepOrder(list, [])).toBe(list);
  });

  it('keeps focus on the same question, or moves it to the one that took its place', () => {
    expect(nextActive(['a', 'b', 'c'], 'b', 1)).toBe('b');
    expect(nextActive(['a', 'c'], 'b', 1)).toBe('c');
    expect(nextActive(['a'], 'b', 1)).toBe('a');
    expect(nextActive([], 'b', 1)).toBeNull();
    expect(nextActive(['a'], null, -1)).toBeNull();
  });
});

describe('effective questions and search folding', () => {
  it('puts held questions in Pending and adds merged votes', () => {
    const p = question('Primary', { id: 'p', votes: 3 });
    const m = question('Member', { id: 'm', votes: 4, state: 'dismissed' });
    const h = question('Held', { id: 'h', state: 'approved' });
    const plain = question('Plain', { id: 'x' });
    const out = effectiveQuestions(new Map([p, m, h, plain].map((x) => [x.id, x])), { holds: { h: 'Held: bad word' }, merged: { p: ['m'] } });
    expect(out.find((x) => x.id === 'p')!.votes).toBe(7);
    expect(out.find((x) => x.id === 'h')!.state).toBe('pending');
    expect(out.find((x) => x.id === 'x')).toBe(plain);
  });

  it('folds each text once, and again only when it changes', () => {
    const fold = createFoldCache();
    const x = question('Ça VA?', { id: 'f' });
    expect(fold(x)).toBe('ca va');
    expect(fold({ ...x, text: 'Autre' })).toBe('autre');
  });
});

describe('commands by question', () => {
  const cmd = (id: string, action: PendingCommand['action'], status: PendingCommand['status'], at: number): PendingCommand => ({ id, action, status, at });
  it('shows the latest unfinished or failed command per question', () => {
    const map = commandsByQuestion([
      cmd('1', { kind: 'approve', questionId: 'a' }, { state: 'sending', attempt: 1 }, 1),
      cmd('2', { kind: 'dismiss', questionId: 'b' }, { state: 'failed', message: 'Not confirmed.' }, 2),
      cmd('3', { kind: 'answer', questionId: 'c', text: 't', visibility: 'private' }, { state: 'done' }, 3),
      cmd('4', { kind: 'merge', primaryId: 'p', memberIds: ['m'] }, { state: 'queued' }, 4),
    ]);
    expect(map.get('a')).toEqual({ state: 'sending', label: 'Approve' });
    expect(map.get('b')).toEqual({ state: 'failed', label: 'Dismiss', message: 'Not confirmed.' });
    expect(map.has('c')).toBe(false);
    expect(map.get('m')?.label).toBe('Merge');
  });
});

describe('capabilities', () => {
  const webcast: QnaCapabilities = {
    approve: false,
    dismiss: true,
    restore: true,
    answerPublic: true,
    answerPrivate: true,
    answeredLive: true,
    editBeforeApprove: false,
    claim: true,
    absent: { approve: 'No approval step.' },
  };
  it('offers only what the surface can do, and says why the rest is absent', () => {
    expect(offeredActions('pending', webcast)).toEqual(['dismiss', 'answer-public', 'answer-private']);
    expect(offeredActions('dismissed', webcast)).toEqual(['restore']);
    expect(absentNotes('pending', webcast)).toEqual([{ capability: 'approve', text: "Approve isn't available: No approval step." }]);
    expect(absentNotes('approved', webcast)).toEqual([]);
    expect(absentNotes('approved', { ...webcast, answeredLive: false })[0]!.text).toBe("Mark answered live isn't available: this surface cannot do it.");
  });
});

describe('keys, time and small helpers', () => {
  it('maps keys, ignoring modified presses', () => {
    expect(keyCommand({ key: 'j' })).toBe('next');
    expect(keyCommand({ key: 'a' })).toBe('approve');
    expect(keyCommand({ key: '?' })).toBe('help');
    expect(keyCommand({ key: 'a', ctrlKey: true })).toBeNull();
    expect(keyCommand({ key: 'q' })).toBeNull();
  });

  it('formats time', () => {
    const at = new Date(2026, 4, 4, 12, 3, 44).getTime();
    expect(clockTime(at)).toBe('12:03:44');
    expect(relativeTime(at, at + 3_000)).toBe('just now');
    expect(relativeTime(at, at + 45_000)).toBe('45 s ago');
    expect(relativeTime(at, at + 3 * 60_000)).toBe('3 min ago');
    expect(relativeTime(at, at + 2 * 3_600_000)).toBe('2 h ago');
  });

  it('parses the banned words list and moves starred items', () => {
    expect(parseWordList(' spam\nscam*, spam\n\n')).toEqual(['spam', 'scam*']);
    expect(moveItem(['a', 'b', 'c'], 'c', -1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 'a', -1)).toEqual(['a', 'b', 'c']);
  });
});
