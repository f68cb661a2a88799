// Teach mode in the panel: walks the moderator through the widget on the event page ("click a question",
// "its author", "how do you approve it"), shows what the draft profile reads from the page now, row by
// row, and saves it as this event's custom profile. The picking happens in the page (lib/content/teach.ts);
// this view only asks for it and shows the result. Also: the event's custom profile, exported and imported
// as JSON (CustomProfiles.tsx).
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { QuestionState } from '@/lib/model/qna/types';
import { localStorage as extensionStorage, type StorageArea } from '@/lib/platform/storage';
import { refusal, saveCustomProfile } from '@/lib/cnc/custom-profiles';
import { profileProblems } from '@/lib/cnc/profile-schema';
import { OPTIONAL_TEACH_ACTIONS, type OptionalTeachAction } from '@/lib/cnc/teach/absent';
import type { PanelToContentTeach, TeachAction, TeachReply, TeachTarget, TeachView as View } from '@/lib/contracts/teach';
import { CustomProfiles } from './CustomProfiles';
import './teach.css';

export interface TeachViewProps {
  tabId: number;
  /** The event page's origin (https), which a saved profile is for. */
  origin: string;
  /** Sends to the tab's content script (default: tabs.sendMessage). */
  send?: (tabId: number, message: PanelToContentTeach) => Promise<TeachReply | undefined>;
  area?: StorageArea;
  onDownload(fileName: string, text: string, type: string): void;
}

const STEPS: Array<{ target: TeachTarget; label: string }> = [
  { target: 'row', label: 'Click a question row' },
  { target: 'text', label: 'Its text' },
  { target: 'author', label: 'Its author' },
  { target: 'votes', label: 'Its votes' },
  { target: 'time', label: 'Its time' },
  { target: 'tab', label: 'The tab (or list) of pending questions' },
  { target: 'handledBy', label: 'Who handles a question you claimed (if the widget shows it)' },
  { target: 'answer', label: 'The text of an answer under a question (if one shows)' },
  { target: 'visibility', label: "That answer's visibility (public or private)" },
];

const ACTIONS: Array<{ action: TeachAction; label: string }> = [
  { action: 'approve', label: 'How do you approve a question?' },
  { action: 'dismiss', label: 'How do you dismiss one?' },
  { action: 'answer-public', label: 'How do you answer in text, publicly?' },
  { action: 'answer-private', label: 'How do you answer in text, privately?' },
  { action: 'answered-live', label: 'How do you mark it answered live?' },
  { action: 'restore', label: 'How do you restore a dismissed question? (if the widget can)' },
  { action: 'claim', label: 'How do you claim a question, so colleagues see you handle it? (if the widget can)' },
  { action: 'release', label: 'How do you release a question you claimed? (if the widget can)' },
];

const isOptional = (a: TeachAction): a is OptionalTeachAction => (OPTIONAL_TEACH_ACTIONS as readonly string[]).includes(a);

const STATES: QuestionState[] = ['pending', 'approved', 'answered', 'dismissed'];

// The top frame only: the picker and the widget features live there, and one answer, not one per frame.
const defaultSend = (tabId: number, message: PanelToContentTeach) => browser.tabs.sendMessage(tabId, message, { frameId: 0 }) as Promise<TeachReply | undefined>;

