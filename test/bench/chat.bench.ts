// Group chat figures (issue 11).
// - chat.ingest_p95_ms_at_200mps: a message posted (the sandbox's control API, as an attendee) → shown in
//   the panel's Chat view (rendered, or listed above a later message that rendered: the view renders only
//   the rows in view), at 200 messages a second for CHAT_BENCH_SECONDS, in the production build in
//   real Chromium with default throttling (page and panel both open). With _p50_ms and _samples.
//   Beside it, its two halves: chat.page_show_* (posted → the event page's widget shows it: the sandbox and
//   the page's own load) and chat.page_to_panel_* (shown on the page → shown in the panel: the extension).
//   The sandbox's part of page_show by design: its widget lists a message at once when its list is idle
//   and otherwise changes the list at most every 30 ms (live.js); the server sends a turn's events in one
//   frame (realtime.ts). On a loaded machine the page stalls; a stalled widget still lists every message
//   (for 1 s at least; rows past the newest 16 of a catch-up flush render when scrolled to) so a message
//   missing from the panel is the extension's loss. chat.bench_load_average: the 1-minute load
//   average at the end of the run (5 helpers on 2 cores ran it at 10-25).
//   chat.hop_<hop>_p50_ms / _p95_ms: the way split at each hop (HOPS below): the server's frame, the page's
//   WebSocket, the widget's row, the content script's observer and post, the worker's receipt and patch, the
//   panel's port and view. CHAT_BENCH_DEBUG=1 prints them with the event page's long tasks and its
//   style/layout/script time; CHAT_BENCH_PROFILE=1 adds the page's hottest functions, CHAT_BENCH_TRACE=file
//   a timeline trace of the run.
// - chat.render_50k_first_ms, chat.heap_50k_mb: the Chat view's first render of a 50,000-message snapshot
//   (through the panel's own chat store), and the heap it adds, in a 420×900 page: each the median over
//   RENDERS fresh pages, with _max_ms / _max_mb and _samples (one first render alone swung by tens of ms).
// Loopback only; bounded in count and time.
import path from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { build } from 'vite';
import preact from '@preact/preset-vite';
import { chromium } from 'playwright-core';
import { startSandbox } from '../../sandbox/server';
import { CHROMIUM, ChromiumHarness } from '../e2e/harness/chromium';
import { percentile } from './stats';
import { waitFor } from '../e2e/harness/wait';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const ENTRY = '1_sessiona1';
const RATE = 200;
const SECONDS = Number(process.env.CHAT_BENCH_SECONDS ?? 5);
/** Fresh pages for the first render of 50,000 messages (as qna-render's first renders). */
const RENDERS = 7;

export async function run(): Promise<Record<string, number>> {
  return { ...(await ingest()), ...(await render50k()) };
}

