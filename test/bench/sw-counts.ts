// What the extension's service worker does per second under a replayed audience stream, by kind: port
// messages posted (per port and message type, with bytes), storage writes (per area and key, with bytes),
// badge calls, tab messages, notifications; and, with COVERAGE=1, how often each worker function ran
// (the DevTools protocol's precise coverage: call counts, which names the functions only in an unminified
// build). With PROFILE=<file>, a CPU profile of the worker over the same window instead (and its top
// self-time functions). For finding where the worker's time goes, not a figure: the counting wrappers
// and the coverage cost time of their own.
//
//   EXT_DIR=<build> PAGE_RATE=60 PAGE_MIX=all WINDOW_MS=15000 npx tsx test/bench/sw-counts.ts
import { writeFileSync } from 'node:fs';
import { ChromiumHarness } from '../e2e/harness/chromium';
import { CHAT_ONLY, moderatorUrl, type StreamSpec } from './page-overhead';
import { attachWorker, summariseProfile } from './cpu-profile';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Installed in the worker: wraps the chrome.* calls the background makes, counting them. */
function installCounters(): void {
  const g = globalThis as any;
  if (g.__swCounts) return;
  const counts: Record<string, { n: number; bytes: number }> = {};
  g.__swCounts = counts;
  const size = (v: unknown) => {
    try {
      return JSON.stringify(v)?.length ?? 0;
    } catch {
      return 0;
    }
  };
  const add = (key: string, bytes = 0) => {
    const c = (counts[key] ??= { n: 0, bytes: 0 });
    c.n++;
    c.bytes += bytes;
  };
  const keyKind = (k: string) => k.replace(/\d+/g, '#');
  const wrap = (obj: any, name: string, label: (args: any[]) => [string, number][]) => {
    const orig = obj[name];
    if (typeof orig !== 'function') return;
    obj[name] = function (this: unknown, ...args: any[]) {
      for (const [k, b] of label(args)) add(k, b);
      return orig.apply(this, args);
    };
  };
  // Chromium now has the browser namespace itself (the polyfill then hands it over as is): wrap that one.
  const chrome = g.browser?.runtime?.id ? g.browser : g.chrome;
  for (const area of ['session', 'local'] as const) {
    const a = chrome.storage[area];
    wrap(a, 'set', ([values]) => [[`storage.${area}.set`, size(values)], ...Object.entries(values ?? {}).map(([k, v]): [string, number] => [`  storage.${area}.set key ${keyKind(k)}`, size(v)])]);
    wrap(a, 'get', ([keys]) => [[`storage.${area}.get`, 0]]);
    wrap(a, 'remove', () => [[`storage.${area}.remove`, 0]]);
  }
  for (const name of ['setBadgeText', 'setBadgeBackgroundColor', 'setTitle']) wrap(chrome.action, name, () => [[`action.${name}`, 0]]);
  wrap(chrome.tabs, 'sendMessage', ([, message]) => [[`tabs.sendMessage ${message?.type}`, size(message)]]);
  wrap(chrome.tabs, 'get', () => [['tabs.get', 0]]);
  wrap(chrome.windows ?? {}, 'get', () => [['windows.get', 0]]);
  wrap(chrome.notifications, 'create', () => [['notifications.create', 0]]);
  // A port's postMessage is its own property: ports connected from now on get a counting one (installed
  // before the page and the panel are opened).
  const onConnect = chrome.runtime.onConnect;
  g.__countPort = (port: any) => {
    if (port.__counted) return;
    port.__counted = true;
    const kind = String(port.name).split(':')[0];
    const post = port.postMessage.bind(port);
    port.postMessage = (message: any) => {
      add(`port.post ${kind} ${message?.type ?? (message && 'ack' in message ? 'ack' : '?')}`, size(message));
      return post(message);
    };
    port.onMessage.addListener((message: any) => {
      // A report port's envelope of several reports (lib/messaging/report-port.ts): one post, and each report in it.
      const several = Array.isArray(message?.messages) ? message.messages : null;
      add(`port.recv ${kind} ${several ? `envelope of ${several.length}` : message?.message?.type ?? message?.type ?? '?'}`, size(message));
      for (const m of several ?? (message?.message ? [message.message] : [])) add(`  report ${kind} ${m?.type ?? '?'}`);
    });
  };
  onConnect.addListener((port: any) => g.__countPort(port));
}

