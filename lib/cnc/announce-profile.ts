// The announcement part of a selector profile (lib/cnc/profiles/*.json, `announcements`): the moderator's
// composer in the CnC widget and the list that shows what was announced. Data, not code.
import type { FieldSpec } from './qna-profile';
import { profileById, type SelectorProfile } from './profile';

export interface AnnouncementsProfile {
  /** The composer form. */
  composer: string;
  /** Inside the composer. */
  input: string;
  send: string;
  /** One announcement in the widget's list (anywhere in the document). */
  item: string;
  id?: FieldSpec;
  text: FieldSpec;
  /** Where the widget shows a failure, if it does. */
  error?: string;
  /** A "pin" toggle inside the composer, when the widget has one. */
  pin?: string;
  absent?: { pin?: string };
}

export function announcementsProfileOf(profileId: string): AnnouncementsProfile | undefined {
  return (profileById(profileId) as (SelectorProfile & { announcements?: AnnouncementsProfile }) | undefined)?.announcements;
}

/** Why this profile cannot pin announcements, or null when it can. */
export function pinAbsence(profile: AnnouncementsProfile, profileId: string): string | null {
  if (profile.pin) return null;
  return profile.absent?.pin ?? `The CnC widget on this page has no pin control for announcements (profile ${profileId}).`;
}