export async function ingest(): Promise<Record<string, number>> {
  const sb = await startSandbox({ port: 0 });
  const h = await ChromiumHarness.launch({ sandboxPort: sb.port, defaultThrottling: true, extensionDir: process.env.EXT_DIR });
  // Hop marks (see HOPS): the server's frame writes, here; the page's WebSocket messages and the panel's port
  // messages, by init scripts; the content script's and the worker's, by their own bench-only marks.
  const frames: [number, string][] = [];
  const faultFrame = sb.faults.frame.bind(sb.faults);
  sb.faults.frame = (ws, text) => {
    if (text.startsWith('{"op":"event')) frames.push([Date.now(), text]);
    return faultFrame(ws, text);
  };
  await h.context.addInitScript(HOP_RECORDERS);
  try {
    const page = await h.openTab(`https://1234567.events.kaltura.com/chatandcollaboration/index/moderator?entryId=${ENTRY}`);
    await page.waitForSelector('#kep-widget-1[data-kep-connection="live"]', { timeout: 15_000 });
    await page.click('button.kep-sidebar-button[data-kep-module="chat"]');
    sb.control.act({ entryId: ENTRY, userId: 'bench-0', action: { type: 'chat.post', text: 'warm-up' } });
    const panel = await h.openPanel(await h.tabIdOf(page));
    await panel.click('[data-testid="view-chat"]', { timeout: 20_000 });
    await panel.waitForSelector('[data-testid="chat-item"]', { timeout: 15_000 });
    // The panel notes when each message id first shows (epoch ms, the same clock as this process).
    await panel.evaluate(`(() => {
      window.__seen = {};
      const scan = () => {
        for (const el of document.querySelectorAll('[data-testid="chat-item"]')) {
          const id = el.getAttribute('data-message-id');
          if (!(id in window.__seen)) window.__seen[id] = Date.now();
        }
      };
      new MutationObserver(scan).observe(document.body, { subtree: true, childList: true });
    })()`);
    // The content script's (its isolated world, found through the DevTools protocol) and the worker's marks.
    const cdp = await page.context().newCDPSession(page);
    const worlds: number[] = [];
    cdp.on('Runtime.executionContextCreated', (e: { context: { id: number; origin: string; auxData?: { type?: string } } }) => {
      if (e.context.auxData?.type === 'isolated' && e.context.origin.startsWith(`chrome-extension://${h.extensionId}`)) worlds.push(e.context.id);
    });
    await cdp.send('Runtime.enable');
    const inWorlds = (expression: string) => Promise.all(worlds.map((contextId) => cdp.send('Runtime.evaluate', { expression, contextId, returnByValue: true }).then((r) => (r.result as { value?: unknown }).value)));
    await inWorlds('globalThis.__cncChatHops = []');
    const worker = h.context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${h.extensionId}/`));
    await worker?.evaluate('globalThis.__cncChatHops = []');
    frames.length = 0;
    await page.evaluate('window.__wsFrames.length = 0; window.__longTasks.length = 0; window.__rows.clear()');
    await panel.evaluate('window.__portIn.length = 0');
    const debug = !!process.env.CHAT_BENCH_DEBUG;
    const metrics = async (p: typeof page) => {
      const c = p === page ? cdp : await p.context().newCDPSession(p);
      await c.send('Performance.enable');
      return Object.fromEntries(((await c.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }).metrics.map((m) => [m.name, m.value]));
    };
    const before = debug ? [await metrics(page), await metrics(panel)] : [];
    if (debug && process.env.CHAT_BENCH_PROFILE) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const trace: { name: string; ts?: number; dur?: number; ph: string; args?: { data?: Record<string, unknown>; beginData?: Record<string, unknown>; elementCount?: number }; tid: number; pid: number }[] = [];
    if (process.env.CHAT_BENCH_TRACE) {
      cdp.on('Tracing.dataCollected', (e) => trace.push(...(e.value as unknown as typeof trace)));
      await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['devtools.timeline', 'blink', 'disabled-by-default-devtools.timeline'] } } as never);
    }
    const sent = new Map<string, number>();
    const started = Date.now();
    const total = RATE * SECONDS;
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / RATE;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      // Distinct senders and texts: the flag rules (rate, repeat) do not fire on the bench's own stream.
      const r = sb.control.act({ entryId: ENTRY, userId: `bench-${(i % 500) + 1}`, action: { type: 'chat.post', text: `bench message ${i}: how is the audio in room ${i % 37}?` } });
      if (!r.ok || !r.id) throw new Error(`the sandbox refused a message: ${JSON.stringify(r)}`);
      sent.set(r.id, Date.now());
    }
    if (debug) {
      const after = [await metrics(page), await metrics(panel)];
      for (const [i, name] of ['event page', 'panel'].entries()) {
        const d = (k: string) => Math.round((after[i]![k]! - before[i]![k]!) * 1000);
        console.error(`${name} over the stream (ms): task ${d('TaskDuration')}, script ${d('ScriptDuration')}, layout ${d('LayoutDuration')}, style ${d('RecalcStyleDuration')}, layouts ${after[i]!.LayoutCount! - before[i]!.LayoutCount!}, wall ${Date.now() - started}`);
      }
    }
    if (process.env.CHAT_BENCH_TRACE) {
      const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
      await cdp.send('Tracing.end');
      await done;
      writeFileSync(process.env.CHAT_BENCH_TRACE, JSON.stringify(trace));
      const sum = new Map<string, [number, number]>();
      for (const e of trace) {
        if (e.ph !== 'X' || !e.dur) continue;
        const key = `${e.pid}/${e.tid} ${e.name}`;
        const v = sum.get(key) ?? [0, 0];
        sum.set(key, [v[0] + e.dur / 1000, v[1] + 1]);
      }
      console.error([...sum].sort((a, b) => b[1][0] - a[1][0]).slice(0, 40).map(([k, [ms, n]]) => `${Math.round(ms)} ms ×${n} ${k}`).join('\n'));
      const layouts = trace.filter((e) => e.name === 'Layout' && e.ph === 'X' && e.dur && e.args?.beginData).slice(0, 400);
      const big = layouts.sort((a, b) => b.dur! - a.dur!).slice(0, 8);
      for (const e of big) console.error(`Layout ${Math.round(e.dur! / 1000)} ms`, JSON.stringify(e.args?.beginData), JSON.stringify((e.args as { endData?: unknown }).endData ?? null));
      const styles = trace.filter((e) => e.name === 'UpdateLayoutTree' && e.ph === 'X' && e.dur).sort((a, b) => b.dur! - a.dur!).slice(0, 5);
      for (const e of styles) console.error(`Style ${Math.round(e.dur! / 1000)} ms`, JSON.stringify(e.args));
    }
    if (debug && process.env.CHAT_BENCH_PROFILE) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples: number[]; timeDeltas: number[] } };
      const self = new Map<string, number>();
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      profile.samples.forEach((id, i) => {
        const f = byId.get(id)!.callFrame;
        const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
        self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
      });
      console.error([...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${Math.round(v)} ms ${k}`).join('\n'));
    }
    // The last message shown, or after 30 s whatever was: the count of those missing is the error below.
    const seen = await waitFor(
      'every bench message in the panel',
      async () => (await panel.evaluate('window.__seen')) as Record<string, number>,
      // The last message posted rendered: every one before it is in the list above it.
      (v) => [...sent.keys()].at(-1)! in v,
      { timeout: 30_000, interval: 250 },
    ).catch(async () => (await panel.evaluate('window.__seen')) as Record<string, number>);
    // The Chat view renders only the rows in view: in a burst, a message followed within the same frame by
    // the next screenful is never rendered at all, yet it is in the list (scroll up, and there it is). A
    // message counts as shown when it or any later one first rendered (the list is in posting order).
    const order = [...sent.keys()];
    const shownAt = new Map<string, number>();
    let earliest = Infinity;
    for (let i = order.length - 1; i >= 0; i--) {
      const at = seen[order[i]!];
      if (at !== undefined) earliest = Math.min(earliest, at);
      if (earliest !== Infinity) shownAt.set(order[i]!, earliest);
    }
    // And nothing went missing: the list holds every message posted (the warm-up one too).
    const listed = Number(await panel.getAttribute('[data-testid="chat-list"]', 'data-total'));
    const shownByPage = await page.evaluate((ids) => ids.filter((id) => (window as unknown as { __rows: Map<string, number> }).__rows.has(id)).length, [...sent.keys()]);
    if (listed < sent.size + 1) throw new Error(`the panel lists ${listed} messages, ${sent.size + 1} were posted, the event page's widget showed ${shownByPage} of them (${(await panel.textContent('[data-testid="chat-new-items"]').catch(() => null)) ?? "none held"})`);
    const latencies = [...sent].filter(([id]) => shownAt.has(id)).map(([id, at]) => shownAt.get(id)! - at);
    // The two halves of the way: posted → the event page's widget shows it (the sandbox and the page), and
    // shown on the page → shown in the panel (the extension: content script, worker, panel).
    const pageAt = new Map(Object.entries((await page.evaluate('Object.fromEntries(window.__rows)')) as Record<string, number>));
    const toPage = [...sent].filter(([id]) => pageAt.has(id)).map(([id, at]) => pageAt.get(id)! - at);
    const pageToPanel = [...sent].filter(([id]) => pageAt.has(id) && shownAt.has(id)).map(([id]) => shownAt.get(id)! - pageAt.get(id)!);
    if (latencies.length < sent.size) throw new Error(`${sent.size - latencies.length} of ${sent.size} messages never showed in the panel`);
    // Each message's moment at each hop (the first record naming it), then the time between hops.
    const at: Record<string, Map<string, number>> = {};
    const note = (hop: string, when: number, ids: Iterable<string>) => {
      const m = (at[hop] ??= new Map());
      for (const id of ids) if (!m.has(id)) m.set(id, when);
    };
    at.sent = new Map(sent);
    for (const [when, text] of frames) note('server', when, chatIdsOfFrame(text));
    for (const [when, text] of (await page.evaluate('window.__wsFrames')) as [number, string][]) note('ws', when, chatIdsOfFrame(text));
    at.page = pageAt;
    const records = [...((await inWorlds('globalThis.__cncChatHops')).flat() as [string, number, string[]][]), ...(((await worker?.evaluate('globalThis.__cncChatHops')) ?? []) as [string, number, string[]][])];
    for (const [hop, when, ids] of records) note(hop, when, ids);
    for (const [when, ids] of (await panel.evaluate('window.__portIn')) as [number, string[]][]) note('panel-in', when, ids);
    at.shown = shownAt;
    const hops: Record<string, number> = {};
    for (let i = 1; i < HOPS.length; i++) {
      const [from, to] = [at[HOPS[i - 1]!], at[HOPS[i]!]];
      const d = [...sent.keys()].filter((id) => from?.has(id) && to?.has(id)).map((id) => to!.get(id)! - from!.get(id)!);
      if (process.env.CHAT_BENCH_DEBUG) console.error(`${HOPS[i - 1]} → ${HOPS[i]}: n ${d.length}, p50 ${percentile(d, 50)}, p95 ${percentile(d, 95)}, max ${Math.max(...d)}`);
      if (d.length < sent.size / 2) continue; // a hop not marked (an older build)
      hops[`chat.hop_${HOPS[i]!.replace(/-/g, '_')}_p50_ms`] = Math.round(percentile(d, 50));
      hops[`chat.hop_${HOPS[i]!.replace(/-/g, '_')}_p95_ms`] = Math.round(percentile(d, 95));
    }
    const longTasks = (await page.evaluate('window.__longTasks')) as [number, number][];
    if (process.env.CHAT_BENCH_DEBUG) console.error(`event page long tasks: ${longTasks.length}, ${Math.round(longTasks.reduce((a, [, d]) => a + d, 0))} ms, longest ${Math.round(Math.max(0, ...longTasks.map(([, d]) => d)))} ms`);
    return {
      ...hops,
      'chat.bench_load_average': Math.round(loadavg()[0]! * 100) / 100,
      'chat.ingest_p50_ms_at_200mps': Math.round(percentile(latencies, 50)),
      'chat.ingest_p95_ms_at_200mps': Math.round(percentile(latencies, 95)),
      'chat.ingest_samples_at_200mps': latencies.length,
      'chat.page_show_p50_ms_at_200mps': Math.round(percentile(toPage, 50)),
      'chat.page_show_p95_ms_at_200mps': Math.round(percentile(toPage, 95)),
      'chat.page_to_panel_p50_ms_at_200mps': Math.round(percentile(pageToPanel, 50)),
      'chat.page_to_panel_p95_ms_at_200mps': Math.round(percentile(pageToPanel, 95)),
    };
  } finally {
    await h.close();
    await sb.close();
  }
}

