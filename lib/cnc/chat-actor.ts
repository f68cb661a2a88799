// Performs a chat action through the widget's own moderator controls, as the profile names them. Nothing is
// assumed done here: the background confirms by what the widget shows afterwards (the reader's next batch).
import type { ChatAction } from '../model/chat/commands';
import type { ChatActionSpec, ChatProfile } from './chat-profile';
import { describeControl, findControls } from './profile-dom';
import type { ControlSpec } from './profile-schema';
import { setValue } from './dom-input';
import { MissingControlError } from './qna-actor';

function byAttr(root: ParentNode, item: string, attr: string | undefined, value: string): Element | null {
  if (!attr) return null;
  for (const row of Array.from(root.querySelectorAll(item))) if (row.getAttribute(attr) === value) return row;
  return null;
}

/** One chat step: a click or a fill (chat actions are immediate: no menus, waits or dialogs to wait for). */
export interface ChatStep {
  kind: 'click' | 'fill';
  control: ControlSpec;
}

/**
 * The steps of a chat action: written as v2 steps (`{"steps": [{"click": …}, {"fill": …}]}`), or the v1
 * shape translated to the same steps: `click` in the row, then `fill` and `confirm` in the widget (block's
 * reason form); for `post`, `fill` then `click`, both in the widget.
 */
export function chatStepsOf(spec: ChatActionSpec, kind: ChatAction['kind']): ChatStep[] {
  if ('steps' in spec) return spec.steps.map((st) => ('click' in st ? { kind: 'click' as const, control: st.click } : { kind: 'fill' as const, control: st.fill }));
  if (kind === 'post') return [...(spec.fill ? [{ kind: 'fill' as const, control: { selector: spec.fill, within: 'widget' as const } }] : []), { kind: 'click', control: { selector: spec.click, within: 'widget' } }];
  const steps: ChatStep[] = [{ kind: 'click', control: { selector: spec.click } }];
  if (kind === 'block' && spec.fill) {
    steps.push({ kind: 'fill', control: { selector: spec.fill, within: 'widget' } });
    if (spec.confirm) steps.push({ kind: 'click', control: { selector: spec.confirm, within: 'widget' } });
  }
  return steps;
}

function scopeOf(control: ControlSpec, row: Element | null, root: ParentNode): ParentNode {
  if (control.within === 'document') return (root as Node).ownerDocument ?? (root as Document);
  if (control.within === 'widget' || !row) return root;
  return row;
}

function clickIn(scope: ParentNode, control: ControlSpec, what: string, profileId: string): void {
  const el = findControls(scope, control)[0] as HTMLElement | undefined;
  if (!el) throw new MissingControlError(what, describeControl(control), profileId);
  if ((el as HTMLButtonElement).disabled) throw new Error(`The widget's ${what} is disabled.`);
  el.click();
}

function fillIn(scope: ParentNode, control: ControlSpec, value: string, what: string, profileId: string): void {
  const input = findControls(scope, control)[0] as HTMLInputElement | HTMLTextAreaElement | undefined;
  if (!input) throw new MissingControlError(what, describeControl(control), profileId);
  setValue(input, value);
}

/** The row where a person's block or unblock control is: the blocked list, one of their messages, or another row of theirs (a question). */
function personRow(root: ParentNode, profile: ChatProfile, userId: string, control: ControlSpec): Element | null {
  const candidates = [
    ...(profile.blocked ? [byAttr(root, profile.blocked.item, profile.blocked.userId.attr, userId)] : []),
    ...Array.from(root.querySelectorAll(profile.item)).filter((r) => profile.authorId?.attr && r.getAttribute(profile.authorId.attr) === userId),
    ...(profile.people ?? []).flatMap((p) => Array.from(root.querySelectorAll(p.item)).filter((r) => p.userId.attr && r.getAttribute(p.userId.attr) === userId)),
  ];
  return candidates.find((r) => r && findControls(r, control).length > 0) ?? null;
}

const WHAT: Record<ChatAction['kind'], [click: string, fill: string]> = {
  delete: ['"delete" control', 'input'],
  pin: ['"pin" control', 'input'],
  unpin: ['"unpin" control', 'input'],
  block: ['"block" control', 'block reason box'],
  unblock: ['"unblock" control', 'input'],
  post: ['chat send button', 'chat message box'],
};

export function performChatAction(root: ParentNode, action: ChatAction, profile: ChatProfile, profileId: string): void {
  const spec = profile.actions[action.kind];
  if (!spec) throw new MissingControlError(`chat "${action.kind}" control`, '(none in profile)', profileId);
  const steps = chatStepsOf(spec, action.kind);
  const first = steps.find((st) => st.kind === 'click' && st.control.within !== 'widget' && st.control.within !== 'document')?.control;
  let row: Element | null = null;
  let value = '';
  switch (action.kind) {
    case 'delete':
    case 'pin':
    case 'unpin':
      row = byAttr(root, profile.item, profile.id.attr, action.messageId);
      if (!row) throw new Error(`The widget no longer shows message ${action.messageId} (it keeps only the latest messages).`);
      break;
    case 'block':
    case 'unblock':
      row = first ? personRow(root, profile, action.userId, first) : null;
      if (!row) throw new Error(`The widget shows no ${action.kind} control for ${action.userId} right now.`);
      value = action.kind === 'block' ? action.reason : '';
      break;
    case 'post':
      value = action.text;
      break;
  }
  let clicks = 0;
  for (const st of steps) {
    const scope = scopeOf(st.control, row, root);
    // The v1 names: the first click is the action's control, a later one the form's confirm button.
    if (st.kind === 'click') clickIn(scope, st.control, clicks++ === 0 || action.kind === 'post' ? WHAT[action.kind][0] : `${action.kind} confirm button`, profileId);
    else fillIn(scope, st.control, value, WHAT[action.kind][1], profileId);
  }
}
