// Our own report of a session, from our records (what no Kaltura report gives a moderator): how questions
// fared and how fast, per moderator; the top-voted questions never answered; polls; chat and reactions over
// time. Pure and linear in the records (10,000 questions and 100,000 chat messages: test/bench/report.bench.ts).
import type { AuditEntry } from '../qna/commands';
import type { Question } from '../qna/types';
import { resultRows, type ResultRow } from '../polls/live';
import type { Poll, PollResults } from '../polls/types';
import type { ChatTally } from '../chat/tally';

/**
 * A chat message as the report needs it. The chat feature (lib/session/chat) feeds these; until it does,
 * the report says it has no chat record. `flagged`: held or flagged for a moderator; `deleted`: removed.
 */
export interface ChatRecordInput {
  /** Epoch ms. */
  at: number;
  senderId: string;
  senderName?: string;
  /** Attendee text: hostile. Only the CSV carries it (neutralised). */
  text?: string;
  flagged?: boolean;
  deleted?: boolean;
  deletedBy?: string | null;
  deletedAt?: number | null;
}

/** Reactions as the reactions feature (lib/session/reactions) counts them: `count` of `type` at `at`. */
export interface ReactionRecordInput {
  at: number;
  type: string;
  count: number;
}

/** The session's reactions (lib/model/report/activity.ts makes this from the reactions meter's view). */
export interface ReactionsInput {
  /** The widget's running totals per type (its counters: the whole session's count); null when unseen. */
  totals: Record<string, number> | null;
  /** Counted since the extension started watching, per type. */
  counted: Record<string, number>;
  /** Epoch ms watching began (null: unknown). */
  since: number | null;
  /** What was counted, over time (the activity chart's reactions). */
  series: readonly ReactionRecordInput[];
}

export interface PollRecordInput {
  poll: Poll;
  results: PollResults | null;
}

export interface ReportInputs {
  questions: Iterable<Question>;
  audit: readonly AuditEntry[];
  polls: readonly PollRecordInput[];
  /** null: no chat record exists (the chat feature did not feed one). */
  chat: readonly ChatRecordInput[] | null;
  /**
   * The session's chat counts, kept as it came (lib/model/chat/tally.ts): when given, the chat figures and the
   * timeline's chat come from them, since `chat` holds only the messages still held (the worker's memory cap).
   */
  chatTally?: ChatTally | null;
  /** null: no reactions record (the reactions feature saw nothing for this session). */
  reactions: ReactionsInput | null;
}

export interface Stat {
  count: number;
  medianMs: number;
  p90Ms: number;
}

export interface ModeratorStats {
  moderator: string;
  approved: number;
  answered: number;
  dismissed: number;
  toApproved: Stat | null;
  toAnswered: Stat | null;
}

export interface TimelineBucket {
  /** Epoch ms of the bucket's start. */
  at: number;
  questions: number;
  chat: number;
  reactions: number;
}

export interface SessionReportData {
  questions: {
    asked: number;
    /** Reached the audience (approved, answered or not). */
    approved: number;
    dismissed: number;
    pending: number;
    answeredText: number;
    answeredLive: number;
    /** Approved or pending, with no answer of any kind. */
    unanswered: number;
  };
  toApproved: Stat | null;
  toAnswered: Stat | null;
  perModerator: ModeratorStats[];
  /** Most votes first: what the speaker should follow up on. */
  topUnanswered: Array<{ id: string; text: string; votes: number; author: string }>;
  polls: Array<{ id: string; question: string; state: string; answers: number; rows: ResultRow[] }>;
  chat: { known: boolean; messages: number; senders: number; flagged: number; deleted: number };
  /**
   * total and byType: the widget's own totals when it showed them (the session's count), else what was
   * counted while watching. `watched`: counted since `since` (the chart shows those over time).
   */
  reactions: { known: boolean; total: number; byType: Record<string, number>; fromWidget: boolean; watched: number; since: number | null };
  timeline: { bucketMs: number; buckets: TimelineBucket[] };
  /** Time from asked to answered, in the histogram's buckets. */
  answerTimes: Array<{ label: string; count: number }>;
}