/**
 * A chat message's hops, in order (each figure chat.hop_<to>_p50/p95_ms is the time from the hop before):
 * posted (sent) → the server writes the frame holding it (server) → the event page's WebSocket delivers it
 * (ws) → the widget's row is in the page's DOM (page) → the content script's observer first saw the change
 * (cs-mutated) → it posted the batch (cs-sent) → the worker heard it (sw-heard) → posted the patch to the
 * panel (sw-posted) → the panel's port delivered it (panel-in) → the Chat view shows it (shown).
 */
const HOPS = ['sent', 'server', 'ws', 'page', 'cs-mutated', 'cs-sent', 'sw-heard', 'sw-posted', 'panel-in', 'shown'] as const;

function chatIdsOfFrame(text: string): string[] {
  const f = JSON.parse(text) as { op: string; event?: { type: string; message?: { id: string } }; events?: { event: { type: string; message?: { id: string } } }[] };
  const events = f.op === 'event' ? [f.event!] : (f.events ?? []).map((e) => e.event);
  return events.filter((e) => e.type === 'chat' && e.message).map((e) => e.message!.id);
}

/**
 * Init script for every page of the bench's browser: the event page notes its WebSocket's event frames
 * (epoch ms, text) and its long tasks; the panel notes the chat patches its port delivers (epoch ms, ids).
 * A string: tsx would wrap a function's inner helpers in names the page does not have.
 */
