// Reads the CnC widget's chat rows (and its blocked list) into messages, through the profile. Runs in the
// content script. Attendee text is read as text (textContent), never as markup.
import type { BlockedPerson, ChatMessage } from '../model/chat/types';
import type { BoolSpec, ChatProfile } from './chat-profile';
import { readField } from './qna-reader';

/** Bounds on what one row may carry to the background. */
export const CHAT_ROW_LIMITS = { text: 4_000, name: 200, reactions: 20 };

export function readBool(row: Element, spec: BoolSpec | undefined): boolean {
  if (!spec) return false;
  if (spec.matches) {
    try {
      return row.matches(spec.matches);
    } catch {
      return false;
    }
  }
  const value = readField(row, spec);
  return spec.equals === undefined ? value !== null : value === spec.equals;
}

/** One row to a message; null when the row has no id (counted as unreadable). */
export function readMessage(row: Element, profile: ChatProfile, now: number): ChatMessage | null {
  const id = readField(row, profile.id);
  if (!id) return null;
  const time = Date.parse(readField(row, profile.time) ?? '');
  const reactions: Record<string, number> = {};
  if (profile.reactions) {
    let n = 0;
    const items = row.querySelectorAll(profile.reactions.item);
    for (let i = 0; i < items.length; i++) {
      const r = items[i]!;
      if (n >= CHAT_ROW_LIMITS.reactions) break;
      const emoji = readField(r, profile.reactions.emoji);
      const count = Number.parseInt(readField(r, profile.reactions.count) ?? '0', 10) || 0;
      if (emoji && count > 0) {
        reactions[emoji.slice(0, 16)] = count;
        n++;
      }
    }
  }
  return {
    id: id.slice(0, 128),
    author: { id: readField(row, profile.authorId)?.slice(0, 128) ?? null, name: (readField(row, profile.author)?.trim() ?? '').slice(0, CHAT_ROW_LIMITS.name) },
    text: (readField(row, profile.text) ?? '').slice(0, CHAT_ROW_LIMITS.text),
    at: Number.isFinite(time) ? time : now,
    pinned: readBool(row, profile.pinned),
    deleted: readBool(row, profile.deleted),
    byModerator: readBool(row, profile.byModerator),
    reactions,
  };
}

/** The people the widget lists as blocked (empty when it lists none, or has no such list). */
export function readBlocked(root: ParentNode, profile: ChatProfile): BlockedPerson[] {
  const spec = profile.blocked;
  if (!spec) return [];
  let rows: Element[];
  try {
    rows = Array.from(root.querySelectorAll(spec.item));
  } catch {
    return [];
  }
  const out: BlockedPerson[] = [];
  for (const row of rows) {
    const userId = readField(row, spec.userId);
    if (!userId) continue;
    out.push({
      userId: userId.slice(0, 128),
      name: (readField(row, spec.name)?.trim() || userId).slice(0, CHAT_ROW_LIMITS.name),
      reason: (readField(row, spec.reason)?.trim() ?? '').slice(0, 500),
    });
  }
  return out;
}
