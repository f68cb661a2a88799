// The chat part of a selector profile (lib/cnc/profiles/*.json, `chat`): where a message's fields are in its
// row, where the widget lists blocked people, and which control performs each moderator action. Data, not
// code: a changed widget is a profile change. Kept apart from profile.ts so that file stays as it is.
// Its shape is checked with the rest of the profile (validateChat in profile-schema.ts): errors name the path.
import type { ChatCapabilities, ChatCapabilityName } from '../model/chat/types';
import { profileById, type SelectorProfile } from './profile';
import type { FieldSpec } from './qna-profile';
import type { ControlSpec } from './profile-schema';

/** A boolean read from a row: the row matches `matches`, or the field's value `equals`. */
export interface BoolSpec extends FieldSpec {
  matches?: string;
}

/** A chat action as v2 steps: clicks and fills (by selector, or role and accessible name in several languages). */
export interface ChatStepsSpec {
  steps: Array<{ click: ControlSpec } | { fill: ControlSpec }>;
}

/** A chat action: the v1 shape below, or v2 steps. */
export type ChatActionSpec = ChatClickSpec | ChatStepsSpec;

export interface ChatClickSpec {
  /** Inside the message row (delete, pin, unpin, block, unblock) or the widget root (post). */
  click: string;
  /** An input (in the widget root) to fill first: the post's text, or the block reason after the click. */
  fill?: string;
  /** Clicked after `fill` (the block form's confirm). */
  confirm?: string;
}

export interface ChatProfile {
  item: string;
  id: FieldSpec;
  author: FieldSpec;
  authorId?: FieldSpec;
  time?: FieldSpec;
  text: FieldSpec;
  pinned?: BoolSpec;
  deleted?: BoolSpec;
  byModerator?: BoolSpec;
  reactions?: { item: string; emoji: FieldSpec; count: FieldSpec };
  /** The widget's list of blocked people (moderator view), read in the widget root. */
  blocked?: { item: string; userId: FieldSpec; name?: FieldSpec; reason?: FieldSpec };
  /**
   * Other rows where the widget shows a person's block control (its Q&A questions): a person who only asked
   * can be blocked from the card too. Read in the widget root; `userId` names whose row it is.
   */
  people?: Array<{ item: string; userId: FieldSpec }>;
  actions: Partial<Record<ChatCapabilityName, ChatActionSpec>>;
  absent?: Partial<Record<ChatCapabilityName, string>>;
  connection?: FieldSpec;
  me?: FieldSpec;
}

export function chatProfileOf(profileId: string): ChatProfile | undefined {
  return (profileById(profileId) as (SelectorProfile & { chat?: ChatProfile }) | undefined)?.chat;
}

const LABELS: Record<ChatCapabilityName, string> = {
  delete: 'delete',
  pin: 'pin',
  unpin: 'unpin',
  block: 'block',
  unblock: 'unblock',
  post: 'post (chat composer)',
};

/** What the widget can do in chat, as its profile says: an action without a control is absent, with a reason. */
export function chatCapabilitiesOf(profile: ChatProfile | undefined, profileId: string): ChatCapabilities {
  const caps: ChatCapabilities = { delete: false, pin: false, unpin: false, block: false, unblock: false, post: false, absent: { ...profile?.absent } };
  for (const name of Object.keys(LABELS) as ChatCapabilityName[]) {
    caps[name] = !!profile?.actions[name];
    if (!caps[name]) caps.absent[name] ??= `The CnC widget on this page has no ${LABELS[name]} control for chat (profile ${profileId} has none).`;
  }
  return caps;
}

/** Attributes a chat watcher must observe (besides child and text changes). */
export function chatObservedAttributes(profile: ChatProfile): string[] {
  const names = new Set<string>(['class']);
  for (const spec of [profile.id, profile.authorId, profile.time, profile.pinned, profile.deleted, profile.byModerator, profile.connection, profile.me, profile.reactions?.emoji]) {
    if (spec?.attr) names.add(spec.attr);
  }
  return [...names];
}
