// The side panel (Chrome) / sidebar (Firefox): follows a tab and renders its record.
// `?tab=N` pins the panel to one tab (also how tests open it in a tab of its own).
import { render } from 'preact';
import { signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import { App } from '@/components/App';
import type { TabRecord } from '@/lib/model/context';
import { connectPanel } from '@/lib/messaging/panel-connection';
import { requestOrigin } from '@/lib/platform';
import './style.css';

const record = signal<TabRecord | null>(null);
const tabId = signal<number | null>(null);
const connected = signal(false);
const grantError = signal<string | null>(null);

async function start() {
  const pinned = Number(new URLSearchParams(location.search).get('tab'));
  const follow = Number.isInteger(pinned) && pinned > 0
    ? ({ type: 'follow', tabId: pinned } as const)
    : ({ type: 'follow', windowId: (await browser.windows.getCurrent()).id! } as const);

  const connection = connectPanel(
    follow,
    (message) => {
      tabId.value = message.tabId;
      record.value = message.record;
    },
    (isConnected) => (connected.value = isConnected),
  );

  const grant = (origin: string) => {
    grantError.value = null;
    // permissions.request must be the first thing the click does: it needs the user gesture.
    requestOrigin(origin).then(
      (granted) => {
        if (granted) connection.send({ type: 'origin-granted', origin, tabId: tabId.value });
        else grantError.value = `Access to ${origin} was not granted.`;
      },
      (error: unknown) => (grantError.value = `Could not ask for access: ${error instanceof Error ? error.message : String(error)}`),
    );
  };

  render(
    <App record={record} tabId={tabId} connected={connected} grantError={grantError} onGrant={grant} />,
    document.getElementById('app')!,
  );
}

void start();
