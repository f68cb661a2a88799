// The announcement part of a selector profile (lib/cnc/profiles/*.json, `announcements`): how the moderator
// announces in the CnC widget and the list that shows what was announced. Data, not code.
//
// Two shapes, both valid (profile-schema.ts validates them):
//  - v1: a composer form with a text box, a send button and an optional pin toggle (one fill, one click),
//  - steps: a `list` of announcements and `actions.send` (and `actions.send-pinned` where the widget can pin)
//    as steps, the same step language as Q&A (open a panel or menu, fill, click "pin", send, confirm).
// The actor (announce.ts) only ever runs steps: the v1 shape is translated to the same steps here.
import type { FieldSpec } from './qna-profile';
import { profileById, type SelectorProfile } from './profile';
import type { AnnouncementsSection, AnnouncementsSectionSteps, AnnouncementsSectionV1, ControlSpec, ListSpec, StepSpec } from './profile-schema';

export type AnnouncementsV1 = AnnouncementsSectionV1;
export type AnnouncementsSteps = AnnouncementsSectionSteps;
export type AnnouncementsProfile = AnnouncementsSection;

export function isStepsShape(p: AnnouncementsProfile): p is AnnouncementsSteps {
  return 'actions' in p;
}

/**
 * One step as the actor runs it: a profile step, or a translated v1 step whose control is looked for inside
 * the composer form (`inside`, a selector; internal only, no profile can write it).
 */
export type AnnounceStep = StepSpec & { inside?: string };

export interface AnnounceRecipe {
  /** Where the list and the controls are: shadow hosts to descend through from the widget root. */
  list: ListSpec;
  id?: FieldSpec;
  text: FieldSpec;
  error?: string;
  steps: AnnounceStep[];
}

/** The steps that send (pinned or not), or null when the profile cannot pin and a pin is asked for. */
export function announceRecipeOf(p: AnnouncementsProfile, pin: boolean): AnnounceRecipe | null {
  if (isStepsShape(p)) {
    const action = pin ? p.actions['send-pinned'] : p.actions.send;
    if (!action) return null;
    return { list: p.list, id: p.id, text: p.text, error: p.error, steps: action.steps };
  }
  if (pin && !p.pin) return null;
  const inForm = (selector: string): ControlSpec => ({ selector, within: 'widget' });
  const steps: AnnounceStep[] = [
    ...(pin && p.pin ? [{ click: inForm(p.pin), inside: p.composer }] : []),
    { fill: inForm(p.input), inside: p.composer },
    { click: inForm(p.send), inside: p.composer },
  ];
  return { list: { row: p.item }, id: p.id, text: p.text, error: p.error, steps };
}

export function announcementsProfileOf(profileId: string): AnnouncementsProfile | undefined {
  return (profileById(profileId) as (SelectorProfile & { announcements?: AnnouncementsProfile }) | undefined)?.announcements;
}

/** Whether the profile says how to pin an announcement. */
export function canPin(profile: AnnouncementsProfile): boolean {
  return isStepsShape(profile) ? !!profile.actions['send-pinned'] : !!profile.pin;
}

/** Why this profile cannot pin announcements, or null when it can. */
export function pinAbsence(profile: AnnouncementsProfile, profileId: string): string | null {
  if (canPin(profile)) return null;
  return profile.absent?.pin ?? `The CnC widget on this page has no pin control for announcements (profile ${profileId}).`;
}
