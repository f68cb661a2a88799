// The side panel's own cost over a busy stream (for working on the panel, not a figure): one browser with
// the extension, the panel open on the event page (as the page-overhead bench opens it), optionally on a
// chosen view (PANEL_VIEW=qna|chat|reactions), then a DevTools trace and a CPU profile of the panel page
// over WINDOW_MS of the stream (PAGE_RATE, PAGE_MIX as in page-overhead.ts). Prints the panel's JS self
// time by function and its main thread's renders (animation frames), style recalcs, layouts and paints per
// second, then the same time counted once per kind (busy, script, style, layout, paint) with the frames and
// the layouts forced in script. PANEL_TRACE=file keeps the trace (default /tmp/panel-trace.json).
// npx tsx test/bench/panel-profile.ts
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { CDPSession } from 'playwright-core';
import { CHAT_ONLY, openSide, summarise, type CpuProfile, type StreamSpec } from './page-overhead';

const { startSandbox } = await import('../../sandbox/server');
const rate = Number(process.env.PAGE_RATE ?? 60);
const windowMs = Number(process.env.WINDOW_MS ?? 15_000);
const stream: StreamSpec = { attendees: 300, rate, seed: 7, ...(process.env.PAGE_MIX === 'chat' ? { mix: CHAT_ONLY } : {}) };
const sb = await startSandbox({ port: 0 });
/**
 * The panel thread's time by kind, each counted once: the table below sums every event of a name, and
 * nested ones (a Paint of the document holds the Paint of the list inside it) counted twice. Script is the
 * time in script less the style and layout it forced; forced = layouts run inside script (a read of
 * layout) rather than in a frame.
 */
