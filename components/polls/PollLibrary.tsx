/**
 * PollLibrary: the event's prepared polls, in order, with their state. Intents out: new, launch, edit,
 * duplicate, delete (asks once more), move up/down, open live, run again.
 *
 * data-testid:
 *   poll-library (list) · poll-library-empty · poll-new
 *   per draft, inside `poll-item` (with data-draft-id): poll-item-question · poll-item-state ·
 *   poll-item-sync · poll-item-error · poll-launch · poll-open-live · poll-run-again · poll-edit ·
 *   poll-duplicate · poll-delete · poll-delete-confirm · poll-delete-cancel · poll-move-up · poll-move-down
 */
import { useState } from 'preact/hooks';
import { validatePoll } from '@/lib/model/polls/draft';
import { syncStatus } from '@/lib/model/polls/library';
import type { PollDraft, PollState } from '@/lib/model/polls/types';
import { formatClock } from '@/lib/model/announcements/time';
import { POLL_STATE_LABELS } from '@/lib/model/polls/live';
import './poll-states.css';

export interface PollLibraryProps {
  drafts: readonly PollDraft[];
  now: number;
  onNew?: () => void;
  onLaunch: (id: string) => void;
  onEdit: (id: string) => void;
  onDuplicate: (id: string) => void;
  onDelete: (id: string) => void;
  onReorder?: (id: string, toIndex: number) => void;
  onOpenLive?: (id: string) => void;
  onRunAgain?: (id: string) => void;
  /** Per draft id: what is in progress ("Launching…"). */
  busy?: Readonly<Record<string, string>>;
  /** Per draft id: the last failure, in the moderator's words. */
  errors?: Readonly<Record<string, string>>;
}

const STATE_LABELS: Record<PollState, string> = POLL_STATE_LABELS;

const SYNC_LABELS: Record<ReturnType<typeof syncStatus>, string> = {
  local: 'Only in this browser',
  saving: 'Saving to Kaltura…',
  saved: 'Saved in Kaltura',
  'unsaved-changes': 'Changes not yet in Kaltura',
};

export function PollLibrary(props: PollLibraryProps) {
  const { drafts, now, busy = {}, errors = {} } = props;
  const [confirming, setConfirming] = useState<string | null>(null);

  return (
    <section class="poll-library card" aria-label="Poll library">
      <header class="row">
        <h2>Polls ({drafts.length})</h2>
        {props.onNew && (
          <button type="button" data-testid="poll-new" onClick={props.onNew}>
            New poll
          </button>
        )}
      </header>
      {drafts.length === 0 ? (
        <p class="hint" data-testid="poll-library-empty">
          No polls yet. Prepare them before the session: they are kept in this browser and saved to Kaltura as drafts.
        </p>
      ) : (
        <ol data-testid="poll-library">
          {drafts.map((d, i) => {
            const problems = validatePoll(d);
            const working = busy[d.id];
            const live = d.state === 'Published';
            const closed = d.state === 'UnPublished';
            const label = d.question.trim() || 'Untitled poll';
            return (
              <li key={d.id} data-testid="poll-item" data-draft-id={d.id} data-state={d.state}>
                <p class="question" data-testid="poll-item-question" dir="auto">
                  {label}
                </p>
                <p class="meta">
                  <span class={`chip state state-${d.state.toLowerCase()}`} data-testid="poll-item-state">
                    {STATE_LABELS[d.state]}
                  </span>
                  {' · '}
                  {d.type === 'OpenAnswers' ? 'Open answer' : `${d.options.length} options`}
                  {d.scheduledAt !== null && Number.isFinite(d.scheduledAt) && !live && !closed && ` · publishes at ${formatClock(d.scheduledAt, now)}`}
                  {' · '}
                  <span data-testid="poll-item-sync">{SYNC_LABELS[syncStatus(d)]}</span>
                  {working && <span aria-live="polite"> · {working}</span>}
                </p>
                {errors[d.id] && (
                  <p class="error" role="alert" data-testid="poll-item-error">
                    {errors[d.id]}
                  </p>
                )}
                <div class="actions" role="group" aria-label={`Actions for: ${label}`}>
                  {live && props.onOpenLive ? (
                    <button type="button" class="primary" data-testid="poll-open-live" onClick={() => props.onOpenLive!(d.id)}>
                      Show live results
                    </button>
                  ) : closed && props.onRunAgain ? (
                    <button type="button" data-testid="poll-run-again" disabled={!!working} onClick={() => props.onRunAgain!(d.id)}>
                      Run again
                    </button>
                  ) : (
                    !live &&
                    !closed && (
                      <button
                        type="button"
                        class="primary"
                        data-testid="poll-launch"
                        disabled={!!working || problems.length > 0}
                        title={problems.length ? `Fix before launching: ${problems[0]!.message}` : undefined}
                        aria-label={`Launch: ${label}`}
                        onClick={() => props.onLaunch(d.id)}
                      >
                        Launch
                      </button>
                    )
                  )}
                  {/* A live poll cannot be edited or deleted: no button says so by being greyed out. */}
                  {!live && (
                    <button type="button" data-testid="poll-edit" disabled={!!working} onClick={() => props.onEdit(d.id)}>
                      Edit
                    </button>
                  )}
                  <button type="button" data-testid="poll-duplicate" onClick={() => props.onDuplicate(d.id)}>
                    Duplicate
                  </button>
                  {props.onReorder && (
                    <>
                      <button type="button" data-testid="poll-move-up" aria-label={`Move up: ${label}`} disabled={i === 0} onClick={() => props.onReorder!(d.id, i - 1)}>
                        ↑
                      </button>
                      <button
                        type="button"
                        data-testid="poll-move-down"
                        aria-label={`Move down: ${label}`}
                        disabled={i === drafts.length - 1}
                        onClick={() => props.onReorder!(d.id, i + 1)}
                      >
                        ↓
                      </button>
                    </>
                  )}
                  {confirming === d.id ? (
                    <span role="group" aria-label="Confirm delete">
                      <button
                        type="button"
                        class="danger"
                        data-testid="poll-delete-confirm"
                        onClick={() => {
                          setConfirming(null);
                          props.onDelete(d.id);
                        }}
                      >
                        {d.remoteId ? 'Delete here and in Kaltura' : 'Delete'}
                      </button>
                      <button type="button" data-testid="poll-delete-cancel" onClick={() => setConfirming(null)}>
                        Keep
                      </button>
                    </span>
                  ) : (
                    !live && (
                      <button type="button" data-testid="poll-delete" disabled={!!working} onClick={() => setConfirming(d.id)}>
                        Delete
                      </button>
                    )
                  )}
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
