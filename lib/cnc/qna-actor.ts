// Performs a Q&A action through the widget's own controls, as the profile names them. Confirmation is not
// assumed here: the background waits until the reader shows the effect.
import type { QnaAction } from '../model/qna/commands';
import { setValue } from './dom-input';
import type { ProfileAction, QnaProfile } from './qna-profile';

export class MissingControlError extends Error {
  constructor(what: string, selector: string, profileId: string) {
    super(`The CnC widget's ${what} was not found on this page (selector ${selector}, profile ${profileId}).`);
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

export function performAction(root: ParentNode, action: QnaAction, profile: QnaProfile, profileId: string): void {
  const name = profileActionOf(action);
  if (!name || action.kind === 'merge') throw new Error(`"${action.kind}" is not a widget action.`);
  const spec = profile.actions[name];
  if (!spec) throw new MissingControlError(`"${name}" control`, '(none in profile)', profileId);
  const row = findRow(root, profile, action.questionId);
  if (!row) throw new MissingControlError(`question ${action.questionId}`, profile.item, profileId);
  if (spec.fill) {
    const input = row.querySelector<HTMLInputElement | HTMLTextAreaElement>(spec.fill);
    if (!input) throw new MissingControlError('answer box', spec.fill, profileId);
    setValue(input, action.kind === 'answer' ? action.text : '');
  }
  const control = row.querySelector<HTMLElement>(spec.click);
  if (!control) throw new MissingControlError(`"${name}" control`, spec.click, profileId);
  if ((control as HTMLButtonElement).disabled) throw new Error(`The widget's "${name}" control is disabled for this question.`);
  control.click();
}

function findRow(root: ParentNode, profile: QnaProfile, id: string): Element | null {
  for (const row of Array.from(root.querySelectorAll(profile.item))) {
    if (profile.id.attr ? row.getAttribute(profile.id.attr) === id : false) return row;
  }
  return null;
}
