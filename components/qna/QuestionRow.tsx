import { Component, type JSX } from 'preact';
// One question in the list: a row of the grid, its content in one cell. Every value is attendee or page
// data and is rendered as text (dir="auto": a Hebrew or Arabic question reads right to left). The question
// text is the largest thing in the row; votes, author and time sit small on one line with the actions as
// icon buttons (their names are visually hidden text). Only the active row's controls are in the Tab order:
// the list's letter keys act on the active row, and Tab reaches the same actions by button.
import type { Question } from '@/lib/model/qna/types';
import { absoluteTime, relativeTime, type CommandView, type RowAction } from '@/lib/model/qna/view';
import type { RowSlot } from './QuestionList';
import { iconRef } from './icons';
import { PersonName } from '../chat/PersonName';

export const ROW_ACTION_LABELS: Record<RowAction, string> = {
  approve: 'Approve',
  'edit-approve': 'Edit & approve',
  dismiss: 'Dismiss',
  restore: 'Restore',
  'answer-public': 'Answer publicly',
  'answer-private': 'Answer privately',
  'answered-live': 'Answered live',
};

const ACTION_KEYS: Record<RowAction, string> = {
  approve: 'a',
  'edit-approve': 'e',
  dismiss: 'd',
  restore: 'u',
  'answer-public': 'r',
  'answer-private': 'p',
  'answered-live': 'l',
};

const TEST_IDS: Record<RowAction, string> = {
  approve: 'qna-approve',
  'edit-approve': 'qna-edit-approve',
  dismiss: 'qna-dismiss',
  restore: 'qna-restore',
  'answer-public': 'qna-answer-public',
  'answer-private': 'qna-answer-private',
  'answered-live': 'qna-answered-live',
};

/** Long walls of text are clamped to a few lines, with "show more". */
export const isLongText = (text: string) => text.length > 240 || text.split('\n').length > 4;

export interface QuestionRowProps {
  q: Question;
  slot: RowSlot;
  optionId: string;
  me: string;
  now: number;
  active: boolean;
  selected: boolean;
  starred: boolean;
  expanded: boolean;
  heldReason: string | undefined;
  mergedCount: number;
  command: CommandView | undefined;
  /** The display name of whoever handles the question, where the panel knows it (lib/model/people.ts). */
  handledByName?: string | undefined;
  actions: readonly RowAction[];
  canStar: boolean;
  /** Read-only for now (the panel shows a saved head while it connects): its controls are disabled. */
  disabled?: boolean;
  /**
   * The question left the list while the moderator is in it (lib/model/qna/departed.ts): the row keeps its
   * place and every line (the same height: nothing below moves), shows this word over its buttons, and its
   * controls are inert (aria-disabled, not disabled: a disabled control drops a focus on it out of the list,
   * and the list would turn calm under the moderator); the inbox says why when one is used.
   */
  departed?: string | undefined;
  departedWhy?: string | undefined;
  /** Shown inside the row under the question: the reply box opens where the question is. */
  extra?: JSX.Element | null;
  onActivate(): void;
  onAction(action: RowAction): void;
  onStar(): void;
  onSelect(): void;
  onExpand(): void;
  /** Let a question held by a banned word through (the moderator read it). */
  onReleaseHold(): void;
}

