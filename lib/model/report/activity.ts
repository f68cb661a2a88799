// What the session report reads from the chat and reactions features, turned into its own inputs:
// - chat: the panel's mirror of the tab's chat (the messages the worker holds, at most its memory cap, deleted
//   ones kept and marked, our flags, deletion records and audit); the report's chat figures come from the
//   mirror's tally (lib/model/chat/tally.ts), the log below from the messages held (the chat CSV merges them
//   with the chat log on this computer, lib/model/chat/archive.ts, which has the ones let go);
// - reactions: the meter's view (the widget's running totals, and a per-minute series of what was counted
//   since the extension started watching, kept for the whole session by lib/session/reactions).
// Pure and linear in the messages (100,000 of them: test/bench/report.bench.ts).
import type { ChatAuditEntry } from '../chat/commands';
import type { DeletionRecord } from '../chat/session';
import type { ChatMessage } from '../chat/types';
import type { Bucket, Counts } from '../reactions/meter';
import type { ChatRecordInput, ReactionRecordInput, ReactionsInput } from './session-report';
import { chatRecordOf } from '../chat/archive';

/** What the report needs of the chat mirror (lib/model/chat/session's ChatMirror has it). */
export interface ChatSource {
  store: { list: readonly ChatMessage[] };
  meta: {
    flags: Record<string, unknown>;
    deletions: Record<string, DeletionRecord>;
    audit: readonly ChatAuditEntry[];
  };
}

/**
 * The chat log as the report counts it. Flagged: flagged by the moderator's rules and still waiting, kept
 * after a look (our audit names it), or deleted while flagged (our deletion record marks it; auto-delete too). Deleted: the widget shows it deleted; who
 * and when from our deletion record.
 */
export function chatRecordsOf(chat: ChatSource): HeldChatRecord[] {
  const flagged = new Set(Object.keys(chat.meta.flags));
  for (const a of chat.meta.audit) if (a.messageId && (a.action === 'keep' || a.action === 'auto-delete')) flagged.add(a.messageId);
  const out: HeldChatRecord[] = new Array(chat.store.list.length);
  let i = 0;
  // The id too: the chat CSV merges these with the archive's rows (lib/model/chat/archive.ts).
  for (const m of chat.store.list) out[i++] = { id: m.id, ...chatRecordOf(m, flagged.has(m.id), chat.meta.deletions[m.id]) };
  return out;
}

/** A message the panel holds, as the report counts it, with its id. */
export type HeldChatRecord = ChatRecordInput & { id: string };

/** What the report needs of the reactions view (lib/contracts/reactions' ReactionsView has it). */
export interface ReactionsSource {
  startedAt: number;
  counted: Counts;
  /** The widget's running totals last seen (what its counters show: the session's own count). */
  totals?: Counts | null;
  /** Per-minute counts since watching began (absent in a view from an older background). */
  minutes?: readonly Bucket[];
}

export function reactionsInputOf(view: ReactionsSource): ReactionsInput {
  const series: ReactionRecordInput[] = [];
  for (const b of view.minutes ?? []) for (const [type, count] of Object.entries(b.counts)) series.push({ at: b.start, type, count });
  return { totals: view.totals ?? null, counted: view.counted, since: view.startedAt, series };
}

export const MINUTE_MS = 60_000;
/** A day of minutes: a longer session keeps its latest day (the bound is on the background's memory). */
export const MAX_MINUTES = 24 * 60;

/**
 * Adds counted reactions to a per-minute series (oldest first, only minutes with reactions), in place.
 * Reports come in time order, so this is an append or a bump of the last minute; a late one is placed.
 */
export function addToMinutes(series: Bucket[], deltas: Counts, at: number): void {
  const types = Object.keys(deltas);
  if (!types.length || !Number.isFinite(at)) return;
  const start = Math.floor(at / MINUTE_MS) * MINUTE_MS;
  let i = series.length - 1;
  while (i >= 0 && series[i]!.start > start) i--;
  let bucket = i >= 0 && series[i]!.start === start ? series[i]! : null;
  if (!bucket) series.splice(i + 1, 0, (bucket = { start, counts: {} }));
  for (const t of types) {
    const d = deltas[t]!;
    if (Number.isFinite(d) && d > 0) bucket.counts[t] = (bucket.counts[t] ?? 0) + d;
  }
  if (series.length > MAX_MINUTES) series.splice(0, series.length - MAX_MINUTES);
}
