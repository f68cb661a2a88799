// The Q&A state of one attached session, as the background holds it and the panel mirrors it.
// The panel gets one snapshot when it connects, then patches: with 10,000 questions a full copy per
// change would cost more than the change.
import type { AuditEntry, CommandStatus, QnaAction } from './commands';
import type { QnaCapabilities, Question, Surface } from './types';

export interface PendingCommand {
  id: string;
  action: QnaAction;
  status: CommandStatus;
  /** Epoch ms the moderator asked. */
  at: number;
}

export interface QnaMeta {
  surface: Surface;
  entryId: string;
  capabilities: QnaCapabilities;
  /** This moderator's id, as the surface knows it (for claims and "mine"). */
  me: string;
  /** Starred questions, in the order the speaker should take them. */
  starred: string[];
  bannedWords: string[];
  /** Questions held by a banned word: id → reason. Held questions show in Pending. */
  holds: Record<string, string>;
  /** Merged questions: primary id → the ids merged into it. */
  merged: Record<string, string[]>;
  commands: PendingCommand[];
  /** Epoch ms since which the surface has not answered, or null when live. */
  staleSince: number | null;
  /** Why the surface can't be read, if it can't (a missing profile selector, an expired KS). */
  problem: string | null;
  audit: AuditEntry[];
}

export interface QnaSnapshot {
  meta: QnaMeta;
  questions: Question[];
}

export interface QnaPatch {
  meta?: Partial<QnaMeta>;
  upserts?: Question[];
  removed?: string[];
}

export function applyPatch(questions: Map<string, Question>, patch: QnaPatch): Map<string, Question> {
  if (!patch.upserts?.length && !patch.removed?.length) return questions;
  const next = new Map(questions);
  for (const q of patch.upserts ?? []) next.set(q.id, q);
  for (const id of patch.removed ?? []) next.delete(id);
  return next;
}

/** The state the inbox shows: a question held by a banned word sits in Pending whatever the surface says. */
export function effectiveState(q: Question, meta: Pick<QnaMeta, 'holds'>): Question['state'] {
  return meta.holds[q.id] && q.state !== 'dismissed' && q.state !== 'answered' ? 'pending' : q.state;
}

/** Votes as the panel shows them: a merged primary carries its members' votes. */
export function effectiveVotes(q: Question, meta: Pick<QnaMeta, 'merged'>, byId: ReadonlyMap<string, Question>): number {
  const members = meta.merged[q.id];
  if (!members) return q.votes;
  return members.reduce((sum, id) => sum + (byId.get(id)?.votes ?? 0), q.votes);
}