export function TeachView({ tabId, origin, send = defaultSend, area = extensionStorage, onDownload }: TeachViewProps) {
  const [view, setView] = useState<View | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [perform, setPerform] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [savedCount, setSavedCount] = useState(0);
  const live = useRef(true);

  const ask = async (message: PanelToContentTeach, what: string | null = null) => {
    setError(null);
    setSaved(null);
    if (what) setBusy(what);
    try {
      const reply = await send(tabId, message);
      if (!live.current) return;
      if (!reply) setError('The event page did not answer: reload it and open Teach again.');
      else if (!reply.ok) {
        setError(reply.error);
        if (reply.view) setView(reply.view);
      } else setView(reply.view);
    } catch {
      if (live.current) setError('The event page did not answer: reload it and open Teach again.');
    } finally {
      if (live.current && what) setBusy(null);
    }
  };

  useEffect(() => {
    live.current = true;
    void ask({ type: 'teach-view' });
    return () => {
      live.current = false;
      // Leaving the view ends a pick in progress: no overlay stays on the page.
      void send(tabId, { type: 'teach-cancel' }).catch(() => undefined);
    };
  }, [tabId]);

  /**
   * Optional actions the moderator said the widget has no control for. Kept in the page's draft with the
   * picks (lib/content/teach.ts), not here: closing the view must not lose them; the draft carries their reasons.
   */
  const none = view?.none ?? [];
  const toggleNone = (a: OptionalTeachAction) => void ask({ type: 'teach-none', action: a, none: !none.includes(a) });
  const draft = view?.draft ?? null;
  const problems = draft ? profileProblems(draft) : ['Nothing taught yet.'];
  const save = async () => {
    if (!draft) return;
    const r = await saveCustomProfile(area, origin, draft);
    if (r.ok) {
      setSaved(`Saved as the profile of ${origin} (${r.profile.id}). The panel reads the widget with it now.`);
      setSavedCount((n) => n + 1);
    }
    else setError(refusal(r.problems));
  };

  return (
    <section class="teach-view" data-testid="teach" aria-labelledby="teach-title">
      <h2 id="teach-title">Teach the widget</h2>
      <p class="hint">
        Show the extension where things are in this event's widget: each step asks for one click on the page.
        Clicks are recorded, not performed, unless you say you are on a test question.
      </p>
      {busy && (
        <p role="status" class="teach-row" data-testid="teach-busy">
          {busy}: click on the event page (Esc stops).
          <button type="button" data-testid="teach-cancel" onClick={() => void send(tabId, { type: 'teach-cancel' }).catch(() => undefined)}>
            Stop picking
          </button>
        </p>
      )}
      {error && (
        <p role="alert" class="error" data-testid="teach-error" dir="auto">
          {error}
        </p>
      )}
      <ol class="teach-steps">
        {STEPS.map(({ target, label }) => (
          <li key={target} data-testid={`teach-step-${target}`}>
            <span>{label}</span>
            <button type="button" data-testid={`teach-pick-${target}`} disabled={!!busy || (target !== 'row' && !view?.picked.row) || (target === 'visibility' && !view?.picked.answer)} onClick={() => void ask({ type: 'teach-pick', target }, label)}>
              {view?.picked[target] ? 'Again' : 'Pick'}
            </button>
            <span class={`picked${view?.picked[target] ? ' done' : ''}`} data-testid={`teach-picked-${target}`} dir="auto">
              {view?.picked[target] ?? 'Not yet'}
            </span>
          </li>
        ))}
      </ol>
      {view && view.tabs.length > 0 && (
        <table class="teach-table" data-testid="teach-tabs">
          <caption>What each tab lists (guessed from its name: correct it if needed)</caption>
          <tbody>
            {view.tabs.map((t, i) => (
              <tr key={i}>
                <th scope="row" dir="auto">
                  {t.name}
                </th>
                <td>
                  <select aria-label={`State listed by ${t.name}`} data-testid={`teach-tab-state-${i}`} value={t.state ?? ''} onChange={(e) => void ask({ type: 'teach-state', tab: i, state: (e.target as HTMLSelectElement).value as QuestionState })}>
                    {STATES.map((s) => (
                      <option key={s} value={s}>
                        {s}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="teach-actions">
        <fieldset>
          <legend>Actions</legend>
          <label class="teach-row">
            <input type="checkbox" data-testid="teach-perform" checked={perform} onChange={(e) => setPerform((e.target as HTMLInputElement).checked)} />
            Perform the clicks: I am on a test question (needed to reach a confirmation dialog)
          </label>
          <ul class="teach-steps">
            {ACTIONS.map(({ action, label }) => (
              <li key={action} data-testid={`teach-action-${action}`}>
                <span>{label}</span>
                <span class="teach-row">
                  <button type="button" data-testid={`teach-record-${action}`} disabled={!!busy || !view?.picked.row} onClick={() => void ask({ type: 'teach-record', action, perform }, label)}>
                    Record a click
                  </button>
                  <button type="button" data-testid={`teach-clear-${action}`} disabled={!!busy || !view?.actions[action]} onClick={() => void ask({ type: 'teach-clear', action })}>
                    Clear
                  </button>
                  {isOptional(action) && (
                    <button type="button" data-testid={`teach-none-${action}`} aria-pressed={none.includes(action)} disabled={!!busy} onClick={() => toggleNone(action)}>
                      The widget has none
                    </button>
                  )}
                </span>
                <span class={`picked${view?.actions[action] || (isOptional(action) && none.includes(action)) ? ' done' : ''}`} data-testid={`teach-recorded-${action}`} dir="auto">
                  {isOptional(action) && none.includes(action) ? 'None in this widget (the panel will say so)' : (view?.actions[action]?.join(' → ') ?? (isOptional(action) ? 'Not yet (optional)' : 'Not yet'))}
                </span>
              </li>
            ))}
          </ul>
        </fieldset>
      </div>
      {view && view.notes.length > 0 && (
        <ul class="teach-notes" data-testid="teach-notes">
          {view.notes.slice(0, 8).map((n, i) => (
            <li key={i} dir="auto">
              {n}
            </li>
          ))}
        </ul>
      )}
      {view?.preview && (
        <table class="teach-table" data-testid="teach-preview">
          <caption>
            What the new profile reads now: {view.preview.rows.length} rows
            {view.preview.total !== null && view.preview.total > view.preview.seen ? ` (${view.preview.seen} of ${view.preview.total} rendered)` : ''}
            {view.preview.unreadable ? `, ${view.preview.unreadable} unreadable` : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">State</th>
              <th scope="col">Author</th>
              <th scope="col">Time</th>
              <th scope="col">Votes</th>
              <th scope="col">Text</th>
            </tr>
          </thead>
          <tbody>
            {view.preview.rows.map((r) => (
              <tr key={r.id} data-testid="teach-preview-row">
                <td>{r.state}</td>
                <td dir="auto">{r.author}</td>
                <td>{r.time.slice(11, 16)}</td>
                <td>{r.votes}</td>
                <td dir="auto">{r.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="teach-row">
        <button type="button" data-testid="teach-save" disabled={!!busy || problems.length > 0} onClick={() => void save()}>
          Save as this event's profile
        </button>
        <button type="button" data-testid="teach-reset" disabled={!!busy} onClick={() => void ask({ type: 'teach-reset' })}>
          Start again
        </button>
      </div>
      {saved && (
        <p role="status" class="teach-ok" data-testid="teach-saved" dir="auto">
          {saved}
        </p>
      )}
      <CustomProfiles origin={origin} area={area} onDownload={onDownload} refresh={savedCount} />
    </section>
  );
}