async function main() {
  const { startSandbox } = await import('../../sandbox/server');
  const rate = Number(process.env.PAGE_RATE ?? 200);
  const windowMs = Number(process.env.WINDOW_MS ?? 15_000);
  const stream: StreamSpec = { attendees: 300, rate, seed: 7, ...(process.env.PAGE_MIX === 'all' ? {} : { mix: CHAT_ONLY }) };
  const sb = await startSandbox({ port: 0 });
  const h = await ChromiumHarness.launch({ sandboxPort: sb.port, defaultThrottling: true, withExtension: true, extensionDir: process.env.EXT_DIR });
  try {
    // As source text: tsx's name helper (__name) does not exist in the worker. Before the page and the
    // panel connect, so that their ports are counted.
    await h.swEval(`(() => { const __name = (f) => f; (${installCounters.toString()})(); })()` as never, null);
    const event = await h.openTab(moderatorUrl('1_sessiona1'));
    await event.waitForSelector('#kep-widget-1[data-kep-connection="live"]', { timeout: 90_000 });
    await h.openPanel(await h.tabIdOf(event));
    await event.bringToFront();
    await sleep(2_000); // the page settled on the quiet session (pacing, not a wait for a result)
    // The worker over CDP (for coverage or the profile): attached from an extension page, by URL.
    const { send } = await attachWorker(h.context, h.extensionId);
    await send('Profiler.enable');
    if (process.env.COVERAGE) await send('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
    if (process.env.PROFILE) {
      await send('Profiler.setSamplingInterval', { interval: 200 });
      await send('Profiler.start');
    }
    await h.swEval(() => {
      for (const c of Object.values((globalThis as any).__swCounts as Record<string, { n: number; bytes: number }>)) c.n = c.bytes = 0;
    }, null);
    const before = sb.world.session('1_sessiona1').messages.length;
    const t0 = Date.now();
    sb.control.audience.start({ ...stream, entryIds: ['1_sessiona1'] });
    const windowActions = Math.round((windowMs / 1000) * rate);
    while (sb.control.audience.status().planned < windowActions && Date.now() - t0 < windowMs * 20) await sleep(20);
    await sb.control.audience.stop();
    await sleep(1_500); // the last batches drain (pacing)
    const seconds = (Date.now() - t0) / 1000;
    const actions = sb.control.audience.status().planned;
    const messages = sb.world.session('1_sessiona1').messages.length - before;
    const counts = (await h.swEval(() => (globalThis as any).__swCounts, null)) as Record<string, { n: number; bytes: number }>;
    console.log(`${actions} actions (${messages} chat messages) in ${seconds.toFixed(1)} s at ${rate}/s ${process.env.PAGE_MIX === 'all' ? 'mixed' : 'chat only'}; per second of the stream (actions / rate):`);
    const streamSeconds = actions / rate;
    for (const [k, c] of Object.entries(counts).sort()) {
      if (!c.n) continue;
      console.log(`  ${k.padEnd(52)} ${(c.n / streamSeconds).toFixed(1).padStart(7)}/s  ${(c.bytes / streamSeconds / 1024).toFixed(1).padStart(8)} KiB/s  (${c.n})`);
    }
    if (process.env.COVERAGE) {
      const { result } = await send('Profiler.takePreciseCoverage');
      const rows: [string, number][] = [];
      for (const script of result as { url: string; functions: { functionName: string; ranges: { startOffset: number; count: number }[] }[] }[]) {
        if (!script.url.startsWith('chrome-extension://')) continue;
        for (const f of script.functions) if (f.ranges[0]!.count > 0) rows.push([`${f.functionName || '(anon)'}@${f.ranges[0]!.startOffset}`, f.ranges[0]!.count]);
      }
      console.log('function calls per second (top 60):');
      for (const [k, n] of rows.sort((a, b) => b[1] - a[1]).slice(0, 60)) console.log(`  ${(n / streamSeconds).toFixed(1).padStart(8)}/s  ${k}`);
    }
    if (process.env.PROFILE) {
      const { profile } = await send('Profiler.stop');
      writeFileSync(process.env.PROFILE, JSON.stringify(profile));
      console.log(summariseProfile(profile, Number(process.env.TOP ?? 30)));
    }
  } finally {
    await h.close();
    await sb.control.audience.stop().catch(() => undefined);
    await sb.close();
  }
  process.exit(0);
}

await main();
