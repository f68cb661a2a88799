// CSV exports of the session report. The cells go through lib/model/polls/csv's `csvCell` (RFC 4180 quoting,
// and a cell a spreadsheet would run as a formula, starting with = + - @ tab or CR, gets a leading `'` so it
// stays text): 20 lines, unit-tested there and here, so no CSV library (papaparse's unparse would still need
// the same neutralising, at ~7 KB gz).
import { csvRow } from '../polls/csv';
import { POLL_STATE_LABELS } from '../polls/live';
import type { PollState } from '../polls/types';
import type { AuditEntry } from '../qna/commands';
import type { Question } from '../qna/types';
import type { ChatRecordInput, SessionReportData } from './session-report';

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined || !Number.isFinite(ms) ? '' : new Date(ms).toISOString());
const lines = (rows: string[]) => rows.join('\r\n') + '\r\n';

export const QUESTIONS_CSV_HEADER = ['Question id', 'Asked at', 'Author', 'Question', 'Votes', 'State now', 'Event at', 'Event', 'By', 'Detail'];

/**
 * Questions with their full history: one row per event (asked, each moderator action from the audit, each
 * answer), the question's own columns repeated so any row can be filtered alone.
 */
export function questionsCsv(questions: Iterable<Question>, audit: readonly AuditEntry[]): string {
  const byQuestion = new Map<string, AuditEntry[]>();
  for (const a of audit) {
    if (!a.questionId) continue;
    const list = byQuestion.get(a.questionId);
    if (list) list.push(a);
    else byQuestion.set(a.questionId, [a]);
  }
  const rows = [csvRow(QUESTIONS_CSV_HEADER)];
  const sorted = [...questions].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  for (const q of sorted) {
    const author = q.author.anonymous ? 'Anonymous' : (q.author.name ?? q.author.id ?? '');
    const own = [q.id, iso(q.createdAt), author, q.text, q.votes, q.state];
    const events: Array<[number, string, string, string]> = [[q.createdAt, 'asked', author, '']];
    for (const a of byQuestion.get(q.id) ?? []) events.push([a.at, `${a.action}${a.outcome === 'failed' ? ' (failed)' : ''}`, a.moderator, a.detail]);
    for (const ans of q.answers) events.push([ans.at, `answer (${ans.visibility})`, ans.by ?? '', ans.text]);
    if (q.answeredLive && !(byQuestion.get(q.id) ?? []).some((a) => a.action === 'answered-live')) events.push([q.updatedAt, 'answered live', '', '']);
    events.sort((a, b) => a[0] - b[0]);
    for (const [at, what, by, detail] of events) rows.push(csvRow([...own, iso(at), what, by, detail]));
  }
  return lines(rows);
}

export const CHAT_CSV_HEADER = ['Sent at', 'Sender id', 'Sender', 'Message', 'Flagged', 'Deleted', 'Deleted by', 'Deleted at'];

/** The chat log, deletions marked (the text is kept: the record is the moderator's). */
export function chatCsv(chat: readonly ChatRecordInput[]): string {
  return lines([csvRow(CHAT_CSV_HEADER)]) + chatCsvRows(chat);
}

/** Rows of the chat log without the header: a long log is written chunk by chunk (the archive's reads). */
export function chatCsvRows(chat: readonly ChatRecordInput[]): string {
  if (!chat.length) return '';
  const rows: string[] = new Array(chat.length);
  let i = 0;
  for (const m of chat) rows[i++] = csvRow([iso(m.at), m.senderId, m.senderName ?? '', m.text ?? '', !!m.flagged, !!m.deleted, m.deletedBy ?? '', iso(m.deletedAt)]);
  return lines(rows);
}

export const POLLS_CSV_HEADER = ['Poll', 'State', 'Option or answer', 'Votes', 'Percent', 'Correct', 'Total answers'];

export function pollsCsv(polls: SessionReportData['polls']): string {
  const rows = [csvRow(POLLS_CSV_HEADER)];
  for (const p of polls) for (const r of p.rows) rows.push(csvRow([p.question, POLL_STATE_LABELS[p.state as PollState] ?? p.state, r.text, r.count, r.percent, r.correct, p.answers]));
  return lines(rows);
}
