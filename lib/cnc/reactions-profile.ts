// The reactions part of a selector profile (lib/cnc/profiles/*.json, `reactions`): the widget's live
// reactions box, its per-type counters and the moderator's on/off switch. Data, not code.
import type { FieldSpec } from './qna-profile';
import { profileById, type SelectorProfile } from './profile';

export interface ReactionsProfile {
  /** The reactions box (looked for in the widget root first, then in its document). */
  box: string;
  /** One reaction type's control inside the box. */
  item: string;
  type: FieldSpec;
  /** The running count inside an item. */
  count: FieldSpec;
  /** On the box: whether the session takes reactions now. */
  enabled?: FieldSpec;
  /** The moderator's switch inside the box. */
  switch?: string;
  /** The switch as it is when a click turns reactions on / off. */
  switchTo?: { on: string; off: string };
  absent?: { switch?: string };
}

export function reactionsProfileOf(profileId: string): ReactionsProfile | undefined {
  return (profileById(profileId) as (SelectorProfile & { reactions?: ReactionsProfile }) | undefined)?.reactions;
}

/** Why this profile offers no reactions switch, or null when it does. */
export function switchAbsence(profile: ReactionsProfile | undefined, profileId: string): string | null {
  if (!profile) return `The extension does not know this widget's reactions (profile ${profileId}).`;
  if (profile.switch && profile.switchTo) return null;
  return profile.absent?.switch ?? `The CnC widget on this page has no switch for reactions (profile ${profileId}).`;
}
