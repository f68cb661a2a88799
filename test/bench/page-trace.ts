// Where the extension's time on the event page's main thread goes, from a Chromium trace rather than the
// sampling profiler (whose own sampling thread and stack walks doubled the page renderer's other threads and
// added ~30 % to its main thread's CPU, more than all of ours). A tool, not a figure:
//   PAGE_RATE=60 PAGE_MIX=all WINDOW_MS=15000 npx tsx test/bench/page-trace.ts [EXT_DIR=<build>]
// prints the page thread's task time over the window and, of it, the extension's: the JS calls into our
// content scripts (mutation observers, port messages, timers) by function, with the style, layout and GC
// that ran inside them, and our tasks' count. Run with NO_EXT=1 for the same page without the extension.
import { writeFileSync } from 'node:fs';
import type { CDPSession } from 'playwright-core';
import { CHAT_ONLY, openSide, type StreamSpec } from './page-overhead';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { data?: { url?: string; functionName?: string; lineNumber?: number; columnNumber?: number; frames?: { url: string }[] }; name?: string };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function trace(cdp: CDPSession, during: () => Promise<void>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected' as never, ((p: { value: TraceEvent[] }) => events.push(...p.value)) as never);
  const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete' as never, (() => r()) as never));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: process.env.TRACE_CATS?.split(',') ?? ['devtools.timeline', 'toplevel', 'v8', 'disabled-by-default-devtools.timeline'], excludedCategories: ['*'] },
  } as never);
  await during();
  await cdp.send('Tracing.end');
  await done;
  return events;
}

/** The page's renderer main thread: the CrRendererMain whose FunctionCalls name the sandbox's scripts. */
function pageThread(events: TraceEvent[]): { pid: number; tid: number } | null {
  const counts = new Map<string, number>();
  for (const e of events) {
    if (e.name === 'FunctionCall' && /kaltura\.com/.test(e.args?.data?.url ?? '')) counts.set(`${e.pid}:${e.tid}`, (counts.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
  }
  const best = [...counts].sort((a, b) => b[1] - a[1])[0];
  if (!best) return null;
  const [pid, tid] = best[0].split(':').map(Number);
  return { pid: pid!, tid: tid! };
}

export function analyse(events: TraceEvent[]): string {
  const t = pageThread(events);
  if (!t) return 'no page thread found';
  const mine = events.filter((e) => e.pid === t.pid && e.tid === t.tid && e.ph === 'X').sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const tasks = mine.filter((e) => e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask');
  const taskMs = tasks.reduce((s, e) => s + (e.dur ?? 0), 0) / 1000;
  // Our top-level calls: an extension-URL FunctionCall not inside another of ours.
  const isOurs = (e: TraceEvent) => (e.name === 'FunctionCall' || e.name === 'EvaluateScript' || e.name === 'v8.callFunction') && /^(chrome-extension|moz-extension):/.test(e.args?.data?.url ?? '');
  const ours: TraceEvent[] = [];
  let end = -1;
  for (const e of mine) {
    if (!isOurs(e)) continue;
    if (e.ts < end) continue;
    ours.push(e);
    end = e.ts + (e.dur ?? 0);
  }
  const byFn = new Map<string, { ms: number; n: number }>();
  for (const e of ours) {
    const d = e.args!.data!;
    const key = `${d.functionName || '(anonymous)'} ${d.url!.replace(/^.*?\/\/[^/]+/, '')}:${d.lineNumber ?? ''}:${d.columnNumber ?? ''}`;
    const v = byFn.get(key) ?? { ms: 0, n: 0 };
    v.ms += (e.dur ?? 0) / 1000;
    v.n++;
    byFn.set(key, v);
  }
  // Native work inside our calls (style, layout, GC) by event name.
  const inside = new Map<string, number>();
  let j = 0;
  for (const e of mine) {
    if (isOurs(e) || e.name === 'FunctionCall') continue;
    while (j < ours.length && ours[j]!.ts + (ours[j]!.dur ?? 0) < e.ts) j++;
    const o = ours[j];
    if (o && e.ts >= o.ts && e.ts + (e.dur ?? 0) <= o.ts + (o.dur ?? 0)) inside.set(e.name, (inside.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
  }
  const oursMs = ours.reduce((s, e) => s + (e.dur ?? 0), 0) / 1000;
  // Page-wide native work, for scale (GC and style/layout anywhere on the thread).
  const wide = new Map<string, number>();
  for (const e of mine) if (/GC|UpdateLayoutTree|^Layout$|RunMicrotasks|ParseHTML|Paint|PrePaint|UpdateLayer/.test(e.name)) wide.set(e.name, (wide.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
  const lines = [
    `page thread: ${tasks.length} tasks, ${taskMs.toFixed(0)} ms; ours: ${ours.length} calls, ${oursMs.toFixed(1)} ms (${((oursMs / taskMs) * 100).toFixed(1)} %)`,
    'our calls by function (inclusive ms, calls):',
    ...[...byFn].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25).map(([k, v]) => `  ${v.ms.toFixed(1).padStart(7)} ms ${String(v.n).padStart(5)}  ${k}`),
    'native work inside our calls:',
    ...[...inside].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `  ${v.toFixed(1).padStart(7)} ms  ${k}`),
    'on the whole thread:',
    ...[...wide].sort((a, b) => b[1] - a[1]).map(([k, v]) => `  ${v.toFixed(1).padStart(7)} ms  ${k}`),
  ];
  return lines.join('\n');
}

if (process.argv[1]?.endsWith('page-trace.ts')) {
  const { startSandbox } = await import('../../sandbox/server');
  const rate = Number(process.env.PAGE_RATE ?? 60);
  const windowMs = Number(process.env.WINDOW_MS ?? 15_000);
  const sb = await startSandbox({ port: 0 });
  const stream: StreamSpec = { attendees: 300, rate, seed: 7, ...(process.env.PAGE_MIX === 'all' ? {} : { mix: CHAT_ONLY }) };
  const side = await openSide(sb, { entryId: '1_sessiona1', withExtension: !process.env.NO_EXT, extensionDir: process.env.EXT_DIR });
  try {
    sb.control.audience.start({ ...stream, entryIds: ['1_sessiona1'] });
    await sleep(3_000); // pacing: the stream under way before the window
    const events = await trace(side.cdp, () => sleep(windowMs));
    await sb.control.audience.stop();
    if (process.env.TRACE_FILE) writeFileSync(process.env.TRACE_FILE, JSON.stringify({ traceEvents: events }));
    console.log(analyse(events));
  } finally {
    await side.close();
    await sb.close();
  }
  process.exit(0);
}
