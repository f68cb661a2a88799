// Firefox ESR (Debian's /usr/bin/firefox-esr) over WebDriver BiDi with puppeteer-core. All traffic goes
// through a local CONNECT proxy to the sandbox, so pages keep their real hostnames. BiDi cannot open
// moz-extension:// pages: the probe build (WXT_E2E_PROBE=1) mirrors the background's verdict onto the page.
import path from 'node:path';
import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { startConnectProxy, type ConnectProxy } from './connect-proxy';
import { ROOT } from './sandbox';
import { waitFor } from './wait';

export const FIREFOX = process.env.E2E_FIREFOX ?? '/usr/bin/firefox-esr';
export const FIREFOX_E2E_BUILD = process.env.E2E_FIREFOX_BUILD ?? path.join(ROOT, '.output', 'firefox-mv3-e2e');
/** The build's gecko id (wxt.config.ts). */
export const GECKO_ID = 'cnc-moderator@cnc-moderator.dev';
/** The extension's moz-extension:// host when launched with `systemAccess` (fixed by a pref, test profiles only). */
export const EXTENSION_UUID = '6f0c2a1e-4b7d-4c3a-9e58-2d1f0a7b3c64';

export class FirefoxHarness {
  private constructor(
    readonly browser: Browser,
    readonly proxy: ConnectProxy,
    readonly extensionId: string,
  ) {}

  /**
   * `systemAccess`: the remote agent may evaluate in the browser's own (chrome) windows, and the extension's
   * moz-extension:// host is fixed (EXTENSION_UUID): how harness/firefox-panel.ts opens and drives the panel,
   * which WebDriver BiDi itself neither navigates to nor lists (test profiles only).
   */
  static async launch(opts: { sandboxPort: number; extensionDir?: string; withExtension?: boolean; systemAccess?: boolean }): Promise<FirefoxHarness> {
    const withExtension = opts.withExtension ?? true;
    const dir = path.resolve(opts.extensionDir ?? FIREFOX_E2E_BUILD);
    if (withExtension && !existsSync(path.join(dir, 'manifest.json'))) {
      throw new Error(`no Firefox probe build at ${dir} (the e2e global setup builds it: node scripts/build-e2e-firefox.mjs)`);
    }
    if (!existsSync(FIREFOX)) throw new Error(`${FIREFOX} is missing: run \`node scripts/ensure-browsers.mjs\``);
    const proxy = await startConnectProxy({ targetPort: opts.sandboxPort });
    let browser: Browser | undefined;
    try {
      browser = await puppeteer.launch({
        browser: 'firefox',
        executablePath: FIREFOX,
        headless: true,
        acceptInsecureCerts: true,
        ...(opts.systemAccess ? { env: { ...process.env, MOZ_REMOTE_ALLOW_SYSTEM_ACCESS: '1' } } : {}),
        extraPrefsFirefox: {
          ...(opts.systemAccess ? { 'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }) } : {}),
          'network.proxy.type': 1,
          'network.proxy.ssl': '127.0.0.1',
          'network.proxy.ssl_port': proxy.port,
          'network.proxy.http': '127.0.0.1',
          'network.proxy.http_port': proxy.port,
          'network.proxy.no_proxies_on': '',
          'network.proxy.allow_hijacking_localhost': true,
          'network.dns.disablePrefetch': true,
          'network.http.speculative-parallel-limit': 0,
          'network.trr.mode': 5,
          'browser.safebrowsing.malware.enabled': false,
          'browser.safebrowsing.phishing.enabled': false,
          'extensions.update.enabled': false,
          'extensions.getAddons.cache.enabled': false,
          'app.update.enabled': false,
          'security.OCSP.enabled': 0,
          'datareporting.policy.dataSubmissionEnabled': false,
          'toolkit.telemetry.enabled': false,
        },
      });
      const extensionId = withExtension ? await browser.installExtension(dir) : '';
      return new FirefoxHarness(browser, proxy, extensionId);
    } catch (e) {
      await browser?.close().catch(() => {});
      await proxy.close();
      throw e;
    }
  }

  async openTab(url: string): Promise<Page> {
    const page = await this.browser.newPage();
    const resp = await page.goto(url, { waitUntil: 'load' });
    if (!resp || !resp.ok()) throw new Error(`loading ${url}: HTTP ${resp?.status() ?? '(no response)'}`);
    return page;
  }

  /** The probe's mirror of the background verdict for this tab (undefined when not set). */
  static async probe(page: Page): Promise<{ verdict?: string; badge?: string; href: string }> {
    return page.evaluate(() => ({
      verdict: document.documentElement.dataset.cncModerator,
      badge: document.documentElement.dataset.cncModeratorBadge,
      href: location.href,
    }));
  }

  static waitVerdict(page: Page, expected: string, timeout = 15_000) {
    return waitFor(
      `Firefox probe dataset.cncModerator (expected "${expected}")`,
      () => FirefoxHarness.probe(page),
      (v) => v.verdict === expected,
      { timeout },
    );
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => {});
    await this.proxy.close();
  }
}
