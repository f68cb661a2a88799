// Undo returns a question to exactly where it was. A surface's "restore" puts a dismissed question back in
// Pending (CnC widget: its restore control; webcast: State = Pending, which is open there), never
// published: an undo that published what the moderator had just rejected would be worse than no undo.
// Pure: the panel asks for a plan when it acts, and sends the plan's actions in order when Undo is pressed
// (the outbox runs the commands on one question in the order given, each after the previous is confirmed).
import type { QnaAction } from './commands';
import type { QnaCapabilities, QuestionState } from './types';

export type UndoPlan = { ok: true; actions: QnaAction[] } | { ok: false; reason: string };

/** What `restore` leaves a dismissed question in, on this surface. */
export function restoredState(caps: Pick<QnaCapabilities, 'approve'>): QuestionState {
  // Without an approval step (webcast) there is no Pending on the surface: restored means open again.
  return caps.approve ? 'pending' : 'approved';
}

/**
 * How to undo `from → to` for one question (`from` as the surface had it, not a banned-word hold), or why
 * it cannot be undone here. Handles what the panel offers an undo for: a dismissal and an approval.
 */
export function undoPlan(
  questionId: string,
  from: QuestionState,
  to: 'dismissed' | 'approved',
  caps: Pick<QnaCapabilities, 'approve' | 'dismiss' | 'restore' | 'absent'>,
): UndoPlan {
  if (!caps.restore) return { ok: false, reason: `Undo isn't available: ${caps.absent.restore ?? 'this surface cannot restore a dismissed question.'}` };
  if (to === 'dismissed') {
    if (from === 'dismissed') return { ok: false, reason: 'It was already dismissed.' };
    const restore: QnaAction = { kind: 'restore', questionId };
    if (from === 'pending' || restoredState(caps) !== 'pending') return { ok: true, actions: [restore] };
    // Approved (or answered) before: back to Pending, then approved again, as it was for attendees.
    if (!caps.approve) return { ok: false, reason: `Undo isn't available: ${caps.absent.approve ?? 'this surface cannot approve.'}` };
    return { ok: true, actions: [restore, { kind: 'approve', questionId }] };
  }
  // An approval is taken back by dismissing and restoring to Pending (attendees saw it in between).
  if (from !== 'pending') return { ok: false, reason: 'It was not pending.' };
  if (!caps.dismiss) return { ok: false, reason: `Undo isn't available: ${caps.absent.dismiss ?? 'this surface cannot dismiss.'}` };
  if (restoredState(caps) !== 'pending') return { ok: false, reason: "Undo isn't available: this surface cannot put a question back in Pending." };
  return { ok: true, actions: [{ kind: 'dismiss', questionId }, { kind: 'restore', questionId }] };
}

/** A few words of a question for a toast ("“When does the keynote…” dismissed."). Text only. */
export function questionSnippet(text: string, max = 40): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
