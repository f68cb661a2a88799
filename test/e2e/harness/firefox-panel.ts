// The extension's panel in Firefox, for e2e tests. WebDriver BiDi neither navigates to moz-extension:// pages
// nor lists them (Firefox's remote agent leaves extension contexts out), so a harness launched with
// `systemAccess` evaluates in the browser window itself (moz:scope "chrome"): it opens the panel page in a
// tab, following the event page's tab (sidepanel.html?tab=ID, as the Chromium harness does), and drives the
// panel's DOM through a frame script over the tab's message manager. Panel clicks are element.click() from
// there (the panel's buttons, found by data-testid); clicks on the event page stay real pointer input.
import type { Page } from 'puppeteer-core';
import { EXTENSION_UUID, type FirefoxHarness } from './firefox';
import { waitFor } from './wait';

interface BidiConnection {
  send(method: string, params: object): Promise<{ result: any }>;
}

/** Runs in the panel tab's content process: answers one command on the panel's DOM at a time. */
const FRAME_SCRIPT = `
addMessageListener('cnc-e2e:cmd', ({ data }) => {
  let result = null;
  let error = null;
  try {
    const els = [...content.document.querySelectorAll(data.selector)];
    if (data.op === 'count') result = els.length;
    else if (data.op === 'texts') result = els.map((e) => e.textContent);
    else if (data.op === 'attr') result = els.length ? els[0].getAttribute(data.name) : null;
    else if (data.op === 'enabled') result = els.length ? !els[0].disabled : null;
    else if (data.op === 'click') {
      if (!els.length) throw new Error('nothing to click at ' + data.selector);
      els[0].click();
      result = true;
    }
  } catch (e) {
    error = String(e);
  }
  sendAsyncMessage('cnc-e2e:res', { id: data.id, result, error });
});
`;

type Op = { op: 'count' | 'texts' | 'click' | 'enabled' } | { op: 'attr'; name: string };

export class FirefoxPanel {
  private seq = 0;
  private constructor(
    private readonly connection: BidiConnection,
    private readonly chrome: string,
    readonly tabId: number,
  ) {}

  /** Opens the panel in a new tab, following `page`'s tab, and waits for its root. */
  static async open(ff: FirefoxHarness, page: Page): Promise<FirefoxPanel> {
    const connection = (ff.browser as unknown as { connection: BidiConnection }).connection;
    const tree = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
    const chrome = (tree.result.contexts as Array<{ context: string; url: string }>).find((c) => c.url === 'chrome://browser/content/browser.xhtml')?.context;
    if (!chrome) throw new Error('no browser window in the chrome scope (launch the harness with systemAccess)');
    const expression = `(async () => {
      const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
      const pageTab = gBrowser.tabs.find((t) => t.linkedBrowser.currentURI.spec === ${JSON.stringify(page.url())});
      if (!pageTab) throw new Error('no tab shows ' + ${JSON.stringify(page.url())});
      const tabId = ExtensionParent.apiManager.global.tabTracker.getId(pageTab);
      const url = 'moz-extension://${EXTENSION_UUID}/sidepanel.html?tab=' + tabId;
      const tab = gBrowser.addTab(url, { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });
      window.__cncE2ePanel = tab.linkedBrowser;
      for (let i = 0; i < 200 && !(tab.linkedBrowser.currentURI.spec === url && !tab.linkedBrowser.webProgress?.isLoadingDocument); i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      tab.linkedBrowser.messageManager.loadFrameScript('data:,' + encodeURIComponent(${JSON.stringify(FRAME_SCRIPT)}), true);
      return tabId;
    })()`;
    const r = await connection.send('script.evaluate', { expression, target: { context: chrome }, awaitPromise: true });
    if (r.result.type !== 'success') throw new Error(`opening the panel: ${JSON.stringify(r.result.exceptionDetails?.text ?? r.result)}`);
    const panel = new FirefoxPanel(connection, chrome, r.result.result.value as number);
    await waitFor('the Firefox panel root [data-testid=panel]', () => panel.count('[data-testid=panel]'), (n) => n > 0, { timeout: 15_000 });
    return panel;
  }

  private async run<T>(selector: string, op: Op): Promise<T> {
    const id = ++this.seq;
    const command = JSON.stringify({ id, selector, ...op });
    const expression = `new Promise((resolve) => {
      const mm = window.__cncE2ePanel.messageManager;
      const done = (value) => { mm.removeMessageListener('cnc-e2e:res', listener); clearTimeout(timer); resolve(JSON.stringify(value)); };
      const listener = (m) => { if (m.data.id === ${id}) done(m.data); };
      const timer = setTimeout(() => done({ error: 'the panel tab did not answer' }), 5000);
      mm.addMessageListener('cnc-e2e:res', listener);
      mm.sendAsyncMessage('cnc-e2e:cmd', ${command});
    })`;
    const r = await this.connection.send('script.evaluate', { expression, target: { context: this.chrome }, awaitPromise: true });
    if (r.result.type !== 'success') throw new Error(`panel ${op.op} ${selector}: ${JSON.stringify(r.result.exceptionDetails?.text ?? r.result)}`);
    const answer = JSON.parse(r.result.result.value as string) as { result: T; error: string | null };
    if (answer.error) throw new Error(`panel ${op.op} ${selector}: ${answer.error}`);
    return answer.result;
  }

  count(selector: string) {
    return this.run<number>(selector, { op: 'count' });
  }
  texts(selector: string) {
    return this.run<string[]>(selector, { op: 'texts' });
  }
  attr(selector: string, name: string) {
    return this.run<string | null>(selector, { op: 'attr', name });
  }
  enabled(selector: string) {
    return this.run<boolean | null>(selector, { op: 'enabled' });
  }
  /** A click on the panel's element (element.click() in the panel's document). */
  click(selector: string) {
    return this.run<true>(selector, { op: 'click' });
  }
  state() {
    return this.attr('[data-testid=panel]', 'data-state');
  }
}
