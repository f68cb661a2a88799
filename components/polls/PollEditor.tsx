/**
 * PollEditor: edit one poll draft. Props in (the draft, the time), intents out (patches, save, cancel).
 * Errors show at their field, with aria-invalid and aria-describedby, after a save attempt or once the
 * field was left; a server refusal shows at the field it names.
 *
 * data-testid (N = the option's position, from 0):
 *   poll-editor (form) · poll-question · poll-question-error
 *   poll-type-options · poll-type-open (radios)
 *   poll-options-error · poll-option-N · poll-option-N-error · poll-option-N-correct · poll-option-N-remove
 *   poll-add-option · poll-show-results
 *   poll-autoclose (seconds, empty = no auto-close) · poll-autoclose-error
 *   poll-schedule (datetime-local) · poll-schedule-clear · poll-schedule-error
 *   poll-server-error · poll-save · poll-cancel
 */
import { useState } from 'preact/hooks';
import {
  addOption,
  errorAt,
  removeOption,
  setOptionText,
  setType,
  toggleCorrect,
  validatePoll,
  type DraftPatch,
} from '@/lib/model/polls/draft';
import { MAX_POLL_OPTIONS, type PollDraft, type PollField } from '@/lib/model/polls/types';
import { describeDuration } from '@/lib/model/polls/live';
import { formatClock, fromLocalInput, toLocalInput } from '@/lib/model/announcements/time';

export interface PollEditorProps {
  draft: PollDraft;
  /** Epoch ms, for the "scheduled time has passed" check. */
  now: number;
  onChange: (patch: DraftPatch) => void;
  /** Called only with a valid draft. */
  onSave: () => void;
  onCancel?: () => void;
  /** The server refused the poll: shown at its field when it names one, else above the buttons. */
  serverError?: { message: string; formField?: PollField } | null;
  saving?: boolean;
  /** Show every error at once (e.g. after a refused launch). */
  showAllErrors?: boolean;
}

