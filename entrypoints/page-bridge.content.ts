// MAIN-world content script: reads the page's Kaltura globals when the content script asks, over the
// private channel of lib/messaging/bridge.ts. It only reads; it changes nothing on the page.
// Registered statically (and, for custom domains, at runtime: lib/platform/origins.ts) at document_start,
// so its CONNECT listener is in place before any of the page's scripts run.
import { serveBridge } from '@/lib/messaging/bridge';
import { readGlobals } from '@/lib/page/read-globals';
import { CONTENT_MATCHES } from '@/lib/content/matches';

export default defineContentScript({
  matches: CONTENT_MATCHES,
  world: 'MAIN',
  runAt: 'document_start',
  // No global variable on the page (a named IIFE would leave `window.pageBridge` behind).
  globalName: false,
  main() {
    serveBridge(window, () => readGlobals(window as unknown as Record<string, unknown>));
  },
});
