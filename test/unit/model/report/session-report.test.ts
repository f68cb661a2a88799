import { describe, expect, it } from 'vitest';
import { buildSessionReport, formatDuration, stat } from '@/lib/model/report/session-report';
import { chatCsv, pollsCsv, questionsCsv } from '@/lib/model/report/csv';
import type { AuditEntry } from '@/lib/model/qna/commands';
import type { Poll } from '@/lib/model/polls/types';
import { question } from '../qna-fixtures';

const MIN = 60_000;
const T = 1_764_000_000_000;
const audit = (at: number, moderator: string, action: AuditEntry['action'], questionId: string, outcome: AuditEntry['outcome'] = 'done'): AuditEntry => ({ at, moderator, action, questionId, detail: '', outcome });

describe('stat', () => {
  it('median and p90 (nearest rank)', () => {
    expect(stat([5, 1, 3])).toEqual({ count: 3, medianMs: 3, p90Ms: 5 });
    expect(stat([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual({ count: 10, medianMs: 5.5, p90Ms: 9 });
    expect(stat([])).toBeNull();
  });
});

describe('buildSessionReport', () => {
  const qs = [
    question('approved then answered', { id: 'a', createdAt: T, state: 'answered', votes: 4, answers: [{ id: 'x', text: 'yes', visibility: 'public', by: 'mod-1', at: T + 3 * MIN }] }),
    question('live', { id: 'b', createdAt: T + MIN, state: 'answered', answeredLive: true, votes: 2 }),
    question('never answered, popular', { id: 'c', createdAt: T + 2 * MIN, state: 'approved', votes: 9 }),
    question('never answered, quiet', { id: 'd', createdAt: T + 2 * MIN, state: 'approved', votes: 1 }),
    question('waiting', { id: 'e', createdAt: T + 4 * MIN, state: 'pending', votes: 20 }),
    question('spam', { id: 'f', createdAt: T + 4 * MIN, state: 'dismissed', votes: 50 }),
  ];
  const log = [
    audit(T + MIN, 'mod-1', 'approve', 'a'),
    audit(T + 2 * MIN, 'mod-2', 'approve', 'b'),
    audit(T + 5 * MIN, 'mod-2', 'answered-live', 'b'),
    audit(T + 5 * MIN, 'mod-2', 'dismiss', 'f'),
    audit(T + 5 * MIN, 'mod-2', 'approve', 'c', 'failed'),
  ];
  const poll: Poll = { _id: 'p1', contextId: '1_a', state: 'UnPublished', type: 'OptionsPoll', content: { question: 'Which?', options: [{ id: 'o1', text: 'A' }, { id: 'o2', text: '=B' }], correctAnswers: [] }, showResults: true };
  const r = buildSessionReport({
    questions: qs,
    audit: log,
    polls: [{ poll, results: { totals: { o1: 3, o2: 1 }, answers: 4 } }],
    chat: [
      { at: T, senderId: 'u1', text: 'hi' },
      { at: T + 30_000, senderId: 'u2', text: 'spam', flagged: true, deleted: true, deletedBy: 'mod-1', deletedAt: T + 40_000 },
      { at: T + 2 * MIN, senderId: 'u1' },
    ],
    reactions: {
      // The widget's counters include reactions from before the panel watched; the series is what it counted.
      totals: { clap: 10, love: 2, wow: 0 },
      counted: { clap: 3, love: 2 },
      since: T,
      series: [
        { at: T, type: 'clap', count: 3 },
        { at: T + 4 * MIN, type: 'love', count: 2 },
      ],
    },
  });

  it('counts questions asked, approved, dismissed, answered in text and live', () => {
    expect(r.questions).toEqual({ asked: 6, approved: 4, dismissed: 1, pending: 1, answeredText: 1, answeredLive: 1, unanswered: 3 });
  });

  it('times asked→approved and asked→answered, overall and per moderator (failed actions do not count)', () => {
    expect(r.toApproved).toEqual({ count: 2, medianMs: MIN, p90Ms: MIN });
    expect(r.toAnswered).toEqual({ count: 2, medianMs: 3.5 * MIN, p90Ms: 4 * MIN });
    const m2 = r.perModerator.find((m) => m.moderator === 'mod-2')!;
    expect(m2).toMatchObject({ approved: 1, answered: 1, dismissed: 1, toAnswered: { count: 1, medianMs: 4 * MIN } });
    expect(r.perModerator.find((m) => m.moderator === 'mod-1')).toMatchObject({ approved: 1, answered: 1, toApproved: { medianMs: MIN } });
  });

  it('lists the top-voted questions never answered (not dismissed ones)', () => {
    expect(r.topUnanswered.map((q) => q.id)).toEqual(['e', 'c', 'd']);
  });

  it('chat volume, flagged and deleted; reactions by type; polls with results', () => {
    expect(r.chat).toEqual({ known: true, messages: 3, senders: 2, flagged: 1, deleted: 1 });
    expect(r.reactions).toEqual({ known: true, total: 12, byType: { clap: 10, love: 2, wow: 0 }, fromWidget: true, watched: 5, since: T });
    expect(r.polls[0]).toMatchObject({ question: 'Which?', answers: 4, rows: [{ text: 'A', count: 3, percent: 75 }, { text: '=B', count: 1 }] });
  });

  it('activity per minute over the timeline, and the time-to-answer distribution', () => {
    expect(r.timeline.bucketMs).toBe(MIN);
    expect(r.timeline.buckets.map((b) => [b.questions, b.chat, b.reactions])).toEqual([
      [1, 2, 3],
      [1, 0, 0],
      [2, 1, 0],
      [0, 0, 0],
      [2, 0, 2],
    ]);
    expect(r.answerTimes.find((b) => b.label === '2–5 min')!.count).toBe(2);
  });

  it('says when there is no chat or reaction record, rather than zero', () => {
    const empty = buildSessionReport({ questions: [], audit: [], polls: [], chat: null, reactions: null });
    expect(empty.chat.known).toBe(false);
    expect(empty.reactions.known).toBe(false);
    expect(empty.timeline.buckets).toEqual([]);
  });

  it('formats durations for people', () => {
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(190_000)).toBe('3 min 10 s');
    expect(formatDuration(3_900_000)).toBe('1 h 5 min');
  });
});

describe('CSV exports', () => {
  it('questions with their full history; a cell starting with = + - @ stays text', () => {
    const q = question('=HYPERLINK("http://evil","click")', { id: 'q', createdAt: T, state: 'answered', answers: [{ id: 'x', text: '@SUM(A1)', visibility: 'private', by: 'mod-1', at: T + MIN }] });
    const csv = questionsCsv([q], [audit(T + 1000, 'mod-1', 'approve', 'q')]);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(4); // header, asked, approve, answer
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"",""click"")"`);
    expect(lines[2]).toContain(',approve,mod-1,');
    expect(lines[3]).toContain(`answer (private),mod-1,'@SUM(A1)`);
    for (const line of lines.slice(1)) for (const cell of line.split(',')) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('the chat log marks deletions; poll results per option', () => {
    const csv = chatCsv([{ at: T, senderId: 'u', text: '-1+1', deleted: true, deletedBy: 'm', deletedAt: T + 1 }]);
    expect(csv.split('\r\n')[1]).toBe(`${new Date(T).toISOString()},u,,'-1+1,no,yes,m,${new Date(T + 1).toISOString()}`);
    const polls = pollsCsv([{ id: 'p', question: '+Q', state: 'UnPublished', answers: 2, rows: [{ optionId: 'o', text: '\tA', count: 2, percent: 100, correct: false }] }]);
    expect(polls.split('\r\n')[1]).toBe(`'+Q,Closed,'\tA,2,100,no,2`);
  });
});
