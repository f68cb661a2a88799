// CSV export of a poll's results. RFC 4180: CRLF line ends, fields with `,` `"` CR or LF quoted, quotes
// doubled. Attendee answers are hostile: a cell that a spreadsheet would run as a formula (it starts with
// = + - @, or tab / CR, OWASP "CSV injection") is prefixed with `'` so it stays text.

import { POLL_STATE_LABELS, pollTypeLabel, resultRows, resultsVisibility } from './live';
import type { Poll, PollResults } from './types';

const FORMULA_START = /^[=+\-@\t\r]/;

/** One text cell: neutralised against formula injection, then quoted as RFC 4180 requires. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  let text = value;
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return cells.map(csvCell).join(',');
}

/** The columns, named as the live view names them ("Option" for a choice poll, "Answer" for an open one). */
export function pollCsvHeader(type: Poll['type']): string[] {
  return ['Question', 'Poll type', type === 'OpenAnswers' ? 'Answer' : 'Option', 'Votes', 'Percent', 'Correct', 'Total answers', 'Poll state', 'Results', 'Exported at'];
}

/**
 * The results as CSV text (no BOM; prepend '\uFEFF' when saving for Excel). One row per option, or per
 * distinct open answer; `at` is the export time (epoch ms or Date).
 */
export function pollResultsCsv(poll: Poll, results: PollResults | null | undefined, at: number | Date): string {
  const when = new Date(at).toISOString();
  const quiz = poll.content.correctAnswers.length > 0;
  // The same words as the panel: its state chip, its type labels, its results line.
  const rows = resultRows(poll, results).map((r) =>
    csvRow([poll.content.question, pollTypeLabel(poll.type), r.text, r.count, r.percent, quiz ? r.correct : '', results?.answers ?? 0, POLL_STATE_LABELS[poll.state], resultsVisibility(poll.showResults), when]),
  );
  return [csvRow(pollCsvHeader(poll.type)), ...rows].join('\r\n') + '\r\n';
}

/** A file name for the export: `poll-{question words}-{yyyy-mm-ddThh-mm}.csv`, safe on every OS. */
export function pollCsvFileName(poll: Poll, at: number | Date): string {
  const slug =
    poll.content.question
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'results';
  const stamp = new Date(at).toISOString().slice(0, 16).replace(':', '-');
  return `poll-${slug}-${stamp}.csv`;
}