export function PollEditor({ draft, now, onChange, onSave, onCancel, serverError, saving = false, showAllErrors = false }: PollEditorProps) {
  const [attempted, setAttempted] = useState(false);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const errors = validatePoll(draft, now);
  const prefix = `poll-${draft.id.replace(/[^\w-]/g, '_')}`;
  const shown = (field: PollField): string | undefined => {
    const local = attempted || showAllErrors || touched.has(field) ? errorAt(errors, field) : undefined;
    return local ?? (serverError?.formField === field ? serverError.message : undefined);
  };
  const touch = (field: string) => () => !touched.has(field) && setTouched(new Set([...touched, field]));
  const errorId = (field: string) => `${prefix}-${field.replace('.', '-')}-error`;
  const a11y = (field: PollField) => {
    const message = shown(field);
    return message ? { 'aria-invalid': 'true' as const, 'aria-describedby': errorId(field) } : {};
  };
  // A plain function, not a component: the same <p> stays mounted while the moderator types.
  const errorText = (field: PollField, testId: string) => {
    const message = shown(field);
    return message ? (
      <p class="field-error" id={errorId(field)} data-testid={testId} role="alert">
        {message}
      </p>
    ) : null;
  };

  const submit = (e: Event) => {
    e.preventDefault();
    setAttempted(true);
    if (errors.length === 0 && !saving) onSave();
  };

  const autoCloseSeconds = draft.autoCloseMilliseconds === null ? '' : String(draft.autoCloseMilliseconds / 1000);
  const choice = draft.type === 'OptionsPoll';

  return (
    <form class="poll-editor card" data-testid="poll-editor" aria-label="Poll" onSubmit={submit} noValidate>
      <label for={`${prefix}-question`}>Question</label>
      <textarea
        id={`${prefix}-question`}
        data-testid="poll-question"
        dir="auto"
        rows={2}
        value={draft.question}
        onInput={(e) => onChange({ question: e.currentTarget.value })}
        onBlur={touch('question')}
        {...a11y('question')}
      />
      {errorText('question', 'poll-question-error')}

      <fieldset>
        <legend>Answers</legend>
        <label>
          <input type="radio" name={`${prefix}-type`} data-testid="poll-type-options" checked={choice} onChange={() => onChange(setType(draft, 'OptionsPoll'))} />
          Multiple choice
        </label>
        <label>
          <input type="radio" name={`${prefix}-type`} data-testid="poll-type-open" checked={!choice} onChange={() => onChange(setType(draft, 'OpenAnswers'))} />
          Open answer
        </label>
      </fieldset>

      {(choice || draft.options.length > 0) && (
        <fieldset class="poll-options" aria-describedby={shown('options') ? errorId('options') : undefined}>
          <legend>
            Options ({draft.options.length}/{MAX_POLL_OPTIONS}){choice ? ' — tick the correct answers for a quiz' : ''}
          </legend>
          <ol>
            {draft.options.map((o, i) => {
              const field = `options.${i}` as PollField;
              return (
                <li key={o.id}>
                  <label class="visually-hidden" for={`${prefix}-option-${i}`}>
                    Option {i + 1}
                  </label>
                  <input
                    id={`${prefix}-option-${i}`}
                    data-testid={`poll-option-${i}`}
                    type="text"
                    dir="auto"
                    value={o.text}
                    onInput={(e) => onChange(setOptionText(draft, o.id, e.currentTarget.value))}
                    onBlur={touch(field)}
                    {...a11y(field)}
                  />
                  {choice && (
                    <label>
                      <input
                        type="checkbox"
                        data-testid={`poll-option-${i}-correct`}
                        checked={draft.correctAnswers.includes(o.id)}
                        onChange={() => onChange(toggleCorrect(draft, o.id))}
                      />
                      Correct
                    </label>
                  )}
                  <button type="button" class="link" data-testid={`poll-option-${i}-remove`} aria-label={`Remove option ${i + 1}`} onClick={() => onChange(removeOption(draft, o.id))}>
                    Remove
                  </button>
                  {errorText(field, `poll-option-${i}-error`)}
                </li>
              );
            })}
          </ol>
          {choice && (
            <button type="button" data-testid="poll-add-option" disabled={draft.options.length >= MAX_POLL_OPTIONS} onClick={() => onChange(addOption(draft))}>
              Add option
            </button>
          )}
          {choice && draft.options.length >= MAX_POLL_OPTIONS && <p class="hint">A poll has at most {MAX_POLL_OPTIONS} options.</p>}
        </fieldset>
      )}
      {errorText('options', 'poll-options-error')}

      <label>
        <input type="checkbox" data-testid="poll-show-results" checked={draft.showResults} onChange={(e) => onChange({ showResults: e.currentTarget.checked })} />
        Show results to attendees
      </label>

      <label for={`${prefix}-autoclose`}>Close automatically after (seconds, empty for never)</label>
      <input
        id={`${prefix}-autoclose`}
        data-testid="poll-autoclose"
        type="number"
        min={5}
        step={1}
        inputMode="numeric"
        value={autoCloseSeconds}
        onInput={(e) => {
          const v = e.currentTarget.value.trim();
          const n = Number(v);
          onChange({ autoCloseMilliseconds: v === '' ? null : Number.isFinite(n) ? Math.round(n * 1000) : NaN });
        }}
        onBlur={touch('autoClose')}
        {...a11y('autoClose')}
      />
      {draft.autoCloseMilliseconds !== null && Number.isFinite(draft.autoCloseMilliseconds) && draft.autoCloseMilliseconds > 0 && (
        <p class="hint">Closes {describeDuration(draft.autoCloseMilliseconds)} after launch.</p>
      )}
      {errorText('autoClose', 'poll-autoclose-error')}

      <label for={`${prefix}-schedule`}>Publish at (empty to launch by hand)</label>
      <input
        id={`${prefix}-schedule`}
        data-testid="poll-schedule"
        type="datetime-local"
        value={toLocalInput(draft.scheduledAt)}
        onInput={(e) => {
          const v = e.currentTarget.value;
          onChange({ scheduledAt: v === '' ? null : fromLocalInput(v) ?? NaN });
        }}
        onBlur={touch('schedule')}
        {...a11y('schedule')}
      />
      {draft.scheduledAt !== null && (
        <button type="button" class="link" data-testid="poll-schedule-clear" onClick={() => onChange({ scheduledAt: null })}>
          Clear schedule
        </button>
      )}
      {draft.scheduledAt !== null && Number.isFinite(draft.scheduledAt) && draft.scheduledAt > now && (
        <p class="hint">Kaltura publishes it at {formatClock(draft.scheduledAt, now)}.</p>
      )}
      {errorText('schedule', 'poll-schedule-error')}

      {serverError && !serverError.formField && (
        <p class="error" role="alert" data-testid="poll-server-error">
          {serverError.message}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary" data-testid="poll-save" disabled={saving} aria-busy={saving}>
          {saving ? 'Saving…' : 'Save poll'}
        </button>
        {onCancel && (
          <button type="button" data-testid="poll-cancel" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
