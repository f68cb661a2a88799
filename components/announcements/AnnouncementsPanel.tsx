/**
 * AnnouncementsPanel: the Announcements view of the side panel. The composer (text kept by the background
 * as a draft, so it survives a closed panel), templates, send now / schedule, and the history with what is
 * still scheduled. `now` ticks once a second for the expected send times.
 *
 * data-testid: ann-view · ann-surface-problem · ann-pin-note · ann-next-alarm
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
  const sent = () => {
    if (saveTimer.current) clearTimeout(saveTimer.current);
    unsaved.current = null;
    setEdit({ contextId, text: '' });
  };

  return (
    <section class="announcements-view" data-testid="ann-view" aria-label="Announcements">
      {view.surfaceProblem && (
        <p class="error" role="alert" data-testid="ann-surface-problem">
          {view.surfaceProblem}
        </p>
      )}
      {view.pinProblem && (
        <p class="hint" data-testid="ann-pin-note">
          {view.pinProblem}
        </p>
      )}
      <AnnouncementComposer
        text={current}
        onTextChange={change}
        templates={view.templates}
        onSaveTemplate={(name, t) => onAction({ kind: 'save-template', name, text: t })}
        onSendNow={({ text: t, pin }) => {
          sent();
          onAction({ kind: 'send', id: newId(), text: t, pin });
        }}
        onSchedule={({ text: t, sendAt, pin }) => {
          sent();
          onAction({ kind: 'schedule', id: newId(), text: t, sendAt, pin });
        }}
        surface={view.surface ?? 'cnc-widget'}
        now={now}
        sending={view.sending}
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
