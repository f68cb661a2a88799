/**
 * PollsPanel: the Polls view of the side panel. Renders the background's poll library of the followed
 * session (PollLibrary), the editor of one draft (PollEditor, on a local copy while typing; every change
 * goes to the background, which keeps the library) and a poll's live results (PollLive, ticking `now`
 * once a second). Intents out as PollsAction; the CSV export goes out as a file to download.
 *
 * data-testid: polls-view (data-mode) · polls-problem · polls-back
 */
import { useEffect, useState } from 'preact/hooks';
import type { DraftPatch } from '@/lib/model/polls/draft';
import { syncStatus } from '@/lib/model/polls/library';
import { pollCsvFileName, pollResultsCsv } from '@/lib/model/polls/csv';
import type { PollDraft } from '@/lib/model/polls/types';
import type { PollsAction, PollsView } from '@/lib/contracts/polls';
import { PollEditor } from './PollEditor';
import { PollLibrary } from './PollLibrary';
import { PollLive, type PollLiveAction } from './PollLive';

export interface PollsPanelProps {
  view: PollsView | null;
  onAction: (action: PollsAction) => void;
  /** Saves text as a file (the CSV export). */
  onDownload: (fileName: string, text: string, type: string) => void;
  newId: () => string;
  /** Epoch ms; injectable for tests. */
  clock?: () => number;
}

/** `fresh`: a poll made with "New poll" and never saved: leaving it with Cancel leaves no draft behind. */
type Mode = { kind: 'library' } | { kind: 'edit'; id: string; saving: boolean; fresh?: boolean } | { kind: 'live'; id: string };

const PENDING_OF: Record<string, PollLiveAction> = {
  'Closing…': 'close',
  'Publishing results…': 'publish-results',
};

export function PollsPanel({ view, onAction, onDownload, newId, clock = Date.now }: PollsPanelProps) {
  const [mode, setMode] = useState<Mode>({ kind: 'library' });
  const [local, setLocal] = useState<PollDraft | null>(null);
  const [openWhenLive, setOpenWhenLive] = useState<string | null>(null);
  const [now, setNow] = useState(clock());

  useEffect(() => {
    const timer = setInterval(() => setNow(clock()), 1000);
    return () => clearInterval(timer);
  }, [clock]);

  const drafts = view?.drafts ?? [];
  const find = (id: string) => drafts.find((d) => d.id === id);

  // A launched poll opens its live view once Kaltura says it is live.
  useEffect(() => {
    if (openWhenLive && find(openWhenLive)?.state === 'Published') {
      setMode({ kind: 'live', id: openWhenLive });
      setOpenWhenLive(null);
    }
  });
  // A save that went through returns to the library; a refused one stays, with the reason at its field.
  useEffect(() => {
    if (mode.kind !== 'edit' || !mode.saving || !view) return;
    const d = find(mode.id);
    if (!d) return;
    if (!view.busy[mode.id] && !view.errors[mode.id] && syncStatus(d) === 'saved') {
      setMode({ kind: 'library' });
      setLocal(null);
    } else if (!view.busy[mode.id] && view.errors[mode.id]) {
      setMode({ ...mode, saving: false });
    }
  });

  if (!view) return <p class="hint">Reading the session's polls…</p>;

  const edit = (id: string, fresh = false) => {
    setLocal(null);
    setMode({ kind: 'edit', id, saving: false, fresh });
  };
  /** Back to the library. A new poll never saved goes away on Cancel, or on Back when nothing was typed. */
  const leave = (cancel: boolean) => {
    if (mode.kind === 'edit' && mode.fresh && !mode.saving && (cancel || local === null)) onAction({ kind: 'delete', id: mode.id });
    setMode({ kind: 'library' });
    setLocal(null);
  };

  let body;
  if (mode.kind === 'edit') {
    const base = local ?? find(mode.id) ?? null;
    body = base ? (
      <PollEditor
        draft={base}
        now={now}
        saving={!!view.busy[mode.id]}
        serverError={view.errors[mode.id] ?? null}
        onChange={(patch: DraftPatch) => {
          setLocal({ ...base, ...patch });
          onAction({ kind: 'edit', id: mode.id, patch });
        }}
        onSave={() => {
          setMode({ ...mode, saving: true });
          onAction({ kind: 'save', id: mode.id });
        }}
        onCancel={() => leave(true)}
      />
    ) : (
      <p class="hint">Preparing the poll…</p>
    );
  } else if (mode.kind === 'live') {
    const d = find(mode.id);
    const poll = d?.remote;
    body = poll ? (
      <PollLive
        poll={poll}
        results={view.results[mode.id]}
        now={now}
        pending={PENDING_OF[view.busy[mode.id] ?? ''] ?? (view.busy[mode.id] ? 'close' : null)}
        error={view.errors[mode.id]?.message ?? null}
        stale={poll.state === 'Published' && (view.refreshedAt === null || now - view.refreshedAt > 5_000)}
        onClose={() => onAction({ kind: 'close', id: mode.id })}
        onPublishResults={() => onAction({ kind: 'publish-results', id: mode.id })}
        onRunAgain={() => {
          onAction({ kind: 'run-again', id: mode.id });
          setMode({ kind: 'library' });
        }}
        onExportCsv={() => {
          const at = clock();
          onDownload(pollCsvFileName(poll, at), '\uFEFF' + pollResultsCsv(poll, view.results[mode.id], at), 'text/csv;charset=utf-8');
        }}
      />
    ) : (
      <p class="hint">This poll is not in Kaltura yet.</p>
    );
  } else {
    body = (
      <PollLibrary
        drafts={drafts}
        now={now}
        busy={view.busy}
        errors={Object.fromEntries(Object.entries(view.errors).map(([id, e]) => [id, e.message]))}
        onNew={() => {
          const id = newId();
          onAction({ kind: 'new', id });
          edit(id, true);
        }}
        onLaunch={(id) => {
          setOpenWhenLive(id);
          onAction({ kind: 'launch', id });
        }}
        onEdit={edit}
        onDuplicate={(id) => onAction({ kind: 'duplicate', id })}
        onDelete={(id) => onAction({ kind: 'delete', id })}
        onReorder={(id, toIndex) => onAction({ kind: 'reorder', id, toIndex })}
        onOpenLive={(id) => setMode({ kind: 'live', id })}
        onRunAgain={(id) => onAction({ kind: 'run-again', id })}
      />
    );
  }

  return (
    <section class="polls-view" data-testid="polls-view" data-mode={mode.kind} aria-label="Polls">
      {view.problem && (
        <p class="error" role="alert" data-testid="polls-problem">
          {view.problem}
        </p>
      )}
      {mode.kind !== 'library' && (
        <button type="button" class="link" data-testid="polls-back" onClick={() => leave(false)}>
          ← All polls
        </button>
      )}
      {body}
    </section>
  );
}
