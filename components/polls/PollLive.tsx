/**
 * PollLive: a running (or closed) poll: question, results as a plain HTML/CSS bar chart with counts and
 * percentages, the countdown to auto-close, and the moderator's controls. Attendee answers are rendered
 * as text. `now` comes from the parent (it ticks once a second), so this view stays pure.
 *
 * data-testid:
 *   poll-live · poll-live-question · poll-live-state (a status chip) · poll-live-total · poll-live-results-state · poll-countdown
 *   poll-results (table) · poll-result-row (data-option-id) · poll-result-text · poll-result-count ·
 *   poll-result-percent · poll-result-bar · poll-results-empty
 *   poll-close · poll-publish-results · poll-run-again · poll-export-csv · poll-live-error · poll-live-pending
 */
import { formatRemaining, pollCountdown, POLL_STATE_LABELS, resultRows, resultsVisibility } from '@/lib/model/polls/live';
import './poll-states.css';
import type { Poll, PollResults } from '@/lib/model/polls/types';

export type PollLiveAction = 'close' | 'publish-results' | 'run-again' | 'export-csv';

export interface PollLiveProps {
  poll: Poll;
  results: PollResults | null | undefined;
  /** Epoch ms. */
  now: number;
  onClose: () => void;
  onPublishResults: () => void;
  onRunAgain: () => void;
  onExportCsv: () => void;
  /** An action in flight: its button shows so and the controls wait. */
  pending?: PollLiveAction | null;
  error?: string | null;
  /** Results have not been refreshed recently (shown, not hidden). */
  stale?: boolean;
}

export function PollLive({ poll, results, now, onClose, onPublishResults, onRunAgain, onExportCsv, pending = null, error = null, stale = false }: PollLiveProps) {
  const rows = resultRows(poll, results);
  const live = poll.state === 'Published';
  const remaining = pollCountdown(poll).remainingMs(now);
  const answers = results?.answers ?? 0;
  const busy = pending !== null;
  const quiz = poll.content.correctAnswers.length > 0;

  return (
    <section class="poll-live card" data-testid="poll-live" aria-label="Live poll" data-state={poll.state}>
      <h2 data-testid="poll-live-question" dir="auto">{poll.content.question}</h2>
      <p class="meta">
        <span class={`chip state-${poll.state.toLowerCase()}`} role="status" data-testid="poll-live-state">
          {POLL_STATE_LABELS[poll.state]}
        </span>
        {' · '}
        <span data-testid="poll-live-total">
          {answers} {answers === 1 ? 'answer' : 'answers'}
        </span>
        {' · '}
        <span data-testid="poll-live-results-state">{resultsVisibility(poll.showResults)}</span>
        {stale && ' · results may be out of date'}
      </p>
      {live && remaining !== null && (
        <p class="countdown" data-testid="poll-countdown" role="timer" aria-live="off" aria-label={`Closes in ${formatRemaining(remaining)}`}>
          Closes in {formatRemaining(remaining)}
        </p>
      )}

      {rows.length === 0 ? (
        <p class="hint" data-testid="poll-results-empty">
          {poll.type === 'OpenAnswers' ? 'No answers yet.' : 'No options.'}
        </p>
      ) : (
        <table class="poll-results" data-testid="poll-results">
          <caption class="visually-hidden">Results</caption>
          <thead>
            <tr>
              <th scope="col">{poll.type === 'OpenAnswers' ? 'Answer' : 'Option'}</th>
              <th scope="col">Votes</th>
              <th scope="col">%</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.optionId} data-testid="poll-result-row" data-option-id={r.optionId} class={r.correct ? 'correct' : undefined}>
                <th scope="row">
                  <span data-testid="poll-result-text" dir="auto">{r.text}</span>
                  {quiz && r.correct && <span class="badge"> (correct)</span>}
                  <span class="bar-track" aria-hidden="true">
                    <span class="bar" data-testid="poll-result-bar" style={{ display: 'block', width: `${r.percent}%`, minWidth: r.count > 0 ? '2px' : '0' }} />
                  </span>
                </th>
                <td data-testid="poll-result-count">{r.count}</td>
                <td data-testid="poll-result-percent">{r.percent}%</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {error && (
        <p class="error" role="alert" data-testid="poll-live-error">
          {error}
        </p>
      )}
      {pending && (
        <p class="hint" aria-live="polite" data-testid="poll-live-pending">
          Working…
        </p>
      )}
      {/* Only what can be done now is a button; a state is said above, never shown as a disabled button. */}
      <div class="actions">
        {live && (
          <button type="button" class="primary" data-testid="poll-close" disabled={busy} onClick={onClose}>
            {pending === 'close' ? 'Closing…' : 'Close poll'}
          </button>
        )}
        {!poll.showResults && (
          <button type="button" data-testid="poll-publish-results" disabled={busy} onClick={onPublishResults}>
            {pending === 'publish-results' ? 'Publishing…' : 'Publish results'}
          </button>
        )}
        {!live && (
          <button type="button" data-testid="poll-run-again" disabled={busy} onClick={onRunAgain}>
            Run again
          </button>
        )}
        <button type="button" data-testid="poll-export-csv" onClick={onExportCsv}>
          Export CSV
        </button>
      </div>
    </section>
  );
}
