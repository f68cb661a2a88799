// Teach mode: the optional actions (restore, claim, release) a moderator may answer with "the widget has no
// such control". Kept apart from draft.ts (which reads the page) so the panel can use it without the DOM code.
import type { ProfileV2, QnaSection } from '../profile-schema';
import type { TeachAction } from './draft';

/** Actions many widgets do not offer: "the widget has no such control" is an answer to them. */
export const OPTIONAL_TEACH_ACTIONS = ['restore', 'claim', 'release'] as const satisfies readonly TeachAction[];
export type OptionalTeachAction = (typeof OPTIONAL_TEACH_ACTIONS)[number];

/** Said to the moderator when they try an action the teacher said the widget does not have. */
const NONE_REASON: Record<OptionalTeachAction, string> = {
  restore: 'This widget has no way to restore a dismissed question (taught in the panel).',
  claim: 'This widget has no way to claim a question (taught in the panel).',
  release: 'This widget has no way to release a claimed question (taught in the panel).',
};

/**
 * The draft with the optional actions the moderator said the widget has no control for: no steps for them
 * (anything recorded is dropped), and the reason in `qna.absent`, which the panel shows instead of the
 * action. The capability key of claim and release is `claim`: a widget that cannot claim cannot release.
 */
export function withAbsent(profile: ProfileV2, none: readonly OptionalTeachAction[]): ProfileV2 {
  if (!profile.qna || none.length === 0) return profile;
  const qna: QnaSection = { ...profile.qna, actions: { ...profile.qna.actions }, absent: { ...profile.qna.absent } };
  for (const action of none) {
    if (!(OPTIONAL_TEACH_ACTIONS as readonly string[]).includes(action)) continue;
    delete qna.actions[action];
    qna.absent![action] = NONE_REASON[action];
  }
  if (none.includes('claim')) delete qna.actions.release; // nothing to release without a claim
  return { ...profile, qna };
}

/**
 * The teacher's answer "the widget has none" for `action` given (`none`) or taken back, kept in the list
 * that travels with the rest of the draft (TeachPicks.absent). Anything but an optional action is ignored.
 */
export function setAbsent(absent: readonly OptionalTeachAction[] | undefined, action: unknown, none: boolean): OptionalTeachAction[] {
  const kept = (absent ?? []).filter((a) => a !== action);
  if (!none || !(OPTIONAL_TEACH_ACTIONS as readonly unknown[]).includes(action)) return kept;
  return [...kept, action as OptionalTeachAction];
}
