// Chromium (Debian's /usr/bin/chromium) driven by playwright-core, with the production build loaded
// unpacked and every hostname resolved to the local sandbox.
import path from 'node:path';
import { existsSync } from 'node:fs';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { ROOT } from './sandbox';
import { waitFor, withTimeout } from './wait';

export const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
export const CHROME_BUILD = process.env.E2E_CHROME_BUILD ?? path.join(ROOT, '.output', 'chrome-mv3');

/** Chromium as root on this closed network, every hostname resolved to the sandbox (test profiles only). */
export function sandboxBrowserArgs(sandboxPort: number): string[] {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    `--host-resolver-rules=MAP * 127.0.0.1:${sandboxPort}, EXCLUDE localhost`,
    '--ignore-certificate-errors',
  ];
}

export function chromiumArgs(extensionDir: string, sandboxPort: number, others: readonly string[] = []): string[] {
  const dirs = [extensionDir, ...others].join(',');
  return [...sandboxBrowserArgs(sandboxPort), `--disable-extensions-except=${dirs}`, `--load-extension=${dirs}`];
}

/** Flags Playwright adds that a moderator's browser does not have. */
export const PLAYWRIGHT_UNTHROTTLING = [
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
];

export interface CollectedError {
  where: string;
  text: string;
}

export class ChromiumHarness {
  /** Console errors of the service worker and extension pages, uncaught errors of extension pages. */
  readonly errors: CollectedError[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly extensionId: string,
    readonly sandboxPort: number,
  ) {}

