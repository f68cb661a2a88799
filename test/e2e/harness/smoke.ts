// Harness self-check without the extension's build: `npx tsx test/e2e/harness/smoke.ts [extensionDir] [firefoxExtensionDir]`.
// Starts the sandbox, loads a page at its real hostname in Chromium and in Firefox, prints what it saw.
import { ChromiumHarness } from './chromium';
import { FirefoxHarness } from './firefox';
import { sessionUrl, startTestSandbox, ENTRY } from './sandbox';

const [chromeExt, firefoxExt] = process.argv.slice(2);
const sb = await startTestSandbox();
console.log('sandbox on', sb.port);
const url = sessionUrl(sb, ENTRY.a);
try {
  let t0 = Date.now();
  const c = await ChromiumHarness.launch({ sandboxPort: sb.port, extensionDir: chromeExt, withExtension: !!chromeExt });
  console.log('chromium up in', Date.now() - t0, 'ms, extension', c.extensionId || '(none)');
  const p = await c.openTab(url);
  console.log('chromium', p.url(), '→', (await p.title()) || '(no title)', (await p.content()).slice(0, 200).replace(/\s+/g, ' '));
  if (chromeExt) {
    const tab = await c.tabIdOf(p);
    console.log('tab', tab, 'badge', JSON.stringify(await c.badgeText(tab)), 'storage', JSON.stringify(await c.sessionStorage(`tab:${tab}`)));
    const panel = await c.openPanel(tab);
    console.log('panel state', await panel.locator('[data-testid=panel]').getAttribute('data-state'));
    await c.markWorker('before-stop');
    await c.stopServiceWorker();
    console.log('worker stopped; workers now', c.context.serviceWorkers().length);
    console.log('marker after restart (undefined = new instance):', await c.workerMarker());
    console.log('after restart: storage', JSON.stringify(await c.sessionStorage(`tab:${tab}`)));
    console.log('errors', c.errors, await c.swErrors());
  }
  await c.close();
  t0 = Date.now();
  const f = await FirefoxHarness.launch({ sandboxPort: sb.port, extensionDir: firefoxExt, withExtension: !!firefoxExt });
  console.log('firefox up in', Date.now() - t0, 'ms, extension', f.extensionId || '(none)');
  const fp = await f.openTab(url);
  console.log('firefox', fp.url(), (await fp.content()).slice(0, 200).replace(/\s+/g, ' '));
  if (firefoxExt) console.log('probe', await FirefoxHarness.waitVerdict(fp, 'attached', 10_000));
  console.log('proxy saw', f.proxy.seen.slice(0, 10));
  await f.close();
} finally {
  await sb.close();
}
console.log('smoke done');
