// Announces through the CnC widget's own composer, as the selector profile names it, and confirms by
// seeing the announcement appear in the widget's list. Runs in the content script.
import { setValue } from './dom-input';
import { MissingControlError } from './qna-actor';
import { matchProfiles } from './profile';
import { announcementsProfileOf, pinAbsence, type AnnouncementsProfile } from './announce-profile';
import type { FieldSpec } from './qna-profile';
import type { FeatureContext } from '../content/features';

export interface AnnounceDeps {
  doc: Document;
  /** The mounted widget (lib/content/features.ts): when given, everything is read inside it only. */
  widget?: { root: Element; profileId: string; moderator: boolean; signal: AbortSignal };
  setTimeout(fn: () => void, ms: number): unknown;
  now(): number;
}

export const CONFIRM_WITHIN_MS = 8_000;
const LOOK_EVERY_MS = 100;

/** Resolves once the widget lists the announcement; throws with a sentence for the moderator. */
export async function announceInWidget(deps: AnnounceDeps, input: { text: string; pin: boolean }, confirmWithinMs = CONFIRM_WITHIN_MS): Promise<void> {
  const match = deps.widget
    ? { widgetPresent: deps.widget.root.isConnected, moderatorMarkup: deps.widget.moderator, profileId: deps.widget.profileId }
    : matchProfiles(deps.doc);
  const scope: ParentNode = deps.widget?.root ?? deps.doc;
  if (!match.widgetPresent) throw new Error('This page shows no CnC widget to announce in.');
  if (!match.moderatorMarkup) throw new Error('The CnC widget on this page is not in moderator mode: open the session as a moderator.');
  const profile = announcementsProfileOf(match.profileId);
  if (!profile) throw new Error(`The selector profile ${match.profileId} knows no announcement composer.`);
  const absent = input.pin ? pinAbsence(profile, match.profileId) : null;
  if (absent) throw new Error(absent);

  const form = scope.querySelector<HTMLElement>(profile.composer);
  if (!form) throw new MissingControlError("announcement composer", profile.composer, match.profileId);
  const field = form.querySelector<HTMLInputElement | HTMLTextAreaElement>(profile.input);
  if (!field) throw new MissingControlError('announcement text box', profile.input, match.profileId);
  const send = form.querySelector<HTMLElement>(profile.send);
  if (!send) throw new MissingControlError('announcement send button', profile.send, match.profileId);
  if ((send as HTMLButtonElement).disabled) throw new Error("The widget's announcement send button is disabled.");
  if (input.pin && profile.pin) form.querySelector<HTMLElement>(profile.pin)?.click();

  const wanted = input.text.trim();
  const before = new Set(listed(scope, profile).map((a) => a.key));
  const errorBefore = profile.error ? (scope.querySelector(profile.error)?.textContent ?? '').trim() : '';
  setValue(field, input.text);
  send.click();

  const deadline = deps.now() + confirmWithinMs;
  for (;;) {
    if (deps.widget?.signal.aborted) throw new Error('The CnC widget went away (the page changed session or re-rendered) before the announcement showed: check the widget before sending it again.');
    if (listed(scope, profile).some((a) => !before.has(a.key) && a.text === wanted)) return;
    const error = profile.error ? (scope.querySelector(profile.error)?.textContent ?? '').trim() : '';
    if (error && error !== errorBefore) throw new Error(`The widget refused the announcement: ${error}`);
    if (deps.now() >= deadline) {
      throw new Error(`The announcement did not appear in the widget within ${Math.ceil(confirmWithinMs / 1000)} s: check the widget before sending it again.`);
    }
    await new Promise<void>((resolve) => deps.setTimeout(resolve, LOOK_EVERY_MS));
  }
}

function listed(doc: ParentNode, profile: AnnouncementsProfile): Array<{ key: string; text: string }> {
  return Array.from(doc.querySelectorAll(profile.item)).map((el, i) => {
    const text = read(el, profile.text).trim();
    const id = profile.id ? read(el, profile.id) : '';
    return { key: id || `${i}:${text}`, text };
  });
}

function read(el: Element, spec: FieldSpec): string {
  const target = spec.selector ? el.querySelector(spec.selector) : el;
  if (!target) return '';
  return (spec.attr ? target.getAttribute(spec.attr) : target.textContent) ?? '';
}

/** The announcement feature: announces in the widget it was mounted on, while that mount lasts. */
export class AnnounceFeature {
  readonly name = 'announcements';
  private widget: AnnounceDeps['widget'] | null = null;

  constructor(private readonly deps: Omit<AnnounceDeps, 'widget'>) {}

  start(ctx: FeatureContext): void {
    const widget = { root: ctx.root, profileId: ctx.profileId, moderator: ctx.moderator, signal: ctx.signal };
    this.widget = widget;
    ctx.signal.addEventListener(
      'abort',
      () => {
        if (this.widget === widget) this.widget = null;
      },
      { once: true },
    );
  }

  perform(input: { text: string; pin: boolean }): Promise<void> {
    if (!this.widget) return Promise.reject(new Error('This page shows no CnC widget to announce in.'));
    return announceInWidget({ ...this.deps, widget: this.widget }, input);
  }
}
