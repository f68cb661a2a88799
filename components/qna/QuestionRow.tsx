// One question in the list: an option of the listbox. Every value is attendee or page data and is
// rendered as text. The buttons are for the pointer (tabIndex -1); the keyboard uses the list's keys.
import type { Question } from '@/lib/model/qna/types';
import { absoluteTime, relativeTime, type CommandView, type RowAction } from '@/lib/model/qna/view';
import type { RowSlot } from './QuestionList';

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
  setSize: number;
  me: string;
  now: number;
  active: boolean;
  selected: boolean;
  starred: boolean;
  expanded: boolean;
  heldReason: string | undefined;
  mergedCount: number;
  command: CommandView | undefined;
  actions: readonly RowAction[];
  canStar: boolean;
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
  const handledBy = q.handledBy === null ? null : q.handledBy === me ? 'You' : q.handledBy;
  const long = isLongText(q.text);
  const label = `${q.text.length > 160 ? `${q.text.slice(0, 160)}…` : q.text} — ${author}, ${q.votes} ${q.votes === 1 ? 'vote' : 'votes'}${
    handledBy ? `, handled by ${handledBy}` : ''
  }${props.heldReason ? `, ${props.heldReason}` : ''}${props.starred ? ', starred' : ''}`;
  return (
    <div
      ref={slot.ref}
      data-index={slot.index}
      style={slot.style}
      id={props.optionId}
      role="option"
      aria-selected={props.selected}
      aria-posinset={slot.index + 1}
      aria-setsize={props.setSize}
      aria-label={label}
      class={`qna-item${props.active ? ' active' : ''}${props.selected ? ' selected' : ''}${props.command?.state === 'failed' ? ' failed' : ''}`}
      data-testid="qna-item"
      data-question-id={q.id}
      data-state={q.state}
      onMouseDown={props.onActivate}
    >
      <div class="qna-item-head">
        <input
          type="checkbox"
          tabIndex={-1}
          data-testid="qna-select"
          aria-label="Select"
          checked={props.selected}
          onChange={props.onSelect}
        />
        <span class="qna-votes" data-testid="qna-votes" title={props.mergedCount ? `Includes ${props.mergedCount} merged` : undefined}>
          ▲ {q.votes}
        </span>
        <span class="qna-author" data-testid="qna-author">
          {author}
        </span>
        <time class="qna-time" dateTime={new Date(q.createdAt).toISOString()} title={absoluteTime(q.createdAt)}>
          {relativeTime(q.createdAt, props.now)}
        </time>
        {props.canStar && (
          <button
            type="button"
            tabIndex={-1}
            class={`qna-star${props.starred ? ' on' : ''}`}
            data-testid="qna-star"
            aria-pressed={props.starred}
            title={props.starred ? 'Unstar (s)' : 'Star for the speaker (s)'}
            onClick={props.onStar}
          >
            {props.starred ? '★' : '☆'}
          </button>
        )}
      </div>
      <p class={`qna-text${long && !props.expanded ? ' clamped' : ''}`} data-testid="qna-text">
        {q.text}
      </p>
      {long && (
        <button type="button" tabIndex={-1} class="link qna-more" data-testid="qna-more" onClick={props.onExpand}>
          {props.expanded ? 'Show less' : 'Show more'}
        </button>
      )}
      {props.heldReason && (
        <p class="qna-held" data-testid="qna-held-reason">
          {props.heldReason}{' '}
          <button type="button" tabIndex={-1} class="link" data-testid="qna-release-hold" onClick={props.onReleaseHold}>
            Release
          </button>
        </p>
      )}
      <div class="qna-facts">
        <span data-testid="qna-replies">
          {q.replies} {q.replies === 1 ? 'reply' : 'replies'}
        </span>
        {q.answeredLive && <span class="pill ok">Answered live</span>}
        {props.mergedCount > 0 && <span class="pill">+{props.mergedCount} merged</span>}
        {handledBy && (
          <span class={`qna-handled${handledBy === 'You' ? ' mine' : ''}`}>
            Handled by <strong data-testid="qna-handled-by">{handledBy}</strong>
          </span>
        )}
      </div>
      {q.answers.length > 0 && (
        <ul class="qna-answers" data-testid="qna-answers">
          {q.answers.slice(-2).map((a) => (
            <li key={a.id} class={props.expanded ? undefined : 'clamped2'}>
              <span class="muted">
                {a.visibility === 'public' ? 'Public' : 'Private'} answer{a.by ? ` by ${a.by === me ? 'you' : a.by}` : ''}:{' '}
              </span>
              {a.text}
            </li>
          ))}
          {q.answers.length > 2 && <li class="muted">and {q.answers.length - 2} earlier</li>}
        </ul>
      )}
      {props.command && (
        <p class={`qna-command ${props.command.state}`} data-testid="qna-command" data-command-state={props.command.state} role={props.command.state === 'failed' ? 'alert' : undefined}>
          {props.command.state === 'sending'
            ? `${props.command.label}: sending…`
            : props.command.state === 'waiting'
              ? `${props.command.label}: not sent yet. ${props.command.message}`
              : `${props.command.label} failed: ${props.command.message} The question stays where it was.`}
        </p>
      )}
      {props.actions.length > 0 && (
        <div class="qna-actions">
          {props.actions.map((action) => (
            <button
              key={action}
              type="button"
              tabIndex={-1}
              class={action === 'approve' ? 'small primary-ish' : 'small'}
              data-testid={TEST_IDS[action]}
              title={`${ROW_ACTION_LABELS[action]} (${ACTION_KEYS[action]})`}
              onClick={() => props.onAction(action)}
            >
              {ROW_ACTION_LABELS[action]}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