const HOP_RECORDERS = `(() => {
  if (location.protocol === 'https:') {
    // Every message row its widget showed, noted by an observer made before the content script's: it hears
    // a row's insertion first, before our script's own work on it. A message the widget never showed (it
    // skips what scrolled out of its tail before a late frame) cannot reach the panel, and says the page
    // fell behind, not the extension.
    window.__rows = new Map();
    new MutationObserver((records) => {
      const at = Date.now();
      for (const r of records) for (const n of r.addedNodes) if (n.nodeType === 1 && n.hasAttribute('data-kep-message-id')) { const id = n.getAttribute('data-kep-message-id'); if (!window.__rows.has(id)) window.__rows.set(id, at); }
    }).observe(document, { subtree: true, childList: true });
    window.__wsFrames = [];
    window.__longTasks = [];
    try {
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask' });
    } catch {}
    const WS = window.WebSocket;
    window.WebSocket = function (...args) {
      const ws = new WS(...args);
      ws.addEventListener('message', (ev) => {
        if (typeof ev.data === 'string' && ev.data.startsWith('{"op":"event')) window.__wsFrames.push([Date.now(), ev.data]);
      });
      return ws;
    };
    window.WebSocket.prototype = WS.prototype;
    Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  } else if (location.protocol === 'chrome-extension:' && globalThis.chrome?.runtime?.connect) {
    window.__portIn = [];
    const connect = chrome.runtime.connect.bind(chrome.runtime);
    chrome.runtime.connect = (...args) => {
      const port = connect(...args);
      port.onMessage.addListener((m) => {
        if (m && m.type === 'chat-patch' && m.patch && m.patch.upserts) window.__portIn.push([Date.now(), m.patch.upserts.map((u) => u.id)]);
      });
      return port;
    };
  }
})()`;

