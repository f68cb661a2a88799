// Teach mode's messages: the side panel talks to the event tab's content script directly
// (tabs.sendMessage; the background is not involved), and every request is answered with a TeachReply.
// A pick waits for the moderator's click on the page, so its answer may come minutes later.
import type { QuestionState } from '../model/qna/types';
import type { ProfileV2 } from '../cnc/profile-schema';
import type { Preview, TabState, TeachAction, TeachField } from '../cnc/teach/draft';
import type { OptionalTeachAction } from '../cnc/teach/absent';

export type { TeachAction, TeachField } from '../cnc/teach/draft';
export type TeachTarget = 'row' | TeachField | 'tab' | 'answer' | 'visibility';

export type PanelToContentTeach =
  /** Show the picker and learn from the element clicked (the click is not performed on the page). */
  | { type: 'teach-pick'; target: TeachTarget }
  /**
   * Record one click of an action. `perform`: the click is performed too (the moderator chose a test
   * question); a menu opener's click always is (opening a menu changes nothing).
   */
  | { type: 'teach-record'; action: TeachAction; perform: boolean }
  | { type: 'teach-clear'; action: TeachAction }
  /** "The widget has none" for an optional action (restore, claim, release), or taken back: part of the draft. */
  | { type: 'teach-none'; action: OptionalTeachAction; none: boolean }
  /** Correct the state a tab lists. */
  | { type: 'teach-state'; tab: number; state: QuestionState }
  /** The current draft and preview. */
  | { type: 'teach-view' }
  /** Stop a pick in progress (the panel closed the view). */
  | { type: 'teach-cancel' }
  /** Start again from nothing. */
  | { type: 'teach-reset' };

export interface TeachView {
  origin: string | null;
  /** What each step learnt, for the moderator ("span “Dana”"). */
  picked: Partial<Record<TeachTarget, string>>;
  /** Each action's recorded clicks, as labels. */
  actions: Partial<Record<TeachAction, string[]>>;
  /** The optional actions the moderator said the widget has none of (the draft has their reasons). */
  none?: OptionalTeachAction[];
  tabs: TabState[];
  draft: ProfileV2 | null;
  /** What is missing, and the schema's problems with the draft. */
  notes: string[];
  preview: Preview | null;
  /** Clicks on the page this teach session took (the bench counts them). */
  clicks: number;
}

export type TeachReply =
  | { ok: true; view: TeachView; cancelled?: boolean }
  | { ok: false; error: string; view?: TeachView };

const TYPES = new Set(['teach-pick', 'teach-record', 'teach-clear', 'teach-none', 'teach-state', 'teach-view', 'teach-cancel', 'teach-reset']);

export function isTeachMessage(m: unknown): m is PanelToContentTeach {
  return typeof m === 'object' && m !== null && TYPES.has((m as { type?: unknown }).type as string);
}