export function QuestionRow(props: QuestionRowProps) {
  const { q, slot, me } = props;
  const author = q.author.anonymous || !q.author.name ? 'Anonymous' : q.author.name;
  const handledBy = q.handledBy === null ? null : q.handledBy === me ? 'You' : (props.handledByName ?? q.handledBy);
  const long = isLongText(q.text);
  const id = props.optionId;
  // Read with the row when it becomes active: the text is the row's name; the rest, its description.
  const description = `${author}, ${q.votes} ${q.votes === 1 ? 'vote' : 'votes'}${handledBy ? `, handled by ${handledBy}` : ''}${
    props.heldReason ? `, ${props.heldReason}` : ''
  }${props.starred ? ', starred' : ''}`;
  // Roving: the active row's controls are reachable by Tab, the others only by pointer.
  const tab = props.active ? 0 : -1;
  const command = props.command;
  const gone = props.departed !== undefined;
  const inert = gone ? 'true' : undefined;
  return (
    <div
      data-index={slot.index}
      id={id}
      role="row"
      aria-rowindex={slot.index + 1}
      aria-selected={props.selected}
      aria-labelledby={`${id}-text`}
      aria-describedby={`${id}-desc`}
      class={`qna-item${props.active ? ' active' : ''}${props.selected ? ' selected' : ''}${command?.state === 'failed' ? ' failed' : ''}${gone ? ' departed' : ''}`}
      data-testid="qna-item"
      data-question-id={q.id}
      data-state={q.state}
      data-departed={props.departedWhy}
      onMouseDown={props.onActivate}
      onFocusCapture={() => {
        if (!props.active) props.onActivate();
      }}
    >
      <div role="gridcell" class="qna-cell">
        <div class="qna-item-head">
          <label class="qna-select" title="Select (x)">
            <input
              type="checkbox"
              tabIndex={tab}
              data-testid="qna-select"
              aria-label="Select"
              aria-disabled={inert}
              checked={props.selected}
              disabled={props.disabled}
              onClick={(e) => {
                // A departed row's box never ticks: the inbox says why instead.
                if (!gone) return;
                e.preventDefault();
                props.onSelect();
              }}
              onChange={() => {
                if (!gone) props.onSelect();
              }}
            />
          </label>
          <span class="qna-votes" data-testid="qna-votes" title={props.mergedCount ? `Includes ${props.mergedCount} merged` : undefined}>
            ▲ {q.votes}
          </span>
          {q.author.anonymous || !q.author.name ? (
            <span class="qna-author" data-testid="qna-author" dir="auto">
              {author}
            </span>
          ) : (
            // The asker's card (their questions, chat, block) where the panel has one; plain text otherwise.
            <PersonName person={{ id: q.author.id, name: q.author.name }} class="qna-author" testId="qna-author" tabIndex={tab} />
          )}
          <time class="qna-time" dateTime={new Date(q.createdAt).toISOString()} title={absoluteTime(q.createdAt)}>
            {relativeTime(q.createdAt, props.now)}
          </time>
          {q.replies > 0 && (
            <span class="qna-replies" data-testid="qna-replies">
              {q.replies} {q.replies === 1 ? 'reply' : 'replies'}
            </span>
          )}
          <span class="qna-tools">
            {props.actions.map((action) => (
              <button
                key={action}
                type="button"
                tabIndex={tab}
                disabled={props.disabled}
                aria-disabled={inert}
                class={`icon action-${action}`}
                data-testid={TEST_IDS[action]}
                // Named by aria-label, not a visually hidden span: a dozen rows of six buttons each were
                // seventy elements more to build and lay out on the first render.
                aria-label={ROW_ACTION_LABELS[action]}
                title={`${ROW_ACTION_LABELS[action]} (${ACTION_KEYS[action]})`}
                onClick={() => props.onAction(action)}
                // The icon is cloned in by the ref (components/qna/icons.tsx), not built as elements.
                ref={iconRef(action)}
              />
            ))}
            {props.canStar && (
              <button
                type="button"
                tabIndex={tab}
                disabled={props.disabled}
                aria-disabled={inert}
                class={`icon qna-star${props.starred ? ' on' : ''}`}
                data-testid="qna-star"
                aria-pressed={props.starred}
                aria-label="Star"
                title={props.starred ? 'Unstar (s)' : 'Star for the speaker (s)'}
                onClick={props.onStar}
              >
                {props.starred ? '★' : '☆'}
              </button>
            )}
            {gone && (
              <span class="qna-departed" data-testid="qna-departed">
                {props.departed}
              </span>
            )}
          </span>
        </div>
        <p id={`${id}-text`} class={`qna-text${long && !props.expanded ? ' clamped' : ''}`} data-testid="qna-text" dir="auto">
          {q.text}
        </p>
        <span id={`${id}-desc`} hidden>
          {description}
        </span>
        {long && (
          <button type="button" tabIndex={tab} class="link qna-more" data-testid="qna-more" onClick={props.onExpand}>
            {props.expanded ? 'Show less' : 'Show more'}
          </button>
        )}
        {props.heldReason && (
          <p class="qna-held" data-testid={gone ? undefined : 'qna-held-reason'} aria-hidden={inert}>
            {props.heldReason}{' '}
            <button type="button" tabIndex={tab} class="link" data-testid="qna-release-hold" disabled={props.disabled} aria-disabled={inert} onClick={props.onReleaseHold}>
              Release
            </button>
          </p>
        )}
        {(q.answeredLive || props.mergedCount > 0 || handledBy) && (
          <div class="qna-facts">
            {q.answeredLive && <span class="pill ok">Answered live</span>}
            {props.mergedCount > 0 && <span class="pill">+{props.mergedCount} merged</span>}
            {handledBy && (
              <span class={`qna-handled${handledBy === 'You' ? ' mine' : ''}`}>
                Handled by{' '}
                <strong data-testid="qna-handled-by" dir="auto" title={q.handledBy ?? undefined}>
                  {handledBy}
                </strong>
              </span>
            )}
          </div>
        )}
        {q.answers.length > 0 && (
          <ul class="qna-answers" data-testid="qna-answers">
            {q.answers.slice(-2).map((a) => (
              <li key={a.id} class={props.expanded ? undefined : 'clamped2'}>
                <span class="muted">
                  {a.visibility === 'public' ? 'Public' : 'Private'} answer
                  {a.by && (
                    <>
                      {' '}
                      by <bdi dir="auto">{a.by === me ? 'you' : a.by}</bdi>
                    </>
                  )}
                  :{' '}
                </span>
                <span dir="auto">{a.text}</span>
              </li>
            ))}
            {q.answers.length > 2 && <li class="muted">and {q.answers.length - 2} earlier</li>}
          </ul>
        )}
        {command && (
          // A departed row keeps the line hidden (its height), not as a command in flight.
          <p
            class={`qna-command ${command.state}`}
            data-testid={gone ? undefined : 'qna-command'}
            data-command-state={gone ? undefined : command.state}
            aria-hidden={inert}
            role={command.state === 'failed' && !gone ? 'alert' : undefined}
          >
            {command.state === 'failed'
              ? `${command.label} failed: ${command.message} The question stays where it was.`
              : command.state === 'queued'
                ? `${command.label}: ${'reason' in command && command.reason ? `not sent yet. ${command.reason}` : 'waiting to send…'}`
                : `${command.label}: sending…`}
          </p>
        )}
        {props.extra}
      </div>
    </div>
  );
}

/**
 * A row that re-renders only when what it shows changed: one patch with 10,000 questions re-renders the row
 * it touched, not the dozen on screen. Callbacks are not compared: the inbox passes callbacks that read its
 * latest handlers when called, so an old row's callbacks still act on the current state.
 */
export class MemoQuestionRow extends Component<QuestionRowProps> {
  override shouldComponentUpdate(next: QuestionRowProps): boolean {
    const a = this.props;
    for (const key of Object.keys(next) as Array<keyof QuestionRowProps>) {
      if (key === 'slot') {
        if (a.slot.index !== next.slot.index) return true;
      } else if (typeof next[key] !== 'function' && a[key] !== next[key]) return true;
    }
    return false;
  }
  override render() {
    return <QuestionRow {...this.props} />;
  }
}
