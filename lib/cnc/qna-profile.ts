// The Q&A part of a selector profile (lib/cnc/profiles/*.json, `qna`, language v2: lib/cnc/profile-schema.ts):
// where the rows are, how each question's fields and state show, and the steps that perform each action.
// Data, not code: a changed widget is a profile change.
import type { QnaCapabilities } from '../model/qna/types';
import type { QnaSection } from './profile-schema';

export type { FieldSpec, ActionSpec } from './profile-schema';

export type ProfileAction =
  | 'approve'
  | 'dismiss'
  | 'restore'
  | 'answered-live'
  | 'claim'
  | 'release'
  | 'answer-public'
  | 'answer-private';

export type QnaProfile = QnaSection;

/** What the widget can do, as its profile says: an action without steps is absent, with a reason. */
export function capabilitiesOf(profile: QnaProfile): QnaCapabilities {
  const has = (a: ProfileAction) => !!profile.actions[a];
  const reason = (what: string) => `The CnC widget on this page has no ${what} control (profile has none).`;
  const caps: QnaCapabilities = {
    approve: has('approve'),
    dismiss: has('dismiss'),
    restore: has('restore'),
    answerPublic: has('answer-public'),
    answerPrivate: has('answer-private'),
    answeredLive: has('answered-live'),
    editBeforeApprove: false,
    claim: has('claim'),
    absent: { ...(profile.absent as QnaCapabilities['absent']) },
  };
  const labels: Array<[Exclude<keyof QnaCapabilities, 'absent' | 'editBeforeApprove'>, string]> = [
    ['approve', 'approve'],
    ['dismiss', 'dismiss'],
    ['restore', 'restore'],
    ['answerPublic', 'public answer'],
    ['answerPrivate', 'private answer'],
    ['answeredLive', '"answered live"'],
    ['claim', 'claim'],
  ];
  for (const [key, label] of labels) if (!caps[key]) caps.absent[key] ??= reason(label);
  caps.absent.editBeforeApprove ??= reason('edit');
  return caps;
}
