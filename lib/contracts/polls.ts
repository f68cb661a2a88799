// What the panel and the background say about polls: the moderator's intents, and the view the panel
// renders (the poll library of the followed tab's session, with what is in flight and the live results).
import type { DraftPatch } from '../model/polls/draft';
import type { PollDraft, PollField, PollResults } from '../model/polls/types';

export type PollsAction =
  /** A new empty draft with this id (the panel opens its editor on it). */
  | { kind: 'new'; id: string }
  | { kind: 'edit'; id: string; patch: DraftPatch }
  /** Save the draft to Kaltura (state Draft, or Scheduled when it has a time). */
  | { kind: 'save'; id: string }
  | { kind: 'launch'; id: string }
  | { kind: 'close'; id: string }
  | { kind: 'publish-results'; id: string }
  | { kind: 'run-again'; id: string }
  | { kind: 'duplicate'; id: string }
  | { kind: 'delete'; id: string }
  | { kind: 'reorder'; id: string; toIndex: number }
  /** Read the polls from Kaltura now (the panel opened the view). */
  | { kind: 'refresh' };

export interface PollError {
  message: string;
  formField?: PollField;
}

export interface PollsView {
  contextId: string;
  drafts: PollDraft[];
  /** Per draft id: what is in progress ("Launching…"). */
  busy: Record<string, string>;
  /** Per draft id: the last failure. */
  errors: Record<string, PollError>;
  /** Per draft id: the latest results read from Kaltura. */
  results: Record<string, PollResults>;
  /** Epoch ms of the last successful read of the polls, or null. */
  refreshedAt: number | null;
  /** Why the polls cannot be read or changed right now (no KS, Kaltura refused), or null. */
  problem: string | null;
}
