// Kaltura's reports as the panel offers them: which report types, what their columns mean in words.
// KALTURA.md §3 "Analytics" (VERIFIED): 70001 = CNC_PARTICIPATION (kaltura/server ReportType.php,
// kKavaCnCReports.php). 3009 and 3010 are named by Kaltura's CnC guide; Kaltura's guides call them Session
// Attendance and Certificate of Completion, and neither is in kaltura/server: shown as they come.

export interface ReportTypeInfo {
  id: string;
  label: string;
  /** One sentence: what it is and how sure we are of it. */
  about: string;
}

export const REPORT_TYPES: readonly ReportTypeInfo[] = [
  { id: '70001', label: 'CnC participation', about: "Kaltura's Chat & Collaborate participation report (CNC_PARTICIPATION)." },
  { id: '3009', label: 'Session Attendance', about: "Named in Kaltura's guides; not in Kaltura's public server code, so it is shown as Kaltura answers." },
  { id: '3010', label: 'Certificate of Completion', about: "Named in Kaltura's guides; not in Kaltura's public server code, so it is shown as Kaltura answers." },
];

/** The 70001 columns in words (kaltura/analytics-front-end mini-engagement names them the same way). */
export const COLUMN_MEANINGS: Record<string, string> = {
  count_reaction_clicked: 'Reactions sent',
  reaction_clicked_unique_users: 'People who sent a reaction',
  count_cnc_group_message_sent: 'Group chat messages',
  unique_users_sent_group_message: 'People who wrote in group chat',
  unique_users_answered_poll: 'People who answered a poll',
  unique_users_q_and_a_thread: 'People who asked a question (Q&A threads)',
  q_and_a_threads_count: 'Q&A threads',
  unique_users_sent_private_message: 'People who sent a private message',
  unique_logged_in_users: 'People who logged in',
  entry_id: 'Session entry',
  user_id: 'User',
};

/** A column's meaning, or the column's own name when we do not know it (never a guess). */
export function meaningOf(column: string): string {
  return COLUMN_MEANINGS[column] ?? column;
}

/** The attendee count a 70001 answer gives (logged-in users), for the settings warnings. */
export function attendeesFrom(view: { reportType: string; total: { columns: string[]; values: string[] } | null } | null | undefined): { count: number; source: string } | null {
  if (!view || view.reportType !== '70001' || !view.total) return null;
  const i = view.total.columns.indexOf('unique_logged_in_users');
  const n = i < 0 ? NaN : Number(view.total.values[i]);
  return Number.isFinite(n) ? { count: n, source: "Kaltura's participation report" } : null;
}
