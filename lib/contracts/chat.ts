// What crosses process boundaries for group chat (issue 11): the content script's batches, the panel's
// intents, and the background's snapshot and patches.
import type { ChatAction, ChatLocalAction } from '../model/chat/commands';
import type { ChatPatch, ChatSnapshot } from '../model/chat/session';
import type { BlockedPerson, ChatMessage } from '../model/chat/types';
import type { FlaggedChatList } from '../model/chat/flagged-list';

/** What the content script reports of the widget's chat: the rows that changed, and the widget's health. */
export interface ChatBatch {
  entryId: string;
  profileId: string;
  messages: ChatMessage[];
  /** Everyone the widget lists as blocked, or null when that did not change since the last batch. */
  blocked: BlockedPerson[] | null;
  unreadable: number;
  live: boolean;
  me: string | null;
  /** The batch lists every row the widget shows now. */
  full?: boolean;
}

/** content → background */
export type ChatContentToBackground = { type: 'chat-batch' } & ChatBatch;

/** Whether a panel shows a tab's chat: the content script's pace of posting it (lib/cnc/chat-watcher.ts, CHAT_UNSEEN_MAX). */
export type ChatPace = 'shown' | 'unseen';

/** background → content */
export type ChatBackgroundToContent =
  /** Perform through the widget's controls; answered with a PerformResult (performed, not yet confirmed). */
  | { type: 'chat-perform'; commandId: string; action: ChatAction }
  /** Send every message again (the background lost its copy). */
  | { type: 'chat-rescan' }
  /**
   * Whether a panel shows this tab's chat now (lib/session/chat/pace.ts): the content script posts each
   * widget step when one does, and saves posts when none does (lib/cnc/chat-watcher.ts, CHAT_UNSEEN_MAX).
   */
  | { type: 'chat-pace'; pace: ChatPace };

/** panel → background intents */
export type ChatPanelIntent =
  | { type: 'chat-action'; tabId: number; action: ChatAction }
  | { type: 'chat-local'; tabId: number; action: ChatLocalAction };

/** background → panel */
export type ChatToPanel =
  | { type: 'chat'; tabId: number; snapshot: ChatSnapshot | null }
  | { type: 'chat-patch'; tabId: number; patch: ChatPatch }
  // ---- flagged chat in the Q&A inbox: to every panel of the tab, whatever it shows (the chat's patches go
  // only to panels that show the chat), on follow and whenever a flag or a delete of one changes
  | { type: 'chat-flagged'; tabId: number; list: FlaggedChatList | null }
  // the list's total changed, its items (and the rest) are those of the last list the panel had
  | { type: 'chat-flagged-total'; tabId: number; total: number; letGo?: number };

export function isChatBatch(msg: unknown): msg is ChatContentToBackground {
  if (typeof msg !== 'object' || msg === null) return false;
  const m = msg as Partial<ChatContentToBackground>;
  return m.type === 'chat-batch' && typeof m.entryId === 'string' && typeof m.profileId === 'string' && Array.isArray(m.messages) && (m.blocked === null || Array.isArray(m.blocked));
}
