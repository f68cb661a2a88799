// The docked box under the list for the active question: a public or private answer, an edit before
// approving, or — when another moderator handles the question — who holds it and "Take over".
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Question } from '@/lib/model/qna/types';
import { ROW_ACTION_LABELS } from './QuestionRow';
import { PersonName } from '../chat/PersonName';
import type { RowAction } from '@/lib/model/qna/view';

export type PanelMode =
  | { kind: 'answer'; visibility: 'public' | 'private' }
  | { kind: 'edit' }
  /** Another moderator holds the question; the moderator tried `action`. */
  | { kind: 'blocked'; action: RowAction };

export interface ReplyPanelProps {
  q: Question;
  mode: PanelMode;
  me: string;
  /** The surface has claims: answers wait until the claim is this moderator's. */
  canClaim: boolean;
  claimAbsent: string | null;
  draft: string;
  takingOver: boolean;
  /** The display name of the moderator holding the question, where known (else the id shows). */
  handledByName?: string | undefined;
  /** Why this moderator's latest claim of the question failed (null: none failed). */
  claimError: string | null;
  onDraft(text: string): void;
  onSend(text: string): void;
  onTakeOver(): void;
  onRelease(): void;
  onRetryClaim(): void;
  onRetry(action: RowAction): void;
  onClose(): void;
}

export function ReplyPanel(props: ReplyPanelProps) {
  const { q, mode, me } = props;
  const field = useRef<HTMLTextAreaElement>(null);
  const heldByOther = props.canClaim && q.handledBy !== null && q.handledBy !== me;
  // A failed claim frees the box: the moderator may still write and send (or close) instead of waiting on a
  // claim that will not come.
  const claimFailed = props.canClaim && !heldByOther && q.handledBy !== me && props.claimError !== null;
  const mine = !props.canClaim || q.handledBy === me || claimFailed;
  const box = useRef<HTMLElement>(null);
  // A layout effect, in the commit that shows the box: with an effect (after the next paint, tens of ms on
  // a busy machine) the keys a moderator typed right after r or p went to the list, where letters are
  // commands on the active question. The e2e keyboard triage caught focus still on the list under load.
  useLayoutEffect(() => {
    if (mode.kind !== 'blocked') field.current?.focus({ preventScroll: true });
    // Opened inside the question's row: bring the whole box (Send included) into the list's view. The row
    // grows by the box's height after it is measured, hence the frame.
    const frame = requestAnimationFrame(() => box.current?.scrollIntoView?.({ block: 'nearest' }));
    return () => cancelAnimationFrame(frame);
  }, [q.id, mode.kind]);

  const title =
    mode.kind === 'edit'
      ? 'Edit, then approve'
      : mode.kind === 'blocked'
        ? ROW_ACTION_LABELS[mode.action]
        : mode.visibility === 'public'
          ? 'Answer publicly (every attendee sees it)'
          : `Answer privately (only ${q.author.anonymous || !q.author.name ? 'the asker' : q.author.name} sees it)`;
  const canSend = mode.kind === 'edit' ? props.draft.trim().length > 0 : mode.kind === 'answer' && mine && props.draft.trim().length > 0;

  return (
    <section
      ref={box}
      class={`qna-reply card${heldByOther ? ' blocked' : ''}`}
      aria-label={title}
      data-testid="qna-reply"
      data-question-id={q.id}
      data-mode={mode.kind === 'answer' ? mode.visibility : mode.kind}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          props.onClose();
        } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && canSend) {
          e.preventDefault();
          props.onSend(props.draft);
        }
      }}
    >
      <h2>
        {/* The asker's name is user text: isolated, so a right-to-left name reads right to left. */}
        {mode.kind === 'answer' && mode.visibility === 'private' && !(q.author.anonymous || !q.author.name) ? (
          <>
            Answer privately (only <bdi dir="auto">{q.author.name}</bdi> sees it)
          </>
        ) : (
          title
        )}
      </h2>
      <p class="qna-reply-question" dir="auto">{q.text}</p>
      {!q.author.anonymous && q.author.name && (
        <p class="qna-reply-asker muted">
          Asked by <PersonName person={{ id: q.author.id, name: q.author.name }} testId="qna-reply-asker" />
        </p>
      )}
      {mode.kind === 'edit' ? null : props.canClaim ? (
        heldByOther ? (
          <p class="qna-claim warn" data-testid="qna-claim-note" role="status">
            Handled by{' '}
            <strong dir="auto" data-testid="qna-claim-holder" title={q.handledBy ?? undefined}>
              {props.handledByName ?? q.handledBy}
            </strong>
            .{' '}
            {props.claimError !== null && !props.takingOver && (
              <span data-testid="qna-claim-error">
                Couldn't take over: <span dir="auto">{props.claimError}</span>{' '}
              </span>
            )}
            {props.takingOver ? (
              'Taking over…'
            ) : (
              <button type="button" class="small" data-testid="qna-take-over" onClick={props.onTakeOver}>
                Take over
              </button>
            )}
          </p>
        ) : q.handledBy === me ? (
          <p class="qna-claim ok" data-testid="qna-claim-note">
            You handle this question.{' '}
            <button type="button" class="link" data-testid="qna-release" onClick={props.onRelease}>
              Release
            </button>
          </p>
        ) : claimFailed ? (
          <p class="qna-claim warn" data-testid="qna-claim-note" role="status">
            <span data-testid="qna-claim-error">
              Couldn't claim: <span dir="auto">{props.claimError}</span>
            </span>{' '}
            ·{' '}
            <button type="button" class="link" data-testid="qna-claim-retry" onClick={props.onRetryClaim}>
              Try again
            </button>
          </p>
        ) : (
          <p class="qna-claim hint" data-testid="qna-claim-note" role="status">
            Claiming… other moderators will see that you handle it.
          </p>
        )
      ) : (
        props.claimAbsent && (
          <p class="qna-absent" data-testid="qna-absent-claim">
            {props.claimAbsent}
          </p>
        )
      )}
      {mode.kind === 'blocked' ? (
        mine && (
          <button type="button" class="small primary-ish" data-testid="qna-panel-action" onClick={() => props.onRetry(mode.action)}>
            {ROW_ACTION_LABELS[mode.action]} now
          </button>
        )
      ) : (
        <>
          <textarea
            ref={field}
            dir="auto"
            rows={mode.kind === 'edit' ? 4 : 3}
            aria-label={mode.kind === 'edit' ? 'Question text' : 'Your answer'}
            data-testid={mode.kind === 'edit' ? 'qna-edit-text' : 'qna-reply-text'}
            value={props.draft}
            onInput={(e) => props.onDraft(e.currentTarget.value)}
          />
          {mode.kind === 'answer' && !mine && <p class="hint">Sending waits until the question is yours.</p>}
        </>
      )}
      <div class="qna-row-tools">
        {mode.kind !== 'blocked' && (
          <button
            type="button"
            class="small primary-ish"
            data-testid={mode.kind === 'edit' ? 'qna-edit-send' : 'qna-reply-send'}
            disabled={!canSend}
            onClick={() => props.onSend(props.draft)}
          >
            {mode.kind === 'edit' ? 'Approve' : mode.visibility === 'public' ? 'Send publicly' : 'Send privately'}
          </button>
        )}
        <button type="button" class="small" data-testid="qna-reply-close" onClick={props.onClose}>
          {mode.kind === 'blocked' ? 'Close' : 'Cancel'}
        </button>
      </div>
    </section>
  );
}
