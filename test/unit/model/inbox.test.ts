import { describe, expect, it } from 'vitest';
import { inboxCounts, visibleQuestions } from '@/lib/model/qna/inbox';
import { question } from './qna-fixtures';

const ctx = { me: 'mod-a', starred: new Set<string>() };

describe('inbox', () => {
  const a = question('Agenda for tomorrow?', { votes: 1, createdAt: 10 });
  const b = question('Where are the slides?', { votes: 9, createdAt: 20, handledBy: 'mod-a' });
  const c = question('Pricing in Europe?', { votes: 9, createdAt: 30, answers: [{ id: 'x', text: 'yes', visibility: 'public', by: 'm', at: 1 }] });
  const d = question('Pending one', { state: 'pending' });
  const all = [a, b, c, d];

  it('counts each state', () => {
    expect(inboxCounts(all)).toEqual({ pending: 1, approved: 3, answered: 0, dismissed: 0 });
  });

  it('sorts by votes (newest first on ties) or by time', () => {
    expect(visibleQuestions(all, { state: 'approved' }, ctx, 'votes').map((q) => q.id)).toEqual([c.id, b.id, a.id]);
    expect(visibleQuestions(all, { state: 'approved' }, ctx, 'time').map((q) => q.id)).toEqual([c.id, b.id, a.id]);
    expect(visibleQuestions([a, b], { state: 'approved' }, ctx, 'time').map((q) => q.id)).toEqual([b.id, a.id]);
  });

  it('filters mine, starred, unanswered and by search, ignoring case and accents', () => {
    expect(visibleQuestions(all, { state: 'approved', mineOnly: true }, ctx, 'time')).toEqual([b]);
    expect(visibleQuestions(all, { state: 'approved', starredOnly: true }, { ...ctx, starred: new Set([a.id]) }, 'time')).toEqual([a]);
    expect(visibleQuestions(all, { state: 'approved', unansweredOnly: true }, ctx, 'time').map((q) => q.id)).toEqual([b.id, a.id]);
    expect(visibleQuestions(all, { state: 'approved', search: 'SLÍDES' }, ctx, 'time')).toEqual([b]);
  });
});
