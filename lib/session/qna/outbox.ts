// The outbox: every Q&A command gets an id, is performed on the surface, and stays until its effect is
// observed. A command whose effect does not show in time is performed again only if doing it twice is
// harmless (the check comes first, so nothing is applied twice); one that is not (an answer: a second
// perform posts a second answer) is reported as unconfirmed instead, for the moderator to check the
// widget and decide. After the last attempt a command is reported as failed: the question stays where
// the surface has it. Pure state plus a `tick`; the caller owns timers and persistence.
import type { PendingCommand } from '../../model/qna/session';
import type { QnaAction } from '../../model/qna/commands';

export interface OutboxPolicy {
  /** How long to wait for the effect after performing, per attempt (ms). */
  confirmWithinMs: number;
  attempts: number;
}

export const DEFAULT_POLICY: OutboxPolicy = { confirmWithinMs: 4_000, attempts: 3 };

export const UNCONFIRMED_MESSAGE = 'Sent, but not confirmed: check the widget before sending it again.';

export interface OutboxEntry extends PendingCommand {
  /** Epoch ms of the last perform, or null before the first. */
  sentAt: number | null;
  /** For an answer: how many matching answers the question had before it was sent (see effects.ts). */
  baseline?: number;
}

export type OutboxStep =
  | { kind: 'perform'; entry: OutboxEntry }
  | { kind: 'done'; entry: OutboxEntry }
  | { kind: 'failed'; entry: OutboxEntry };

/**
 * Decides what to do with each entry now. `observed(entry)` says whether the effect shows;
 * `retrySafe(action)` whether performing it again is harmless (default: everything but an answer).
 * Returns the next entries and the steps to take (perform calls to make, results to report).
 */
export function tickOutbox(
  entries: readonly OutboxEntry[],
  observed: (entry: OutboxEntry) => boolean,
  now: number,
  policy: OutboxPolicy = DEFAULT_POLICY,
  retrySafe: (action: QnaAction) => boolean = (action) => action.kind !== 'answer',
  /**
   * Why nothing may be performed now (the surface is offline), or null. Held commands wait with this
   * reason and are neither performed nor counted as attempts; confirmations still settle them.
   */
  hold: string | null = null,
): { entries: OutboxEntry[]; steps: OutboxStep[] } {
  const next: OutboxEntry[] = [];
  const steps: OutboxStep[] = [];
  // Commands on one question run in the order they were given: an undo (restore) right after a dismiss
  // must not count as done just because the dismissal has not shown yet.
  const busy = new Set<string>();
  for (const entry of entries) {
    if (entry.status.state === 'done' || entry.status.state === 'failed') continue;
    const questionId = 'questionId' in entry.action ? entry.action.questionId : null;
    if (questionId !== null && busy.has(questionId)) {
      next.push(entry);
      continue;
    }
    if (questionId !== null) busy.add(questionId);
    if (observed(entry)) {
      if (questionId !== null) busy.delete(questionId);
      const done = { ...entry, status: { state: 'done' as const } };
      steps.push({ kind: 'done', entry: done });
      continue;
    }
    const attempt = entry.status.state === 'sending' ? entry.status.attempt : 0;
    const waiting = entry.sentAt !== null && now - entry.sentAt < policy.confirmWithinMs;
    if (hold !== null && !waiting) {
      // Offline: a command not yet sent waits with the reason; one sent before the drop waits for the
      // surface to come back (its confirmation may still arrive).
      // (After the drop a retry-safe action is performed again, and an answer is reported unconfirmed.)
      if (entry.status.state === 'sending' || (entry.status.state === 'queued' && entry.status.reason === hold)) next.push(entry);
      else next.push({ ...entry, status: { state: 'queued', reason: hold } });
      continue;
    }
    if (waiting) {
      next.push(entry);
    } else if (attempt >= 1 && !retrySafe(entry.action)) {
      steps.push({ kind: 'failed', entry: failEntry(entry, UNCONFIRMED_MESSAGE) });
    } else if (attempt >= policy.attempts) {
      steps.push({ kind: 'failed', entry: failEntry(entry, `No confirmation from the surface after ${attempt} attempts.`) });
    } else {
      const sending = { ...entry, sentAt: now, status: { state: 'sending' as const, attempt: attempt + 1 } };
      next.push(sending);
      steps.push({ kind: 'perform', entry: sending });
    }
  }
  return { entries: next, steps };
}

export function failEntry(entry: OutboxEntry, message: string): OutboxEntry {
  return { ...entry, status: { state: 'failed', message } };
}
