// Announces through the CnC widget's own controls, as the selector profile's steps say (open a panel or
// menu, type the text, tick "pin", send, confirm a dialog; a v1 profile's composer is the same steps), and
// confirms by seeing the announcement appear in the widget's list. Runs in the content script.
import { setValue } from './dom-input';
import { MissingControlError } from './qna-actor';
import { matchProfiles } from './profile';
import { announceRecipeOf, announcementsProfileOf, pinAbsence, type AnnounceRecipe, type AnnounceStep } from './announce-profile';
import { describeControl, findControls, listScope, readField, safeAll, safeOne } from './profile-dom';
import type { ControlSpec } from './profile-schema';
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
/** How long a step waits for its control (a panel, menu or dialog a framework renders a moment later). */
const STEP_WAIT_MS = 3_000;
const POLL_MS = 25;

/** Resolves once the widget lists the announcement; throws with a sentence for the moderator. */
export async function announceInWidget(deps: AnnounceDeps, input: { text: string; pin: boolean }, confirmWithinMs = CONFIRM_WITHIN_MS): Promise<void> {
  const match = deps.widget
    ? { widgetPresent: deps.widget.root.isConnected, moderatorMarkup: deps.widget.moderator, profileId: deps.widget.profileId }
    : matchProfiles(deps.doc);
  const root: ParentNode = deps.widget?.root ?? deps.doc;
  if (!match.widgetPresent) throw new Error('This page shows no CnC widget to announce in.');
  if (!match.moderatorMarkup) throw new Error('The CnC widget on this page is not in moderator mode: open the session as a moderator.');
  const profile = announcementsProfileOf(match.profileId);
  if (!profile) throw new Error(`The selector profile ${match.profileId} knows no announcement composer.`);
  const absent = input.pin ? pinAbsence(profile, match.profileId) : null;
  if (absent) throw new Error(absent);
  const recipe = announceRecipeOf(profile, input.pin);
  if (!recipe) throw new Error(`The selector profile ${match.profileId} says no way to send an announcement.`);
  const scope = listScope(root, recipe.list);
  if (!scope) throw new MissingControlError('announcement list (its shadow root)', (recipe.list.shadow ?? []).join(' > '), match.profileId);

  const wanted = input.text.trim();
  const before = new Set(listed(scope, recipe).map((a) => a.key));
  const errorText = () => (recipe.error ? (safeOne(scope, recipe.error)?.textContent ?? '').trim() : '');
  const errorBefore = errorText();
  await runAnnounceSteps(recipe.steps, { scope, text: input.text, profileId: match.profileId, deps });

  const deadline = deps.now() + confirmWithinMs;
  for (;;) {
    if (deps.widget?.signal.aborted) throw new Error('The CnC widget went away (the page changed session or re-rendered) before the announcement showed: check the widget before sending it again.');
    if (listed(scope, recipe).some((a) => !before.has(a.key) && a.text === wanted)) return;
    const error = errorText();
    if (error && error !== errorBefore) throw new Error(`The widget refused the announcement: ${error}`);
    if (deps.now() >= deadline) {
      throw new Error(`The announcement did not appear in the widget within ${Math.ceil(confirmWithinMs / 1000)} s: check the widget before sending it again.`);
    }
    await new Promise<void>((resolve) => deps.setTimeout(resolve, LOOK_EVERY_MS));
  }
}

interface StepContext {
  /** The list's scope: the widget root or the shadow root the list lives in; controls are looked for here. */
  scope: ParentNode;
  text: string;
  profileId: string;
  deps: Pick<AnnounceDeps, 'setTimeout' | 'now'>;
}

/**
 * Runs the steps of an announcement, in order: every control is looked for in the widget (its list's shadow
 * root) or the document, and waited for (a panel, a menu or a dialog a framework renders a moment later).
 * Nothing but clicks and typing the announcement's text: a profile cannot do anything else.
 */
export async function runAnnounceSteps(steps: readonly AnnounceStep[], ctx: StepContext): Promise<void> {
  const lastClick = steps.map((s) => 'click' in s).lastIndexOf(true);
  const scopeOf = (control: ControlSpec, inside: string | undefined): ParentNode | null => {
    const base = control.within === 'document' ? ((ctx.scope as Node).ownerDocument ?? ctx.scope) : ctx.scope;
    if (!inside) return base;
    return safeOne(base, inside);
  };
  const waitFor = async (what: string, control: ControlSpec, ms: number, inside?: string, within?: () => ParentNode): Promise<Element> => {
    const until = ctx.deps.now() + ms;
    for (;;) {
      const scope = within ? within() : scopeOf(control, inside);
      if (!scope && inside) {
        if (ctx.deps.now() >= until) throw new MissingControlError('announcement composer', inside, ctx.profileId);
      } else {
        const el = scope ? findControls(scope, control)[0] : undefined;
        if (el) return el;
        if (ctx.deps.now() >= until) throw new MissingControlError(what, ms > 0 ? `${describeControl(control)}, waited ${ms} ms` : describeControl(control), ctx.profileId);
      }
      await new Promise<void>((r) => ctx.deps.setTimeout(r, POLL_MS));
    }
  };
  const click = (el: Element, what: string) => {
    if ((el as HTMLButtonElement).disabled || el.getAttribute('aria-disabled') === 'true') throw new Error(`The widget's ${what} is disabled.`);
    (el as HTMLElement).click();
  };

  for (const [i, step] of steps.entries()) {
    const ms = step.timeoutMs ?? (step.inside ? 0 : STEP_WAIT_MS);
    const n = steps.length > 1 ? ` (step ${i + 1})` : '';
    if ('click' in step) {
      const what = i === lastClick ? 'announcement send button' : step.inside ? 'announcement pin toggle' : `announcement control${n}`;
      click(await waitFor(what, step.click, ms, step.inside), what);
    } else if ('fill' in step) {
      setValue((await waitFor('announcement text box', step.fill, ms, step.inside)) as HTMLInputElement, ctx.text);
    } else if ('menu' in step) {
      click(await waitFor(`announcement menu${n}`, step.menu.open, ms), 'announcement menu');
      click(await waitFor(`announcement menu item${n}`, step.menu.item, ms), 'announcement menu item');
    } else if ('wait' in step) {
      await waitFor(`announcement control${n}`, step.wait, ms);
    } else if ('confirm' in step) {
      const dialog = await waitFor(`announcement confirmation dialog${n}`, step.confirm.dialog, ms);
      click(await waitFor(`announcement confirming button${n}`, step.confirm.button, ms, undefined, () => dialog), 'announcement confirming button');
    }
  }
}

function listed(scope: ParentNode, recipe: AnnounceRecipe): Array<{ key: string; text: string }> {
  return safeAll(scope, recipe.list.row).map((el, i) => {
    const text = (readField(el, recipe.text) ?? '').trim();
    const id = recipe.id ? (readField(el, recipe.id) ?? '') : '';
    return { key: id || `${i}:${text}`, text };
  });
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
