/**
 * AnnouncementsPanel: the Announcements view of the side panel. The composer (text kept by the background
 * as a draft, so it survives a closed panel), templates, send now / schedule, and the history with what is
 * still scheduled. `now` ticks once a second for the expected send times.
 *
 * A send-now keeps the text in the composer until the background says it went out; a failed or refused one
 * keeps it (with the reason), so nothing typed is lost. Why the widget cannot pin is said in the composer.
 *
 * data-testid: ann-view · ann-surface-problem · ann-next-alarm
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatClock } from '@/lib/model/announcements/time';
import type { AnnouncementsAction, AnnouncementsView } from '@/lib/contracts/announcements';
import { AnnouncementComposer } from './AnnouncementComposer';
import { AnnouncementHistory } from './AnnouncementHistory';

export interface AnnouncementsPanelProps {
  view: AnnouncementsView | null;
  onAction: (action: AnnouncementsAction) => void;
  newId: () => string;
  clock?: () => number;
}

const DRAFT_SAVE_MS = 400;

export function AnnouncementsPanel({ view, onAction, newId, clock = Date.now }: AnnouncementsPanelProps) {
  // The text being typed, for one session; before any typing, the draft the background kept.
  const [edit, setEdit] = useState<{ contextId: string; text: string } | null>(null);
  const [now, setNow] = useState(clock());
  // The send-now waiting for its outcome: its text stays in the composer (read-only) until it went out.
  const [awaiting, setAwaiting] = useState<{ contextId: string; id: string; text: string } | null>(null);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    const timer = setInterval(() => setNow(clock()), 1000);
    return () => clearInterval(timer);
  }, [clock]);
  // Opening the view asks for it afresh: where announcements go may have changed meanwhile.
  useEffect(() => onAction({ kind: 'refresh' }), []);
  // Leaving the view (or closing the panel) saves what was typed at once.
  const unsaved = useRef<string | null>(null);
  const send = useRef(onAction);
  send.current = onAction;
  useEffect(
    () => () => {
      if (saveTimer.current) clearTimeout(saveTimer.current);
      if (unsaved.current !== null) send.current({ kind: 'draft', text: unsaved.current });
    },
    [],
  );

  // The outcome of the send-now: out (it is in the history as sent) empties the composer; failed or refused
  // (the background names it) leaves the text where it is, with the reason shown.
  useEffect(() => {
    if (!awaiting || !view || view.contextId !== awaiting.contextId) return;
    if (view.history.some((h) => h.id === awaiting.id && h.result.status === 'sent')) {
      setAwaiting(null);
      setEdit((e) => (e && e.contextId === awaiting.contextId && e.text !== awaiting.text ? e : { contextId: awaiting.contextId, text: '' }));
    } else if (view.failedSend === awaiting.id) {
      setAwaiting(null);
    }
  }, [view, awaiting]);

  if (!view) return <p class="hint">Reading the session's announcements…</p>;
  const contextId = view.contextId;
  const current = edit && edit.contextId === contextId ? edit.text : view.draft;

  const change = (next: string) => {
    setEdit({ contextId, text: next });
    unsaved.current = next;
    if (saveTimer.current) clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(() => {
      unsaved.current = null;
      onAction({ kind: 'draft', text: next });
    }, DRAFT_SAVE_MS);
  };
  /** Before a send or schedule: the text typed so far is the draft (the background keeps it until the outcome). */
  const flush = (text: string) => {
    if (saveTimer.current) clearTimeout(saveTimer.current);
    unsaved.current = null;
    setEdit({ contextId, text });
  };

  return (
    <section class="announcements-view" data-testid="ann-view" aria-label="Announcements">
      {view.surfaceProblem && (
        <p class="error" role="alert" data-testid="ann-surface-problem">
          {view.surfaceProblem}
        </p>
      )}
      <AnnouncementComposer
        text={current}
        onTextChange={change}
        templates={view.templates}
        onSaveTemplate={(name, t, id) => onAction({ kind: 'save-template', name, text: t, ...(id ? { id } : {}) })}
        onDeleteTemplate={(id) => onAction({ kind: 'delete-template', id })}
        onSendNow={({ text: t, pin }) => {
          const id = newId();
          flush(current);
          onAction({ kind: 'draft', text: current });
          setAwaiting({ contextId, id, text: current });
          onAction({ kind: 'send', id, text: t, pin });
        }}
        onSchedule={({ text: t, sendAt, pin }) => {
          flush('');
          onAction({ kind: 'schedule', id: newId(), text: t, sendAt, pin });
        }}
        surface={view.surface ?? 'cnc-widget'}
        pinProblem={view.pinProblem}
        now={now}
        sending={view.sending || (awaiting !== null && awaiting.contextId === contextId)}
        error={view.error}
      />
      {view.nextAlarmAt !== null && (
        <p class="hint" data-testid="ann-next-alarm">
          Next scheduled send at {formatClock(view.nextAlarmAt, now)} (the browser's alarm; it fires even with this panel closed).
        </p>
      )}
      <AnnouncementHistory
        entries={view.history}
        pending={view.pending}
        now={now}
        onCancel={(id) => onAction({ kind: 'cancel', id })}
        onResend={(entry) => onAction({ kind: 'send', id: entry.id, text: entry.text, pin: !!entry.pinned })}
      />
    </section>
  );
}
