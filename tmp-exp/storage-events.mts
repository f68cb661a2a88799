import { ChromiumHarness } from '../test/e2e/harness/chromium';
const { startSandbox } = await import('../sandbox/server');
const sb = await startSandbox({ port: 0 });
const h = await ChromiumHarness.launch({ sandboxPort: sb.port, defaultThrottling: true, withExtension: true, extensionDir: process.env.EXT_DIR });
try {
  const page = await h.openTab('https://1234567.events.kaltura.com/chatandcollaboration/index/moderator?entryId=1_sessiona1');
  await page.waitForSelector('#kep-widget-1[data-kep-connection="live"]', { timeout: 90_000 });
  const cdp = await h.context.newCDPSession(page);
  const contexts: any[] = [];
  cdp.on('Runtime.executionContextCreated', (e: any) => contexts.push(e.context));
  await cdp.send('Runtime.enable');
  await new Promise((r) => setTimeout(r, 500));
  const iso = contexts.find((c) => c.auxData?.type === 'isolated' && c.origin?.startsWith('chrome-extension://'));
  console.log('isolated contexts', contexts.filter((c) => c.auxData?.type === 'isolated').map((c) => c.name + ' ' + c.origin));
  const ev = (expr: string) => cdp.send('Runtime.evaluate', { expression: expr, contextId: iso.id, awaitPromise: true, returnByValue: true });
  console.log(await ev(`(globalThis.__c = {}, chrome.storage.onChanged.addListener((c, a) => { __c[a] = (__c[a] ?? 0) + 1; }), typeof chrome.storage.local.onChanged)`));
  await h.swEval(async () => { const c = (globalThis as any).chrome; for (let i = 0; i < 5; i++) { await c.storage.session.set({ ['x' + i]: i }); await c.storage.local.set({ ['y' + i]: i }); } }, null);
  await new Promise((r) => setTimeout(r, 1000));
  console.log('counts', JSON.stringify((await ev('__c')).result.value));
} finally { await h.close(); await sb.close(); }
process.exit(0);