  /**
   * `defaultThrottling`: Playwright turns off Chromium's timer throttling and backgrounding of hidden or
   * occluded pages; the benches turn them back on, to measure what a moderator's browser does.
   */
  /** `otherExtensions`: unpacked extensions loaded beside ours (a bench's helper); ours is found by its worker's file. */
  static async launch(opts: { sandboxPort: number; extensionDir?: string; withExtension?: boolean; defaultThrottling?: boolean; otherExtensions?: readonly string[] }): Promise<ChromiumHarness> {
    const withExtension = opts.withExtension ?? true;
    const dir = path.resolve(opts.extensionDir ?? CHROME_BUILD);
    if (withExtension && !existsSync(path.join(dir, 'manifest.json'))) {
      throw new Error(`no extension build at ${dir} (run \`npm run build\`, or unset E2E_SKIP_BUILD)`);
    }
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run \`node scripts/ensure-browsers.mjs\``);
    const args = chromiumArgs(dir, opts.sandboxPort, opts.otherExtensions);
    const context = await chromium.launchPersistentContext('', {
      executablePath: CHROMIUM,
      headless: true,
      args: withExtension ? args : args.filter((a) => !a.includes('-extension')),
      ...(opts.defaultThrottling ? { ignoreDefaultArgs: PLAYWRIGHT_UNTHROTTLING } : {}),
    });
    let extensionId = '';
    if (withExtension) {
      const ours = (w: Worker) => w.url().startsWith('chrome-extension://') && (!opts.otherExtensions?.length || w.url().endsWith('/background.js'));
      const sw =
        context.serviceWorkers().find(ours) ??
        (await withTimeout('waiting for the extension service worker to start', context.waitForEvent('serviceworker', { predicate: ours }), 20_000));
      extensionId = new URL(sw.url()).host;
    }
    const h = new ChromiumHarness(context, extensionId, opts.sandboxPort);
    context.on('serviceworker', (w) => h.watchWorker(w));
    for (const w of context.serviceWorkers()) h.watchWorker(w);
    context.on('console', (m) => {
      const url = m.page()?.url() ?? '';
      if (m.type() === 'error' && url.startsWith('chrome-extension://')) h.errors.push({ where: url, text: m.text() });
    });
    context.on('weberror', (e) => {
      const url = e.page()?.url() ?? '';
      if (url.startsWith('chrome-extension://')) h.errors.push({ where: url, text: String(e.error()?.stack ?? e.error()) });
    });
    return h;
  }

  private watchWorker(w: Worker) {
    if (!w.url().startsWith(`chrome-extension://${this.extensionId}/`)) return;
    w.on('console', (m) => {
      if (m.type() === 'error') this.errors.push({ where: 'service worker', text: m.text() });
    });
    this.installSwErrorHooks(w).catch(() => {});
  }

  /** Uncaught errors and rejections are printed by Chrome but not always forwarded: record them in the worker. */
  private async installSwErrorHooks(w: Worker): Promise<void> {
    await w.evaluate(() => {
      const g = globalThis as unknown as { __e2eErrors?: string[] };
      if (g.__e2eErrors) return;
      g.__e2eErrors = [];
      addEventListener('error', (e) => g.__e2eErrors!.push(`error: ${(e as ErrorEvent).message}`));
      addEventListener('unhandledrejection', (e) =>
        g.__e2eErrors!.push(`unhandledrejection: ${String((e as PromiseRejectionEvent).reason?.stack ?? (e as PromiseRejectionEvent).reason)}`),
      );
    });
  }

  private ourWorker(): Worker | undefined {
    return this.context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${this.extensionId}/`));
  }

  /** Wakes a stopped service worker by opening an extension page (which talks to the background). */
  async wakeServiceWorker(): Promise<void> {
    const wake = await this.context.newPage();
    try {
      await wake.goto(`chrome-extension://${this.extensionId}/sidepanel.html`).catch(() => {});
      await waitFor('the service worker to run again', () => this.workerStatus(wake), (s) => s === 'running', { timeout: 15_000 });
    } finally {
      await wake.close();
    }
  }

  private async workerStatus(page: Page): Promise<string> {
    const cdp = await this.context.newCDPSession(page);
    try {
      const { targetInfos } = (await cdp.send('Target.getTargets' as never)) as unknown as {
        targetInfos: { type: string; url: string }[];
      };
      return targetInfos.some((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${this.extensionId}/`))
        ? 'running'
        : 'stopped';
    } finally {
      await cdp.detach().catch(() => {});
    }
  }

  /**
   * Evaluates `fn(arg)` in the service worker, where `chrome` is the extension API. Playwright keeps one
   * Worker handle across a stop and restart; when the worker is stopped, it is woken first.
   */
  async swEval<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
    let w = this.ourWorker();
    if (w) {
      try {
        return (await withTimeout('service worker evaluate', w.evaluate(fn as never, arg), 3_000)) as R;
      } catch {
        /* stopped: wake it below */
      }
    }
    const ev = w ? undefined : this.context.waitForEvent('serviceworker', { predicate: (x) => x.url().startsWith(`chrome-extension://${this.extensionId}/`), timeout: 15_000 });
    await this.wakeServiceWorker();
    w = this.ourWorker() ?? (await ev);
    if (!w) throw new Error('no service worker after waking it');
    await this.installSwErrorHooks(w).catch(() => {});
    return (await withTimeout('service worker evaluate (after waking it)', w.evaluate(fn as never, arg), 10_000)) as R;
  }

  /** Sets a marker global in the current worker instance; `workerMarker()` returns undefined in a new instance. */
  async markWorker(value: string): Promise<void> {
    await this.swEval((v) => {
      (globalThis as unknown as { __e2eMarker?: string }).__e2eMarker = v;
    }, value);
  }
  async workerMarker(): Promise<string | undefined> {
    return this.swEval(() => (globalThis as unknown as { __e2eMarker?: string }).__e2eMarker, null);
  }

  async swErrors(): Promise<string[]> {
    return this.swEval(() => (globalThis as unknown as { __e2eErrors?: string[] }).__e2eErrors ?? [], null);
  }

  async openTab(url: string): Promise<Page> {
    const page = await this.context.newPage();
    const resp = await page.goto(url, { waitUntil: 'load' });
    if (!resp || !resp.ok()) throw new Error(`loading ${url}: HTTP ${resp?.status() ?? '(no response)'}`);
    return page;
  }

  /** The chrome.tabs id of a page, found by its current URL (newest tab wins). */
  async tabIdOf(page: Page): Promise<number> {
    const url = page.url();
    const tabs = await waitFor(
      `finding the tab of ${url} in chrome.tabs`,
      () =>
        this.swEval(async () => {
          const c = (globalThis as any).chrome;
          return (await c.tabs.query({})).map((t: { id: number; url?: string; pendingUrl?: string }) => ({
            id: t.id,
            url: t.url ?? t.pendingUrl ?? '',
          }));
        }, null) as Promise<{ id: number; url: string }[]>,
      (tabs) => tabs.some((t) => t.url === url),
      { timeout: 10_000 },
    );
    return Math.max(...tabs.filter((t) => t.url === url).map((t) => t.id));
  }

  /** Opens the side panel UI in its own tab, following `tabId` when given (else the active tab). */
  async openPanel(tabId?: number): Promise<Page> {
    const page = await this.context.newPage();
    page.on('pageerror', (e) => this.errors.push({ where: 'panel', text: String(e.stack ?? e) }));
    const q = tabId === undefined ? '' : `?tab=${tabId}`;
    await page.goto(`chrome-extension://${this.extensionId}/sidepanel.html${q}`);
    await waitFor('the side panel root [data-testid=panel]', () => page.locator('[data-testid=panel]').count(), (n) => n > 0, {
      timeout: 10_000,
    });
    return page;
  }

  async badgeText(tabId: number): Promise<string> {
    return this.swEval(async (id) => (globalThis as any).chrome.action.getBadgeText({ tabId: id }) as Promise<string>, tabId);
  }

  /** The desktop notifications the extension shows now, by id. */
  async notifications(): Promise<Record<string, boolean>> {
    return this.swEval(async () => (globalThis as any).chrome.notifications.getAll() as Promise<Record<string, boolean>>, undefined);
  }

  async sessionStorage(key: string): Promise<unknown> {
    return this.swEval(async (k) => (await (globalThis as any).chrome.storage.session.get(k))[k], key);
  }

  /**
   * Stops the extension's service worker through the DevTools protocol (closing its target, as the
   * browser does when a worker idles out) and waits until the browser reports it stopped.
   */
  async stopServiceWorker(): Promise<void> {
    const prefix = `chrome-extension://${this.extensionId}/`;
    const before = this.context.serviceWorkers().find((w) => w.url().startsWith(prefix));
    const closed = before ? new Promise<void>((r) => before.once('close', () => r())) : Promise.resolve();
    // A CDP session on an extension page sees the extension's storage partition and its worker.
    const page = await this.context.newPage();
    await page.goto(`${prefix}manifest.json`);
    const cdp = await this.context.newCDPSession(page);
    let sawStopped = false; // it may start again at once (an open panel reconnects), so remember the stop
    cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: { scriptURL: string; runningStatus: string }[] }) => {
      for (const v of e.versions) if (v.scriptURL.startsWith(prefix) && v.runningStatus === 'stopped') sawStopped = true;
    });
    try {
      await cdp.send('ServiceWorker.enable');
      const { targetInfos } = (await cdp.send('Target.getTargets' as never)) as unknown as {
        targetInfos: { targetId: string; type: string; url: string }[];
      };
      const targets = targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith(prefix));
      if (targets.length === 0 && !before) return; // not running
      for (const t of targets) await cdp.send('Target.closeTarget' as never, { targetId: t.targetId } as never);
      await waitFor('the service worker to report runningStatus "stopped"', () => sawStopped, (s) => s, { timeout: 10_000 });
      // Playwright keeps the Worker handle (it re-attaches when the worker restarts), so no 'close' is awaited.
      await Promise.race([closed, new Promise((r) => setTimeout(r, 200))]);
    } finally {
      await cdp.detach().catch(() => {});
      await page.close();
    }
  }

  async closePagesExceptFirst(): Promise<void> {
    const pages = this.context.pages();
    for (const p of pages.slice(1)) await p.close().catch(() => {});
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => {});
  }
}

