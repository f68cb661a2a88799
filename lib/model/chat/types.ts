// The group chat as the extension holds it: what the CnC widget's moderator view shows of each message.

export interface ChatMessage {
  id: string;
  /** The sender as the widget shows them (id null when the widget shows none). */
  author: { id: string | null; name: string };
  text: string;
  /** Epoch ms the widget says it was posted. */
  at: number;
  pinned: boolean;
  /** The widget's moderator view keeps deleted messages, marked. */
  deleted: boolean;
  /** Posted by a moderator (the widget marks it). */
  byModerator: boolean;
  /** Emoji → count. */
  reactions: Record<string, number>;
}

/** A person the widget lists as blocked, with the reason it shows. */
export interface BlockedPerson {
  userId: string;
  name: string;
  reason: string;
}

/** What the attached widget lets the moderator do in chat; an absent action has its reason. */
export interface ChatCapabilities {
  delete: boolean;
  pin: boolean;
  unpin: boolean;
  block: boolean;
  unblock: boolean;
  post: boolean;
  absent: Partial<Record<ChatCapabilityName, string>>;
}
export type ChatCapabilityName = Exclude<keyof ChatCapabilities, 'absent'>;