const TOP_UNANSWERED = 10;
/** The timeline is per minute up to this many buckets; a longer record widens the buckets. */
const MAX_BUCKETS = 720;
export const ANSWER_BUCKETS: ReadonlyArray<{ label: string; upToMs: number }> = [
  { label: '< 1 min', upToMs: 60_000 },
  { label: '1–2 min', upToMs: 120_000 },
  { label: '2–5 min', upToMs: 300_000 },
  { label: '5–10 min', upToMs: 600_000 },
  { label: '10–30 min', upToMs: 1_800_000 },
  { label: '30 min +', upToMs: Infinity },
];

/** Median and 90th percentile (nearest rank) of durations; null when there are none. Sorts `values`. */
export function stat(values: number[]): Stat | null {
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  const rank = (p: number) => values[Math.min(values.length - 1, Math.max(0, Math.ceil(p * values.length) - 1))]!;
  const mid = values.length >> 1;
  const median = values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
  return { count: values.length, medianMs: median, p90Ms: rank(0.9) };
}

interface ModAcc {
  approved: number;
  answered: number;
  dismissed: number;
  toApproved: number[];
  toAnswered: number[];
}

export function buildSessionReport(inputs: ReportInputs): SessionReportData {
  const mods = new Map<string, ModAcc>();
  const mod = (id: string | null | undefined): ModAcc => {
    const key = id || 'unknown moderator';
    let m = mods.get(key);
    if (!m) mods.set(key, (m = { approved: 0, answered: 0, dismissed: 0, toApproved: [], toAnswered: [] }));
    return m;
  };

  // The first approval and the first "answered live" our moderators did, per question (the audit).
  const approvedAt = new Map<string, { at: number; by: string }>();
  const liveAt = new Map<string, { at: number; by: string }>();
  for (const a of inputs.audit) {
    if (a.outcome !== 'done' || !a.questionId) continue;
    const into = a.action === 'approve' ? approvedAt : a.action === 'answered-live' ? liveAt : null;
    if (into && !into.has(a.questionId)) into.set(a.questionId, { at: a.at, by: a.moderator });
    if (a.action === 'dismiss') mod(a.moderator).dismissed += 1;
  }

  const q = { asked: 0, approved: 0, dismissed: 0, pending: 0, answeredText: 0, answeredLive: 0, unanswered: 0 };
  const toApproved: number[] = [];
  const toAnswered: number[] = [];
  const unanswered: Question[] = [];
  const times: number[] = [];
  const questionTimes: number[] = [];
  for (const question of inputs.questions) {
    q.asked += 1;
    questionTimes.push(question.createdAt);
    if (question.state === 'dismissed') q.dismissed += 1;
    else if (question.state === 'pending') q.pending += 1;
    else q.approved += 1;
    const texted = question.answers.length > 0;
    if (texted) q.answeredText += 1;
    if (question.answeredLive) q.answeredLive += 1;
    const approval = approvedAt.get(question.id);
    if (approval && approval.at >= question.createdAt) {
      const m = mod(approval.by);
      m.approved += 1;
      m.toApproved.push(approval.at - question.createdAt);
      toApproved.push(approval.at - question.createdAt);
    }
    // Answered: the first text answer, else the moment a moderator marked it answered live.
    let first: { at: number; by: string | null } | null = null;
    for (const a of question.answers) if (!first || a.at < first.at) first = { at: a.at, by: a.by };
    if (!first && question.answeredLive) first = liveAt.get(question.id) ?? null;
    if (first && first.at >= question.createdAt) {
      const m = mod(first.by);
      m.answered += 1;
      m.toAnswered.push(first.at - question.createdAt);
      toAnswered.push(first.at - question.createdAt);
      times.push(first.at - question.createdAt);
    }
    if (!texted && !question.answeredLive && question.state !== 'dismissed' && question.state !== 'answered') {
      q.unanswered += 1;
      unanswered.push(question);
    }
  }

  const topUnanswered = unanswered
    .sort((a, b) => b.votes - a.votes || a.createdAt - b.createdAt)
    .slice(0, TOP_UNANSWERED)
    .map((x) => ({ id: x.id, text: x.text, votes: x.votes, author: x.author.anonymous ? 'Anonymous' : x.author.name || x.author.id || 'unknown' }));

  const chat = { known: inputs.chat !== null || !!inputs.chatTally, messages: 0, senders: 0, flagged: 0, deleted: 0 };
  const tally = inputs.chatTally;
  if (tally) {
    Object.assign(chat, { messages: tally.messages, senders: Object.keys(tally.senders).length, flagged: tally.flagged, deleted: tally.deleted });
  } else {
    const senders = new Set<string>();
    for (const m of inputs.chat ?? []) {
      chat.messages += 1;
      senders.add(m.senderId);
      if (m.flagged) chat.flagged += 1;
      if (m.deleted) chat.deleted += 1;
    }
    chat.senders = senders.size;
  }

  const ri = inputs.reactions;
  const fromWidget = !!ri?.totals && Object.keys(ri.totals).length > 0;
  const reactions = { known: ri !== null, total: 0, byType: {} as Record<string, number>, fromWidget, watched: 0, since: ri?.since ?? null };
  const positive = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0);
  for (const n of Object.values(ri?.counted ?? {})) reactions.watched += positive(n);
  for (const [type, n] of Object.entries((fromWidget ? ri!.totals : ri?.counted) ?? {})) {
    reactions.total += positive(n);
    reactions.byType[type] = positive(n);
  }

  const answerTimes = ANSWER_BUCKETS.map((b) => ({ label: b.label, count: 0 }));
  for (const t of times) answerTimes[ANSWER_BUCKETS.findIndex((b) => t < b.upToMs)]!.count += 1;

  return {
    questions: q,
    toApproved: stat(toApproved),
    toAnswered: stat(toAnswered),
    perModerator: [...mods]
      .map(([moderator, m]) => ({ moderator, approved: m.approved, answered: m.answered, dismissed: m.dismissed, toApproved: stat(m.toApproved), toAnswered: stat(m.toAnswered) }))
      .sort((a, b) => b.answered + b.approved - (a.answered + a.approved) || a.moderator.localeCompare(b.moderator)),
    topUnanswered,
    polls: inputs.polls.map(({ poll, results }) => ({ id: poll._id, question: poll.content.question, state: poll.state, answers: results?.answers ?? 0, rows: resultRows(poll, results) })),
    chat,
    reactions,
    timeline: timeline(questionTimes, tally ? chatMinutes(tally) : (inputs.chat ?? []), ri?.series ?? []),
    answerTimes,
  };
}

