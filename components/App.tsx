import { useSignal, type ReadonlySignal } from '@preact/signals';
import type { TabRecord } from '@/lib/model/context';
import type { QnaAction, QnaLocalAction } from '@/lib/model/qna/commands';
import type { QnaMirror } from '@/lib/messaging/panel-state';
import type { AdminCredentials, AdminStatus } from '@/lib/session/admin-sessions';
import { AccessRequest } from './AccessRequest';
import { AdminSessionForm } from './AdminSessionForm';
import { ContextCard } from './ContextCard';
import { Diagnostics } from './Diagnostics';
import { ProblemList } from './ProblemList';
import { QnaView } from './qna/QnaView';

export interface AppProps {
  record: ReadonlySignal<TabRecord | null>;
  tabId: ReadonlySignal<number | null>;
  qna: ReadonlySignal<QnaMirror | null>;
  connected: ReadonlySignal<boolean>;
  grantError: ReadonlySignal<string | null>;
  onGrant(origin: string): void;
  onQnaAction(action: QnaAction): void;
  onQnaLocal(action: QnaLocalAction): void;
  admin: ReadonlySignal<AdminStatus | null>;
  onAdminConnect(credentials: AdminCredentials, remember: boolean): void;
  onAdminForget(): void;
  onStartWebcast(): void;
}

type View = 'qna' | 'page';

const HEADLINES: Record<TabRecord['state'] | 'no-tab', string> = {
  'no-tab': 'No tab to follow',
  'not-kaltura': 'Not a Kaltura event page',
  'needs-access': 'This looks like a Kaltura event on its own domain',
  detecting: 'Reading the Kaltura page…',
  'kaltura-no-cnc': 'Kaltura page without the CnC widget',
  attached: 'Attached to Chat & Collaborate',
};

export function App(props: AppProps) {
  const { record, tabId, qna, connected, grantError, onGrant, onQnaAction, onQnaLocal } = props;
  const current = record.value;
  const state = current?.state ?? 'no-tab';
  const origin = current ? webOrigin(current.url) : null;
  const chosen = useSignal<View | null>(null);
  const kalturaPage = state === 'attached' || state === 'kaltura-no-cnc';
  const hasQna = kalturaPage && qna.value !== null;
  const view: View = hasQna ? (chosen.value ?? 'qna') : 'page';
  return (
    <main data-testid="panel" data-state={state} data-tab-id={tabId.value ?? ''} data-view={view}>
      <header class="bar">
        <h1>CnC Moderator</h1>
        {!connected.value && (
          <span class="pill warn" role="status">
            Reconnecting…
          </span>
        )}
      </header>
      <p data-testid="status" class={`status status-${state}`} role="status" aria-live="polite">
        {HEADLINES[state]}
      </p>
      {hasQna && (
        <nav class="views" role="tablist" aria-label="Views">
          {(['qna', 'page'] as const).map((v) => (
            <button
              key={v}
              type="button"
              role="tab"
              data-testid={`view-${v}`}
              aria-selected={view === v}
              class={view === v ? 'current' : ''}
              onClick={() => (chosen.value = v)}
            >
              {v === 'qna' ? 'Q&A' : 'This page'}
            </button>
          ))}
        </nav>
      )}
      {view === 'qna' && <QnaView snapshot={qna} onAction={onQnaAction} onLocal={onQnaLocal} />}
      {state === 'not-kaltura' && (
        <p class="hint">Open a session page of your Kaltura event in this tab and the panel attaches to it.</p>
      )}
      {(state === 'needs-access' || state === 'not-kaltura') && origin && (
        <AccessRequest origin={origin} prominent={state === 'needs-access'} error={grantError.value} onGrant={onGrant} />
      )}
      {view === 'page' && current?.context && (
        <>
          <ContextCard context={current.context} />
          <ProblemList problems={current.context.problems} />
          {current.context.entryId && !current.context.cnc.present && (
            <AdminSessionForm
              status={props.admin.value}
              moderating={qna.value?.meta.surface === 'webcast'}
              onConnect={props.onAdminConnect}
              onForget={props.onAdminForget}
              onStartWebcast={props.onStartWebcast}
            />
          )}
          <Diagnostics diagnostics={current.context.diagnostics} />
        </>
      )}
    </main>
  );
}

function webOrigin(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}
