// What a moderator asks for in chat. Widget actions go through the outbox (performed with the widget's own
// controls, confirmed by what it shows afterwards); local ones change only the moderator's own record.
import type { ChatCapabilityName } from './types';
import type { FlagRules } from './flags';

export type ChatAction =
  /** `reason` is ours (the widget's delete takes none): kept in our record with who deleted it. */
  | { kind: 'delete'; messageId: string; reason?: string }
  | { kind: 'pin'; messageId: string }
  | { kind: 'unpin'; messageId: string }
  | { kind: 'block'; userId: string; reason: string }
  | { kind: 'unblock'; userId: string }
  | { kind: 'post'; text: string };

export type ChatLocalAction =
  /** A flagged message was looked at and kept: it leaves "Flagged". */
  | { kind: 'keep'; messageId: string }
  | { kind: 'set-rules'; rules: FlagRules };

export const CHAT_ACTION_LABELS: Record<ChatAction['kind'], string> = {
  delete: 'Delete',
  pin: 'Pin',
  unpin: 'Unpin',
  block: 'Block',
  unblock: 'Unblock',
  post: 'Post',
};

export function capabilityOf(action: ChatAction): ChatCapabilityName {
  return action.kind;
}

export type ChatCommandStatus =
  | { state: 'queued'; reason?: string }
  | { state: 'sending'; attempt: number }
  | { state: 'done' }
  | { state: 'failed'; message: string };

export interface ChatCommand {
  id: string;
  action: ChatAction;
  status: ChatCommandStatus;
  at: number;
}

export interface ChatAuditEntry {
  at: number;
  moderator: string;
  action: ChatAction['kind'] | ChatLocalAction['kind'] | 'auto-delete';
  messageId: string | null;
  userId: string | null;
  /** A short summary; for a deletion, what was deleted and why. */
  detail: string;
  /** For a deletion: the message as it was (our record keeps it). */
  message?: { author: string; authorId: string | null; text: string; at: number };
  outcome: 'done' | 'failed';
}
