// Performs a Q&A action through the widget's own controls, as the profile's steps say (click a control in
// the row, open the row's menu and click an item, wait for an element, confirm a dialog, type the answer).
// Confirmation is not assumed here: the background waits until the reader shows the effect.
import type { QnaAction } from '../model/qna/commands';
import { setValue } from './dom-input';
import { describeControl, findControls, listScope } from './profile-dom';
import { RowIdentity } from './profile-identity';
import { renderedRows, reveal, type RevealDeps } from './profile-list';
import type { ControlSpec, StepSpec } from './profile-schema';
import type { ProfileAction, QnaProfile } from './qna-profile';
import { rowIds } from './qna-reader';

export class MissingControlError extends Error {
  constructor(what: string, selector: string, profileId: string) {
    super(`The CnC widget's ${what} was not found on this page (${selector}, profile ${profileId}).`);
    this.name = 'MissingControlError';
  }
}

export function profileActionOf(action: QnaAction): ProfileAction | null {
  switch (action.kind) {
    case 'answer':
      return action.visibility === 'public' ? 'answer-public' : 'answer-private';
    case 'approve':
    case 'dismiss':
    case 'restore':
    case 'answered-live':
    case 'claim':
    case 'release':
      return action.kind;
    case 'merge':
      return null; // the background turns a merge into dismissals
  }
}

export interface ActorContext {
  identity: RowIdentity;
  deps: RevealDeps;
}

const DEFAULT_WAIT_MS = 3_000;

const defaultContext = (): ActorContext => ({
  identity: new RowIdentity(),
  deps: { setTimeout: (fn, ms) => setTimeout(fn, ms), now: () => Date.now() },
});

export async function performAction(root: ParentNode, action: QnaAction, profile: QnaProfile, profileId: string, ctx: ActorContext = defaultContext()): Promise<void> {
  const name = profileActionOf(action);
  if (!name || action.kind === 'merge') throw new Error(`"${action.kind}" is not a widget action.`);
  const spec = profile.actions[name];
  if (!spec) throw new MissingControlError(`"${name}" control`, '(none in profile)', profileId);
  const find = () => {
    const rows = renderedRows(root, profile.list);
    const ids = rowIds(rows, profile, ctx.identity);
    return rows[ids.indexOf(action.questionId)] ?? null;
  };
  let row = find();
  if (!row && profile.list.virtual) {
    // Not rendered: scroll the lists until it is (virtualised lists render only their visible rows).
    await reveal(root, profile.list, ctx.deps, (rows) => rowIds(rows, profile, ctx.identity).includes(action.questionId));
    row = find();
  }
  if (!row) throw new MissingControlError(`question ${action.questionId}`, `row ${profile.list.row}`, profileId);
  const widget = listScope(root, profile.list) ?? root;
  const text = action.kind === 'answer' ? action.text : '';
  let current: Element = row;
  const rowNow = () => {
    // A framework may re-render the row after a step (its menu opened): look it up again by id.
    if (!current.isConnected) current = find() ?? current;
    return current;
  };

  const scopeOf = (control: ControlSpec, fallback: 'row' | 'widget'): ParentNode => {
    const within = control.within ?? fallback;
    if (within === 'row') return rowNow();
    if (within === 'document') return (root as Node).ownerDocument ?? (root as Document);
    return widget;
  };
  const one = (control: ControlSpec, fallback: 'row' | 'widget', scope: ParentNode = scopeOf(control, fallback)): Element | null => findControls(scope, control)[0] ?? null;
  const waitFor = async (what: string, control: ControlSpec, fallback: 'row' | 'widget', ms = DEFAULT_WAIT_MS, scope?: () => ParentNode): Promise<Element> => {
    const until = ctx.deps.now() + ms;
    for (;;) {
      const el = one(control, fallback, scope?.());
      if (el) return el;
      if (ctx.deps.now() >= until) throw new MissingControlError(what, `${describeControl(control)}, waited ${ms} ms`, profileId);
      await new Promise<void>((r) => ctx.deps.setTimeout(r, 25));
    }
  };
  const click = (el: Element, what: string) => {
    if ((el as HTMLButtonElement).disabled || el.getAttribute('aria-disabled') === 'true') throw new Error(`The widget's ${what} is disabled for this question.`);
    (el as HTMLElement).click();
  };

  for (const [i, step] of spec.steps.entries()) {
    const label = `"${name}" control${spec.steps.length > 1 ? ` (step ${i + 1})` : ''}`;
    await runStep(step, label);
  }

  async function runStep(step: StepSpec, label: string): Promise<void> {
    const ms = step.timeoutMs ?? DEFAULT_WAIT_MS;
    if ('click' in step) {
      const el = one(step.click, 'row');
      if (!el) throw new MissingControlError(label, describeControl(step.click), profileId);
      click(el, `"${name}" control`);
    } else if ('fill' in step) {
      const el = step.fill.within && step.fill.within !== 'row' ? await waitFor('answer box', step.fill, 'row', ms) : one(step.fill, 'row');
      if (!el) throw new MissingControlError('answer box', describeControl(step.fill), profileId);
      setValue(el as HTMLInputElement, text);
    } else if ('menu' in step) {
      const opener = one(step.menu.open, 'row');
      if (!opener) throw new MissingControlError(`menu of the question (${label})`, describeControl(step.menu.open), profileId);
      click(opener, 'menu');
      click(await waitFor(`menu item for "${name}"`, step.menu.item, 'widget', ms), `"${name}" menu item`);
    } else if ('wait' in step) {
      await waitFor(label, step.wait, 'widget', ms);
    } else if ('confirm' in step) {
      const dialog = await waitFor(`confirmation dialog for "${name}"`, step.confirm.dialog, 'widget', ms);
      click(await waitFor(`confirming button for "${name}"`, step.confirm.button, 'row', ms, () => dialog), 'confirming button');
    }
  }
}
