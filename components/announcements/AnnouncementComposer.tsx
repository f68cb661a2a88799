/**
 * AnnouncementComposer: write an announcement (plain text, the length shown and enforced), start from a
 * template, send now or schedule (showing the honest expected send time), pin where the surface allows.
 * The text is view state owned by the parent (`text` / `onTextChange`); intents out: send, schedule,
 * save template.
 *
 * data-testid:
 *   ann-composer (form) · ann-text · ann-length · ann-error
 *   ann-template (select) · ann-template-use · ann-template-name · ann-template-save
 *   ann-template-replace-ask (using a template over typed text asks first) · ann-template-replace · ann-template-keep
 *   ann-template-edit (opens ann-template-editor: ann-template-edit-name, ann-template-edit-text,
 *   ann-template-edit-save, ann-template-edit-cancel) · ann-template-delete (asks: ann-template-delete-ask,
 *   ann-template-delete-confirm, ann-template-delete-cancel)
 *   ann-mode-now · ann-mode-schedule (radios) · ann-send-at (datetime-local) · ann-expected · ann-floor-note
 *   ann-pin (checkbox, only where the widget can pin) · ann-pin-absent (why not, instead) · ann-send · ann-send-error (the reason: ann-send-error-text, cut with ann-reason-cut; ReasonText)
 */
import { useState } from 'preact/hooks';
import { ANNOUNCEMENT_MAX_LENGTH, SURFACE_CAPABILITIES, normalizeAnnouncement, validateAnnouncement, type AnnouncementSurface } from '@/lib/model/announcements/compose';
import { nextFireAt } from '@/lib/model/announcements/schedule';
import type { AnnouncementTemplate } from '@/lib/model/announcements/templates';
import { formatClock, fromLocalInput, toLocalInput } from '@/lib/model/announcements/time';
import { ReasonText } from './ReasonText';

export interface AnnouncementComposerProps {
  text: string;
  onTextChange: (text: string) => void;
  templates: readonly AnnouncementTemplate[];
  /** A new template, or (with `id`) the edited one. */
  onSaveTemplate?: (name: string, text: string, id?: string) => void;
  onDeleteTemplate?: (id: string) => void;
  onSendNow: (a: { text: string; pin: boolean }) => void;
  onSchedule: (a: { text: string; sendAt: number; pin: boolean }) => void;
  surface: AnnouncementSurface;
  /** Why this page's widget cannot pin, though the surface could (no pin control): no "Pin it" then. */
  pinProblem?: string | null;
  /** Epoch ms (the parent ticks it). */
  now: number;
  /** A packed extension (chrome.alarms' 30-second floor applies). */
  packed?: boolean;
  sending?: boolean;
  /** The last send failure, in the moderator's words. */
  error?: string | null;
  formatTime?: (ms: number, now: number) => string;
}

