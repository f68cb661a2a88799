/**
 * Report definitions: columns and how each is computed from facts.
 * 70001 CNC_PARTICIPATION: columns VERIFIED (KALTURA.md §3; kaltura/server ReportType.php,
 * kKavaCnCReports.php); its getTable rows per entry are MODELED.
 * 3009 Session Attendance and 3010 Certificate of Completion: named in Kaltura's guides, absent from
 * kaltura/server; every column here is MODELED (computed from logins).
 */
import type { ActivityEvent, ActivityKind } from '../../activity.js';

export interface ReportDef {
  id: string;
  title: string;
  modeled: boolean;
  totalHeader: string[];
  total(facts: ActivityEvent[], sessions: string[]): (string | number)[];
  tableHeader: string[];
  table(facts: ActivityEvent[], sessions: string[]): (string | number)[][];
}

const count = (f: ActivityEvent[], k: ActivityKind): number => f.filter((e) => e.kind === k).length;
const users = (f: ActivityEvent[], k: ActivityKind): number => new Set(f.filter((e) => e.kind === k).map((e) => e.userId)).size;

const CNC_COLUMNS = [
  'count_reaction_clicked',
  'reaction_clicked_unique_users',
  'count_cnc_group_message_sent',
  'unique_users_sent_group_message',
  'unique_users_answered_poll',
  'unique_users_q_and_a_thread',
  'q_and_a_threads_count',
  'unique_users_sent_private_message',
  'unique_logged_in_users',
];

function cncRow(f: ActivityEvent[]): number[] {
  return [
    count(f, 'reaction'),
    users(f, 'reaction'),
    count(f, 'group_message'),
    users(f, 'group_message'),
    users(f, 'poll_answer'),
    users(f, 'qna_thread'),
    count(f, 'qna_thread'),
    users(f, 'private_message'),
    users(f, 'login'),
  ];
}

function groupBy<K>(f: ActivityEvent[], key: (e: ActivityEvent) => K): Map<K, ActivityEvent[]> {
  const m = new Map<K, ActivityEvent[]>();
  for (const e of f) {
    const list = m.get(key(e)) ?? [];
    list.push(e);
    m.set(key(e), list);
  }
  return m;
}

const logins = (f: ActivityEvent[]): ActivityEvent[] => f.filter((e) => e.kind === 'login');

export const REPORTS: Record<string, ReportDef> = {
  '70001': {
    id: '70001',
    title: 'CnC participation (CNC_PARTICIPATION)',
    modeled: false,
    totalHeader: CNC_COLUMNS,
    total: (f) => cncRow(f),
    tableHeader: ['entry_id', ...CNC_COLUMNS],
    table: (f) => [...groupBy(f, (e) => e.entryId)].sort(([a], [b]) => a.localeCompare(b)).map(([entry, ev]) => [entry, ...cncRow(ev)]),
  },
  '3009': {
    id: '3009',
    title: 'Session Attendance',
    modeled: true,
    totalHeader: ['unique_attendees', 'session_attendances', 'login_count'],
    total: (f) => {
      const l = logins(f);
      return [new Set(l.map((e) => e.userId)).size, new Set(l.map((e) => `${e.userId}\u0000${e.entryId}`)).size, l.length];
    },
    tableHeader: ['user_id', 'entry_id', 'first_login', 'last_login', 'login_count'],
    table: (f) =>
      [...groupBy(logins(f), (e) => `${e.userId}\u0000${e.entryId}`).values()]
        .map((ev) => [ev[0]!.userId, ev[0]!.entryId, ev[0]!.at, ev[ev.length - 1]!.at, ev.length] as (string | number)[])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])) || String(a[1]).localeCompare(String(b[1]))),
  },
  '3010': {
    id: '3010',
    title: 'Certificate of Completion',
    modeled: true,
    totalHeader: ['unique_attendees', 'completed_users', 'sessions_required'],
    total: (f, sessions) => {
      const per = groupBy(logins(f), (e) => e.userId);
      const done = [...per.values()].filter((ev) => sessions.every((s) => ev.some((e) => e.entryId === s))).length;
      return [per.size, done, sessions.length];
    },
    tableHeader: ['user_id', 'sessions_attended', 'sessions_required', 'completed'],
    table: (f, sessions) =>
      [...groupBy(logins(f), (e) => e.userId)]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([user, ev]) => {
          const attended = sessions.filter((s) => ev.some((e) => e.entryId === s)).length;
          return [user, attended, sessions.length, attended === sessions.length ? 1 : 0];
        }),
  },
};