/**
 * The tally's per-minute counts as the timeline counts chat: each minute at its start, with its count. The
 * buckets are whole minutes from a whole minute, so a message and its minute's start fall in the same one.
 */
function chatMinutes(tally: ChatTally): Array<{ at: number; count: number }> {
  const out: Array<{ at: number; count: number }> = [];
  for (const k in tally.minutes) {
    const count = tally.minutes[k]!;
    if (count > 0) out.push({ at: Number(k) * 60_000, count });
  }
  return out;
}

function timeline(questions: readonly number[], chat: ReadonlyArray<{ at: number; count?: number }>, reactions: readonly ReactionRecordInput[]): SessionReportData['timeline'] {
  let min = Infinity;
  let max = -Infinity;
  const see = (t: number) => {
    if (!Number.isFinite(t)) return;
    if (t < min) min = t;
    if (t > max) max = t;
  };
  for (const t of questions) see(t);
  for (const m of chat) see(m.at);
  for (const r of reactions) see(r.at);
  if (min === Infinity) return { bucketMs: 60_000, buckets: [] };
  const start = Math.floor(min / 60_000) * 60_000;
  const minutes = Math.floor((max - start) / 60_000) + 1;
  const bucketMs = 60_000 * Math.max(1, Math.ceil(minutes / MAX_BUCKETS));
  const n = Math.floor((max - start) / bucketMs) + 1;
  const buckets: TimelineBucket[] = Array.from({ length: n }, (_, i) => ({ at: start + i * bucketMs, questions: 0, chat: 0, reactions: 0 }));
  const at = (t: number) => buckets[Math.floor((t - start) / bucketMs)];
  for (const t of questions) if (Number.isFinite(t)) at(t)!.questions += 1;
  for (const m of chat) if (Number.isFinite(m.at)) at(m.at)!.chat += m.count ?? 1;
  for (const r of reactions) if (Number.isFinite(r.at) && r.count > 0) at(r.at)!.reactions += r.count;
  return { bucketMs, buckets };
}

/** A duration as a moderator reads it: "45 s", "3 min 10 s", "1 h 5 min". */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
