// The Q&A part of a selector profile: where a question's fields are in its row, and which control performs
// each action. Data, not code (lib/cnc/profiles/*.json): a changed widget is a profile change.
import type { QnaCapabilities, QuestionState } from '../model/qna/types';

/** Read a value from a row: an element inside it (or the row itself), its text or an attribute. */
export interface FieldSpec {
  selector?: string;
  attr?: string;
  /** A regular expression whose first group is the value. */
  pattern?: string;
  /** For booleans: the value that means true. */
  equals?: string;
  /** For enumerations: widget value → ours. */
  map?: Record<string, string>;
}

export interface ActionSpec {
  /** An input to fill with the action's text first. */
  fill?: string;
  click: string;
}

export type ProfileAction =
  | 'approve'
  | 'dismiss'
  | 'restore'
  | 'answered-live'
  | 'claim'
  | 'release'
  | 'answer-public'
  | 'answer-private';

export interface QnaProfile {
  item: string;
  id: FieldSpec;
  state: FieldSpec & { map: Record<string, QuestionState> };
  text: FieldSpec;
  author: FieldSpec;
  authorId?: FieldSpec;
  anonymousAuthor?: string;
  time?: FieldSpec;
  votes?: FieldSpec;
  answeredLive?: FieldSpec;
  handledBy?: FieldSpec;
  answer?: { item: string; id: FieldSpec; visibility: FieldSpec; text: FieldSpec; by?: FieldSpec };
  /** Read from the document: whether the widget is connected to CnC (`equals` means live). */
  connection?: FieldSpec;
  /** Read from the document: the signed-in moderator as the widget knows them (who claims show). */
  me?: FieldSpec;
  actions: Partial<Record<ProfileAction, ActionSpec>>;
  absent?: Partial<Record<Exclude<keyof QnaCapabilities, 'absent'>, string>>;
}

/** What the widget can do, as its profile says: an action without a control is absent, with a reason. */
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
    absent: { ...profile.absent },
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
