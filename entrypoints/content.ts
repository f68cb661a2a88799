// Runs on Kaltura pages (and on custom domains the moderator granted, registered at runtime):
// injects the page bridge, watches the page, and reports snapshots to the background.
import { injectScript } from 'wxt/utils/inject-script';
import { browser } from 'wxt/browser';
import { FROM_BRIDGE, TO_BRIDGE, parseFromBridge } from '@/lib/messaging/bridge';
import type { BackgroundToContent, ContentToBackground } from '@/lib/messaging/protocol';
import { PageWatcher } from '@/lib/page/watcher';
import { reflectVerdictForTests } from '@/lib/page/e2e-probe';

// A custom-domain grant injects this script into a tab that may already run it.
const LOADED = Symbol.for('cnc-moderator.content');

export default defineContentScript({
  matches: ['https://*.kaltura.com/*'],
  runAt: 'document_idle',
  async main(ctx) {
    const win = window as unknown as Record<symbol, boolean>;
    if (win[LOADED]) return;
    win[LOADED] = true;
    ctx.onInvalidated(() => delete win[LOADED]);

    const nonce = crypto.randomUUID();
    let bridge: HTMLScriptElement | null = null;

    const watcher = new PageWatcher({
      doc: document,
      url: () => location.href,
      resources: () => performance.getEntriesByType('resource'),
      requestGlobals: () =>
        bridge?.dispatchEvent(new CustomEvent(TO_BRIDGE, { detail: JSON.stringify({ nonce, type: 'collect' }) })),
      send: (snapshot) => {
        const message: ContentToBackground = { type: 'page-snapshot', snapshot };
        browser.runtime.sendMessage(message).catch(() => {
          // The extension was reloaded or updated: this script is orphaned and ctx stops it.
        });
      },
      setTimeout: (fn, ms) => ctx.setTimeout(fn, ms),
    });

    const onVerdict = (message: unknown) => {
      const verdict = message as BackgroundToContent;
      if (verdict?.type !== 'verdict') return;
      // The background reset this tab (a reload it saw before we spoke): tell it again.
      if (verdict.state === 'detecting') watcher.resend();
      reflectVerdictForTests(verdict);
    };
    browser.runtime.onMessage.addListener(onVerdict);
    ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onVerdict));

    try {
      const { script } = await injectScript('/page-bridge.js', {
        modifyScript(script) {
          script.dataset.nonce = nonce;
          script.addEventListener(FROM_BRIDGE, (event) => {
            const message = parseFromBridge((event as CustomEvent).detail, nonce);
            if (message?.type === 'globals') watcher.onGlobals(message.globals);
          });
        },
      });
      bridge = script;
    } catch {
      // A strict page CSP or a blocked script: the DOM alone still tells most of the story.
    }

    const observer = new MutationObserver(() => watcher.changed());
    observer.observe(document, { childList: true, subtree: true });
    ctx.onInvalidated(() => observer.disconnect());
    ctx.addEventListener(window, 'wxt:locationchange', () => watcher.changed());
    ctx.addEventListener(window, 'pageshow', () => watcher.resend());
    watcher.changed();
  },
});
