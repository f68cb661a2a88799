import type { ReadonlySignal } from '@preact/signals';
import type { TabRecord } from '@/lib/model/context';
import { AccessRequest } from './AccessRequest';
import { ContextCard } from './ContextCard';
import { Diagnostics } from './Diagnostics';
import { ProblemList } from './ProblemList';

export interface AppProps {
  record: ReadonlySignal<TabRecord | null>;
  tabId: ReadonlySignal<number | null>;
  connected: ReadonlySignal<boolean>;
  grantError: ReadonlySignal<string | null>;
  onGrant(origin: string): void;
}

const HEADLINES: Record<TabRecord['state'] | 'no-tab', string> = {
  'no-tab': 'No tab to follow',
  'not-kaltura': 'Not a Kaltura event page',
  'needs-access': 'This looks like a Kaltura event on its own domain',
  detecting: 'Reading the Kaltura page…',
  'kaltura-no-cnc': 'Kaltura page without the CnC widget',
  attached: 'Attached to Chat & Collaborate',
};

export function App({ record, tabId, connected, grantError, onGrant }: AppProps) {
  const current = record.value;
  const state = current?.state ?? 'no-tab';
  const origin = current ? webOrigin(current.url) : null;
  return (
    <main data-testid="panel" data-state={state} data-tab-id={tabId.value ?? ''}>
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
      {state === 'not-kaltura' && (
        <p class="hint">Open a session page of your Kaltura event in this tab and the panel attaches to it.</p>
      )}
      {(state === 'needs-access' || state === 'not-kaltura') && origin && (
        <AccessRequest origin={origin} prominent={state === 'needs-access'} error={grantError.value} onGrant={onGrant} />
      )}
      {current?.context && (
        <>
          <ContextCard context={current.context} />
          <ProblemList problems={current.context.problems} />
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