/** Reads the side panel's DOM contract. */
export class Panel {
  constructor(readonly page: Page) {}
  state() {
    return this.page.locator('[data-testid=panel]').getAttribute('data-state');
  }
  async text(testid: string): Promise<string | null> {
    const l = this.page.locator(`[data-testid=${testid}]`);
    if ((await l.count()) === 0) return null;
    // It may go between the count and the read: don't wait 30 s for it to come back.
    const text = await l.first().textContent({ timeout: 500 }).catch(() => undefined);
    return text === undefined ? null : (text ?? '').trim();
  }
  async problems(): Promise<string[]> {
    return (await this.page.locator('[data-testid=problems] li').allTextContents()).map((s) => s.trim());
  }
  async allText(): Promise<string> {
    return this.page.evaluate(() => document.body.innerText + '\n' + document.documentElement.outerHTML);
  }
  waitState(expected: string, timeout = 15_000) {
    return waitFor(
      `panel data-state (expected "${expected}")`,
      async () => ({ state: await this.state(), status: await this.text('status') }),
      (v) => v.state === expected,
      { timeout },
    );
  }
  waitText(testid: string, expected: string | RegExp, timeout = 15_000) {
    return waitFor(
      `panel [data-testid=${testid}] (expected ${String(expected)})`,
      () => this.text(testid),
      (v) => v !== null && (typeof expected === 'string' ? v === expected : expected.test(v)),
      { timeout },
    );
  }
}