export function AnnouncementComposer(props: AnnouncementComposerProps) {
  const { text, templates, surface, now, packed = true, sending = false, error = null, formatTime = formatClock } = props;
  const [mode, setMode] = useState<'now' | 'schedule'>('now');
  const [sendAtInput, setSendAtInput] = useState('');
  const [pin, setPin] = useState(false);
  const [templateId, setTemplateId] = useState(templates[0]?.id ?? '');
  const [templateName, setTemplateName] = useState('');
  const [attempted, setAttempted] = useState(false);
  /** The template about to replace typed text (asked first), being edited, or about to be deleted. */
  const [replacing, setReplacing] = useState<AnnouncementTemplate | null>(null);
  const [editing, setEditing] = useState<{ id: string; name: string; text: string } | null>(null);
  const [deleting, setDeleting] = useState<AnnouncementTemplate | null>(null);

  const caps = SURFACE_CAPABILITIES[surface];
  const pinAbsent = caps.pin ? (props.pinProblem ?? null) : (caps.pinAbsentReason ?? 'This surface cannot pin announcements.');
  const check = validateAnnouncement(text);
  const over = check.remaining < 0;
  const sendAt = mode === 'schedule' ? fromLocalInput(sendAtInput) : null;
  const expected = sendAt !== null ? nextFireAt(sendAt, now, { packed }) : null;
  const scheduleError =
    mode !== 'schedule' ? undefined : sendAtInput === '' ? 'Pick the time to send it.' : sendAt === null ? 'Pick a valid date and time.' : sendAt < now - 60_000 ? 'That time has passed.' : undefined;
  const textError = attempted || over ? check.error : undefined;

  const submit = (e: Event) => {
    e.preventDefault();
    setAttempted(true);
    if (!check.ok || sending) return;
    const clean = normalizeAnnouncement(text);
    const withPin = pinAbsent === null && pin;
    if (mode === 'now') props.onSendNow({ text: clean, pin: withPin });
    else if (!scheduleError && sendAt !== null) props.onSchedule({ text: clean, sendAt, pin: withPin });
    else return;
    // Sent: the parent empties the field; an empty field after a send is no mistake to flag in red.
    setAttempted(false);
  };

  const chosen = templates.find((t) => t.id === templateId) ?? templates[0];
  /** A template fills an empty composer at once; over typed text it asks first. */
  const useTemplate = (t: AnnouncementTemplate) => {
    const typed = normalizeAnnouncement(text);
    if (typed === '' || typed === normalizeAnnouncement(t.text)) {
      props.onTextChange(t.text);
      setReplacing(null);
    } else setReplacing(t);
  };

  return (
    <form class="announcement-composer card" data-testid="ann-composer" aria-label="Announcement" onSubmit={submit} noValidate>
      <label for="ann-text">Announcement to {caps.label}</label>
      <textarea
        id="ann-text"
        data-testid="ann-text"
        dir="auto"
        rows={4}
        maxLength={ANNOUNCEMENT_MAX_LENGTH}
        value={text}
        readOnly={sending}
        onInput={(e) => props.onTextChange(e.currentTarget.value)}
        aria-invalid={textError ? 'true' : undefined}
        aria-describedby={textError ? 'ann-length ann-error' : 'ann-length'}
      />
      <p id="ann-length" class={over ? 'count over' : 'count'} data-testid="ann-length" aria-live="polite">
        {check.length}/{ANNOUNCEMENT_MAX_LENGTH}
      </p>
      {textError && (
        <p id="ann-error" class="field-error" role="alert" data-testid="ann-error">
          {textError}
        </p>
      )}
      <p class="hint">Plain text. Links are shown as links in the history.</p>

      {templates.length > 0 && (
        <div class="row">
          <label for="ann-template">Template</label>
          <select id="ann-template" data-testid="ann-template" value={chosen?.id ?? ''} onChange={(e) => setTemplateId(e.currentTarget.value)}>
            {templates.map((t) => (
              <option key={t.id} value={t.id} dir="auto">
                {t.name}
              </option>
            ))}
          </select>
          <button type="button" data-testid="ann-template-use" disabled={!chosen} onClick={() => chosen && useTemplate(chosen)}>
            Use template
          </button>
          {props.onSaveTemplate && (
            <button type="button" data-testid="ann-template-edit" disabled={!chosen} onClick={() => chosen && (setEditing({ ...chosen }), setDeleting(null))}>
              Edit
            </button>
          )}
          {props.onDeleteTemplate && (
            <button type="button" data-testid="ann-template-delete" disabled={!chosen} onClick={() => chosen && (setDeleting(chosen), setEditing(null))}>
              Delete
            </button>
          )}
        </div>
      )}
      {replacing && (
        <div class="row confirm" role="group" aria-label="Replace the text?">
          <p data-testid="ann-template-replace-ask">
            Replace what you typed with the template <span dir="auto">“{replacing.name}”</span>?
          </p>
          <button
            type="button"
            data-testid="ann-template-replace"
            onClick={() => {
              props.onTextChange(replacing.text);
              setReplacing(null);
            }}
          >
            Replace
          </button>
          <button type="button" data-testid="ann-template-keep" onClick={() => setReplacing(null)}>
            Keep my text
          </button>
        </div>
      )}
      {deleting && props.onDeleteTemplate && (
        <div class="row confirm" role="group" aria-label="Delete the template?">
          <p data-testid="ann-template-delete-ask">
            Delete the template <span dir="auto">“{deleting.name}”</span>?
          </p>
          <button
            type="button"
            data-testid="ann-template-delete-confirm"
            onClick={() => {
              props.onDeleteTemplate!(deleting.id);
              setDeleting(null);
              if (templateId === deleting.id) setTemplateId('');
            }}
          >
            Delete
          </button>
          <button type="button" data-testid="ann-template-delete-cancel" onClick={() => setDeleting(null)}>
            Cancel
          </button>
        </div>
      )}
      {editing && props.onSaveTemplate && (
        <fieldset class="template-editor" data-testid="ann-template-editor">
          <legend>Edit template</legend>
          <label for="ann-template-edit-name">Name</label>
          <input
            id="ann-template-edit-name"
            data-testid="ann-template-edit-name"
            type="text"
            dir="auto"
            maxLength={80}
            value={editing.name}
            onInput={(e) => setEditing({ ...editing, name: e.currentTarget.value })}
          />
          <label for="ann-template-edit-text">Text</label>
          <textarea
            id="ann-template-edit-text"
            data-testid="ann-template-edit-text"
            dir="auto"
            rows={3}
            maxLength={ANNOUNCEMENT_MAX_LENGTH}
            value={editing.text}
            onInput={(e) => setEditing({ ...editing, text: e.currentTarget.value })}
          />
          <div class="row">
            <button
              type="button"
              data-testid="ann-template-edit-save"
              disabled={!editing.name.trim() || !validateAnnouncement(editing.text).ok}
              onClick={() => {
                props.onSaveTemplate!(editing.name.trim(), normalizeAnnouncement(editing.text), editing.id);
                setEditing(null);
              }}
            >
              Save changes
            </button>
            <button type="button" data-testid="ann-template-edit-cancel" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </div>
        </fieldset>
      )}
      {props.onSaveTemplate && (
        <div class="row">
          <label for="ann-template-name">Save as template</label>
          <input id="ann-template-name" data-testid="ann-template-name" type="text" maxLength={80} value={templateName} onInput={(e) => setTemplateName(e.currentTarget.value)} />
          <button
            type="button"
            data-testid="ann-template-save"
            disabled={!templateName.trim() || !check.ok}
            onClick={() => {
              props.onSaveTemplate!(templateName.trim(), normalizeAnnouncement(text));
              setTemplateName('');
            }}
          >
            Save template
          </button>
        </div>
      )}

      <fieldset>
        <legend>When</legend>
        <label>
          <input type="radio" name="ann-mode" data-testid="ann-mode-now" checked={mode === 'now'} onChange={() => setMode('now')} />
          Send now
        </label>
        <label>
          <input type="radio" name="ann-mode" data-testid="ann-mode-schedule" checked={mode === 'schedule'} onChange={() => setMode('schedule')} />
          Schedule
        </label>
        {mode === 'schedule' && (
          <>
            <label for="ann-send-at">Send at</label>
            <input
              id="ann-send-at"
              data-testid="ann-send-at"
              type="datetime-local"
              value={sendAtInput}
              min={toLocalInput(now)}
              onInput={(e) => setSendAtInput(e.currentTarget.value)}
              aria-invalid={attempted && scheduleError ? 'true' : undefined}
              aria-describedby="ann-expected"
            />
            <p id="ann-expected" data-testid="ann-expected" aria-live="polite">
              {attempted && scheduleError ? scheduleError : expected !== null ? `Expected to go out at ${formatTime(expected, now)}, even with this panel closed.` : 'Pick a time.'}
            </p>
            {expected !== null && sendAt !== null && expected > sendAt && (
              <p class="hint" data-testid="ann-floor-note">
                The browser runs scheduled work no sooner than 30 seconds from now, so it goes out at {formatTime(expected, now)}, not {formatTime(sendAt, now)}.
              </p>
            )}
          </>
        )}
      </fieldset>

      {pinAbsent === null ? (
        <label>
          <input type="checkbox" data-testid="ann-pin" checked={pin} onChange={(e) => setPin(e.currentTarget.checked)} />
          Pin it
        </label>
      ) : (
        <p class="hint" data-testid="ann-pin-absent">
          {pinAbsent}
        </p>
      )}

      {error && (
        <p class="error" role="alert" data-testid="ann-send-error">
          <ReasonText text={error} testId="ann-send-error-text" />
        </p>
      )}
      <button type="submit" class="primary" data-testid="ann-send" disabled={sending} aria-busy={sending}>
        {sending ? 'Sending…' : mode === 'now' ? 'Send now' : 'Schedule'}
      </button>
    </form>
  );
}
