// Performs a chat action through the widget's own moderator controls, as the profile names them. Nothing is
// assumed done here: the background confirms by what the widget shows afterwards (the reader's next batch).
import type { ChatAction } from '../model/chat/commands';
import type { ChatProfile } from './chat-profile';
import { setValue } from './dom-input';
import { MissingControlError } from './qna-actor';

function byAttr(root: ParentNode, item: string, attr: string | undefined, value: string): Element | null {
  if (!attr) return null;
  for (const row of Array.from(root.querySelectorAll(item))) if (row.getAttribute(attr) === value) return row;
  return null;
}

function clickIn(scope: ParentNode, selector: string, what: string, profileId: string): void {
  const control = scope.querySelector<HTMLElement>(selector);
  if (!control) throw new MissingControlError(what, selector, profileId);
  if ((control as HTMLButtonElement).disabled) throw new Error(`The widget's ${what} is disabled.`);
  control.click();
}

function fillIn(scope: ParentNode, selector: string, value: string, what: string, profileId: string): void {
  const input = scope.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector);
  if (!input) throw new MissingControlError(what, selector, profileId);
  setValue(input, value);
}

/** The row where a person's block or unblock control is: the blocked list, one of their messages, or another row of theirs (a question). */
function personRow(root: ParentNode, profile: ChatProfile, userId: string, control: string): Element | null {
  const candidates = [
    ...(profile.blocked ? [byAttr(root, profile.blocked.item, profile.blocked.userId.attr, userId)] : []),
    ...Array.from(root.querySelectorAll(profile.item)).filter((r) => profile.authorId?.attr && r.getAttribute(profile.authorId.attr) === userId),
    ...(profile.people ?? []).flatMap((p) => Array.from(root.querySelectorAll(p.item)).filter((r) => p.userId.attr && r.getAttribute(p.userId.attr) === userId)),
  ];
  return candidates.find((r) => r?.querySelector(control)) ?? null;
}

export function performChatAction(root: ParentNode, action: ChatAction, profile: ChatProfile, profileId: string): void {
  const spec = profile.actions[action.kind];
  if (!spec) throw new MissingControlError(`chat "${action.kind}" control`, '(none in profile)', profileId);
  switch (action.kind) {
    case 'delete':
    case 'pin':
    case 'unpin': {
      const row = byAttr(root, profile.item, profile.id.attr, action.messageId);
      if (!row) throw new Error(`The widget no longer shows message ${action.messageId} (it keeps only the latest messages).`);
      clickIn(row, spec.click, `"${action.kind}" control`, profileId);
      return;
    }
    case 'block':
    case 'unblock': {
      const row = personRow(root, profile, action.userId, spec.click);
      if (!row) throw new Error(`The widget shows no ${action.kind} control for ${action.userId} right now.`);
      clickIn(row, spec.click, `"${action.kind}" control`, profileId);
      if (action.kind === 'block' && spec.fill) {
        fillIn(root, spec.fill, action.reason, 'block reason box', profileId);
        if (spec.confirm) clickIn(root, spec.confirm, 'block confirm button', profileId);
      }
      return;
    }
    case 'post': {
      if (spec.fill) fillIn(root, spec.fill, action.text, 'chat message box', profileId);
      clickIn(root, spec.click, 'chat send button', profileId);
      return;
    }
  }
}
