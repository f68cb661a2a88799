// The side panel's line to the background: a port that reconnects by itself, because a stopped
// service worker (Chrome) or unloaded event page (Firefox) closes every port.
import { browser, type Browser } from 'wxt/browser';
import { PANEL_PORT, type BackgroundToPanel, type PanelToBackground } from './protocol';

export interface PanelConnection {
  send(message: PanelToBackground): void;
  close(): void;
}

const RETRY_MS = [100, 250, 500, 1000, 2000];

export function connectPanel(
  follow: PanelToBackground & { type: 'follow' },
  onMessage: (message: BackgroundToPanel) => void,
  onConnected: (connected: boolean) => void,
): PanelConnection {
  let port: Browser.runtime.Port | null = null;
  let closed = false;
  let attempt = 0;

  const open = () => {
    if (closed) return;
    try {
      port = browser.runtime.connect({ name: PANEL_PORT });
    } catch {
      retry();
      return;
    }
    port.onMessage.addListener((message) => {
      attempt = 0;
      onConnected(true);
      onMessage(message as BackgroundToPanel);
    });
    port.onDisconnect.addListener(() => {
      port = null;
      onConnected(false);
      retry();
    });
    // Say what to follow first; the background answers with the tab's record.
    port.postMessage(follow);
  };
  const retry = () => {
    if (closed) return;
    setTimeout(open, RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]);
  };

  open();
  return {
    send(message) {
      port?.postMessage(message);
    },
    close() {
      closed = true;
      port?.disconnect();
    },
  };
}