function threadSummary(events: any[], secs: number): string {
  type Span = [number, number];
  const spans = (names: string[]): Span[] =>
    events.filter((e) => e.ph === 'X' && e.dur && names.includes(e.name)).map((e): Span => [e.ts, e.ts + e.dur]);
  const union = (list: Span[]): Span[] => {
    const out: Span[] = [];
    for (const [a, b] of [...list].sort((x, y) => x[0] - y[0])) {
      const last = out[out.length - 1];
      if (last && a <= last[1]) last[1] = Math.max(last[1], b);
      else out.push([a, b]);
    }
    return out;
  };
  const total = (list: Span[]) => list.reduce((n, [a, b]) => n + b - a, 0);
  const overlap = (x: Span[], y: Span[]) => {
    let n = 0;
    for (const [a, b] of x) for (const [c, d] of y) n += Math.max(0, Math.min(b, d) - Math.max(a, c));
    return n;
  };
  const script = union(spans(['FunctionCall', 'v8.callFunction', 'EventDispatch', 'TimerFire', 'FireAnimationFrame', 'RunMicrotasks', 'EvaluateScript', 'v8.compile']));
  const style = union(spans(['UpdateLayoutTree']));
  const layout = union(spans(['Layout']));
  const paint = union(spans(['Paint', 'PrePaint', 'Layerize', 'Commit', 'UpdateLayer']));
  const busy = union(spans(['RunTask', 'ThreadControllerImpl::RunTask']));
  const forced = events.filter((e) => e.name === 'Layout' && e.ph === 'X' && script.some(([a, b]) => e.ts >= a && e.ts < b)).length;
  const frames = events.filter((e) => e.name === 'AnimationFrame' && e.ph === 'b').length;
  const ms = (n: number) => (n / 1000 / secs).toFixed(1);
  return [
    `panel thread per second: busy ${ms(total(busy))} ms, script ${ms(total(script) - overlap(script, union([...style, ...layout])))} ms,`,
    `style ${ms(total(style))} ms, layout ${ms(total(layout))} ms, paint+commit ${ms(total(paint))} ms;`,
    `${(frames / secs).toFixed(1)} frames, ${(layout.length / secs).toFixed(1)} layouts (${(forced / secs).toFixed(1)} forced in script),`,
    `load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}`,
  ].join(' ');
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
try {
  const side = await openSide(sb, { entryId: '1_sessiona1', withExtension: true, extensionDir: process.env.EXT_DIR });
  try {
    const panel = side.panel!;
    if (process.env.PANEL_VIEW) await panel.locator(`[data-testid=view-${process.env.PANEL_VIEW}]`).click();
    if (process.env.PANEL_FRONT) await panel.bringToFront();
    console.log('panel visibility', await panel.evaluate(() => document.visibilityState), 'view', await panel.locator('[data-testid=panel]').getAttribute('data-view'));
    const cdp: CDPSession = await side.harness.context.newCDPSession(panel);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    const events: any[] = [];
    cdp.on('Tracing.dataCollected', (e: any) => events.push(...e.value));
    const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
    sb.control.audience.start({ ...stream, entryIds: ['1_sessiona1'] });
    // SETTLE_MS: how long the stream runs before the window (a long flood: the session's history grown).
    await sleep(Number(process.env.SETTLE_MS ?? 2_000)); // pacing, not a wait for a result
    await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8', transferMode: 'ReportEvents' } as never);
    await cdp.send('Profiler.start');
    await sleep(windowMs);
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
    await cdp.send('Tracing.end');
    await done;
    const planned = sb.control.audience.status().planned;
    // What the moderator would see at the end: a view that stopped following shows "N new" (a cheap panel
    // is no win if it froze).
    console.log(
      'panel at the end:',
      // Read in an animation frame callback, as the frame that shows it will paint it (a view may follow the
      // newest in its own frame callback, registered before this one).
      await panel.evaluate(() => new Promise<string>((done) => requestAnimationFrame(() => {
        const list = document.querySelector<HTMLElement>('[data-testid=chat-list]');
        const held = document.querySelector('[data-testid=chat-new-items]')?.textContent ?? 'none held';
        done(list ? `${list.dataset.count} rows of ${list.dataset.total}, ${held}, ${Math.round(list.scrollHeight - list.scrollTop - list.clientHeight)} px below` : 'no chat list');
      }))),
    );
    await sb.control.audience.stop();
    writeFileSync('/tmp/panel.cpuprofile', JSON.stringify(profile));
    writeFileSync(process.env.PANEL_TRACE ?? '/tmp/panel-trace.json', JSON.stringify({ traceEvents: events }));
    const secs = windowMs / 1000;
    // The trace holds every process (the event page's renderer, the GPU, the browser): only the panel's
    // main thread counts here, the thread whose calls run the side panel's scripts.
    const calls = new Map<string, number>();
    for (const e of events) if ((e.name === 'FunctionCall' || e.name === 'v8.callFunction') && /sidepanel/.test(e.args?.data?.url ?? '')) calls.set(`${e.pid}:${e.tid}`, (calls.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
    const panelThread = [...calls].sort((a, b) => b[1] - a[1])[0]?.[0];
    const count = new Map<string, { n: number; ms: number }>();
    for (const e of events) {
      if (`${e.pid}:${e.tid}` !== panelThread) continue;
      if (e.ph !== 'X' && e.ph !== 'B' && e.ph !== 'I' && e.ph !== 'i') continue;
      const c = count.get(e.name) ?? { n: 0, ms: 0 };
      c.n++;
      c.ms += (e.dur ?? 0) / 1000;
      count.set(e.name, c);
    }
    console.log(`actions planned so far ${planned}`);
    console.log(threadSummary(events.filter((e) => `${e.pid}:${e.tid}` === panelThread), secs));
    for (const name of ['UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'Layerize', 'UpdateLayer', 'RasterTask', 'CompositeLayers', 'FireAnimationFrame', 'BeginMainThreadFrame', 'Commit', 'FunctionCall', 'EventDispatch', 'TimerFire', 'v8.callFunction', 'MajorGC', 'MinorGC', 'V8.GC_SCAVENGER', 'ScheduleStyleRecalculation', 'InvalidateLayout', 'HitTest', 'ParseHTML', 'RunTask', 'ThreadControllerImpl::RunTask'])
      if (count.has(name)) console.log(`  ${name.padEnd(30)} ${(count.get(name)!.n / secs).toFixed(1).padStart(7)}/s  ${(count.get(name)!.ms / secs).toFixed(1).padStart(7)} ms/s`);
    const top = [...count].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25);
    console.log('top trace events by time:');
    for (const [k, v] of top) console.log(`  ${k.padEnd(40)} ${(v.n / secs).toFixed(1).padStart(7)}/s ${(v.ms / secs).toFixed(1).padStart(7)} ms/s`);
    console.log(summarise(profile));
  } finally {
    await side.close();
  }
} finally {
  await sb.control.audience.stop().catch(() => undefined);
  await sb.close();
}
process.exit(0);
