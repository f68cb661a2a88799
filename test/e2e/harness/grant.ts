// The panel's "access granted" (lib/contracts/protocol.ts `origin-granted`), as the side panel sends it after
// the moderator granted an origin: the background then runs its own injection into the tab
// (lib/background/create.ts onOriginGranted -> lib/platform/injection.ts injectContentScript), the same path
// an install or update takes. Tests that need the content script started again go through this, not
// through scripting.executeScript of their own, so the injection's once-per-document guard is exercised.
import { PANEL_PORT } from '../../../lib/contracts/protocol';
import type { ChromiumHarness } from './chromium';

/**
 * Sends `origin-granted` for the tab `times` times at once, each on a port of its own from a side-panel page
 * (as several panels, or a resent intent, would); resolves when the background has acknowledged every one,
 * which it does once it has handled it (the injection included).
 */
export async function grantFromPanel(h: ChromiumHarness, tabId: number, origin: string, times = 1): Promise<void> {
  const panel = await h.context.newPage();
  // Intent ids are remembered by the background (a resent intent is acknowledged, not handled again).
  const run = Math.random().toString(36).slice(2);
  try {
    await panel.goto(`chrome-extension://${h.extensionId}/sidepanel.html`);
    await panel.evaluate(
      ([port, id, o, n, r]) =>
        Promise.all(
          Array.from({ length: n }, (_, i) => {
            const p = (globalThis as any).chrome.runtime.connect({ name: port });
            return new Promise<void>((resolve) => {
              p.onMessage.addListener((m: { type?: string; id?: string }) => m.type === 'ack' && m.id === `grant-${r}-${i}` && resolve());
              p.postMessage({ type: 'origin-granted', origin: o, tabId: id, intentId: `grant-${r}-${i}` });
            });
          }),
        ),
      [PANEL_PORT, tabId, origin, times, run] as const,
    );
  } finally {
    await panel.close();
  }
}
