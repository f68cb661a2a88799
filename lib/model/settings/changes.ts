// Changing a setting from the Settings view. Where the widget's moderator view has a control for a setting
// (today: the reactions on/off switch, which the reactions profile section knows), the panel changes it
// through that control and confirms it from what the widget shows afterwards; every other setting is
// changed in the Kaltura Events admin (the deep link). Pure: the view feeds it the reactions meter's view.
import type { SettingKey } from './widget-config';

/** What the reactions feature says about the widget's switch (lib/contracts/reactions' ReactionsView). */
export interface WidgetSwitch {
  /** Unix ms of this view: what was true then. */
  at: number;
  /** What the widget shows now: on, off, or it does not say. */
  enabled: boolean | null;
  /** Why the widget offers no switch here (null: it does). */
  switchAbsent: string | null;
  switching: { on: boolean; since: number } | null;
  switchError: string | null;
}

/** A change the moderator asked for. */
export interface AskedChange {
  key: SettingKey;
  on: boolean;
  /** Unix ms. */
  at: number;
}

export type ChangeOutcome =
  | { state: 'sending' }
  | { state: 'confirmed' }
  | { state: 'failed'; message: string };

/** The widget gets this long to show the change before the panel says it was not confirmed. */
export const CONFIRM_TIMEOUT_MS = 15_000;

/** Settings the widget's moderator view has a control for (the others: the Kaltura Events admin). */
export const WIDGET_CONTROLLED: readonly SettingKey[] = ['module.reactions'];

/** The widget's control for a setting, or why there is none. */
export function widgetControl(key: SettingKey, reactions: WidgetSwitch | null): { offered: true; current: boolean | null } | { offered: false; why: string } {
  if (key !== 'module.reactions') return { offered: false, why: "The widget's moderator view has no control for this setting." };
  if (!reactions) return { offered: false, why: 'The reactions switch is not known yet: the panel has not read the widget’s reactions.' };
  if (reactions.switchAbsent) return { offered: false, why: reactions.switchAbsent };
  return { offered: true, current: reactions.enabled };
}

/**
 * Where an asked change stands. Only views made after the ask count (an older view's error or state is
 * about an earlier attempt). Confirmed when the widget shows the asked state and nothing is in flight.
 */
export function changeOutcome(asked: AskedChange, reactions: WidgetSwitch | null, now: number): ChangeOutcome {
  const fresh = reactions && reactions.at >= asked.at ? reactions : null;
  if (fresh && !fresh.switching) {
    if (fresh.switchError) return { state: 'failed', message: fresh.switchError };
    if (fresh.enabled === asked.on) return { state: 'confirmed' };
  }
  if (now - asked.at > CONFIRM_TIMEOUT_MS) {
    return { state: 'failed', message: `The widget did not show reactions ${asked.on ? 'on' : 'off'} within ${CONFIRM_TIMEOUT_MS / 1000} s.` };
  }
  return { state: 'sending' };
}