export async function render50k(): Promise<Record<string, number>> {
  const out = mkdtempSync(path.join(tmpdir(), 'chat-bench-'));
  try {
    await build({
      root: path.join(ROOT, 'test', 'bench', 'fixtures'),
      base: './',
      logLevel: 'warn',
      plugins: [preact()],
      resolve: { alias: { '@': ROOT } },
      build: { outDir: out, emptyOutDir: true, rollupOptions: { input: path.join(ROOT, 'test', 'bench', 'fixtures', 'chat-50k.html') } },
    });
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--js-flags=--expose-gc', '--allow-file-access-from-files'] });
    try {
      // One first render (and the heap it adds) per fresh page: one alone swings with the machine's load.
      const times: number[] = [];
      const heaps: number[] = [];
      while (times.length < RENDERS) {
        const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
        const cdp = await page.context().newCDPSession(page);
        await page.goto(`file://${path.join(out, 'chat-50k.html')}`);
        await page.waitForFunction('window.bench');
        const heap = async () => {
          await page.evaluate('gc()');
          return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
        };
        const before = await heap();
        const mounted = (await page.evaluate('window.bench.mount(50000)')) as { ms: number; receivedMs: number; rows: number };
        if (process.env.CHAT_BENCH_DEBUG) console.error(mounted);
        if (mounted.rows === 0 || mounted.rows > 300) throw new Error(`the Chat view rendered ${mounted.rows} rows: not windowed as expected`);
        times.push(mounted.ms);
        heaps.push(((await heap()) - before) / 2 ** 20);
        await page.close();
      }
      return {
        'chat.render_50k_first_ms': Math.round(percentile(times, 50)),
        'chat.render_50k_first_max_ms': Math.round(Math.max(...times)),
        'chat.render_50k_samples': times.length,
        'chat.heap_50k_mb': Math.round(percentile(heaps, 50) * 10) / 10,
        'chat.heap_50k_max_mb': Math.round(Math.max(...heaps) * 10) / 10,
        'chat.heap_50k_samples': heaps.length,
      };
    } finally {
      await browser.close();
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
