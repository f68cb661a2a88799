// CPU profiles of the extension's service worker and panel page during a bench (BENCH_PROFILE=dir): the
// DevTools protocol's Profiler domain on each target, written as .cpuprofile files (open them in DevTools'
// Performance panel, or summarise them with summariseProfile below). For finding where the time goes,
// not a figure.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';

interface Profile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** A profiler on one target: the panel page directly, the service worker through a page's session. */
export interface TargetProfiler {
  stop(file: string): Promise<Profile>;
}

export async function profilePage(context: BrowserContext, page: Page): Promise<TargetProfiler> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return {
    async stop(file) {
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
      await cdp.detach().catch(() => {});
      write(file, profile);
      return profile;
    },
  };
}

/** A DevTools session on the extension's service worker: attached (non-flat) from an extension page's session. */
export interface WorkerSession {
  send(method: string, params?: object): Promise<any>;
  /** Detaches and closes the page the session was made from. */
  close(): Promise<void>;
}

/** Attaches to the extension's service worker, found by URL prefix among the browser's targets. */
export async function attachWorker(context: BrowserContext, extensionId: string): Promise<WorkerSession> {
  const prefix = `chrome-extension://${extensionId}/`;
  const page = await context.newPage();
  await page.goto(`${prefix}manifest.json`);
  const cdp: CDPSession = await context.newCDPSession(page);
  const { targetInfos } = (await cdp.send('Target.getTargets' as never)) as unknown as { targetInfos: { targetId: string; type: string; url: string }[] };
  const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(prefix));
  if (!target) throw new Error('no service worker target to attach to');
  const { sessionId } = (await cdp.send('Target.attachToTarget' as never, { targetId: target.targetId, flatten: false } as never)) as unknown as { sessionId: string };
  let next = 1;
  const waiting = new Map<number, (r: { result?: unknown; error?: unknown }) => void>();
  cdp.on('Target.receivedMessageFromTarget' as never, ((e: { sessionId: string; message: string }) => {
    if (e.sessionId !== sessionId) return;
    const m = JSON.parse(e.message) as { id?: number; result?: unknown; error?: unknown };
    if (m.id !== undefined) waiting.get(m.id)?.(m);
  }) as never);
  return {
    async send(method, params = {}) {
      const id = next++;
      const reply = new Promise<{ result?: unknown; error?: unknown }>((r) => waiting.set(id, r));
      await cdp.send('Target.sendMessageToTarget' as never, { sessionId, message: JSON.stringify({ id, method, params }) } as never);
      const r = await reply;
      if (r.error) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
      return r.result;
    },
    async close() {
      await cdp.detach().catch(() => {});
      await page.close().catch(() => {});
    },
  };
}

/** The extension's service worker's CPU profile (attachWorker). */
export async function profileWorker(context: BrowserContext, extensionId: string): Promise<TargetProfiler> {
  const worker = await attachWorker(context, extensionId);
  const send = worker.send;
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: 200 });
  await send('Profiler.start');
  return {
    async stop(file) {
      const { profile } = (await send('Profiler.stop')) as { profile: Profile };
      await worker.close();
      write(file, profile);
      return profile;
    },
  };
}

function write(file: string, profile: Profile): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(profile));
  console.error(`[profile] ${file}\n${summariseProfile(profile)}`);
}

/** Self and total time per function (top 25 by self time), and the busy total. */
export function summariseProfile(profile: Profile, top = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const label = (id: number) => {
    const f = byId.get(id)!.callFrame;
    return `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
  };
  const selfBy = new Map<string, number>();
  const totalBy = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of self) {
    const name = label(id);
    selfBy.set(name, (selfBy.get(name) ?? 0) + us);
    if (!/^\((idle|program|garbage collector)\)/.test(name)) busy += us;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = label(at);
      if (seen.has(n)) continue;
      seen.add(n);
      totalBy.set(n, (totalBy.get(n) ?? 0) + us);
    }
  }
  const ms = (us: number) => (us / 1000).toFixed(1).padStart(8);
  const lines = [...selfBy].sort((a, b) => b[1] - a[1]).slice(0, top).map(([n, us]) => `${ms(us)} self ${ms(totalBy.get(n) ?? 0)} total  ${n}`);
  const totals = [...totalBy].filter(([n]) => !/^\((root|idle|program)\)/.test(n)).sort((a, b) => b[1] - a[1]).slice(0, top).map(([n, us]) => `${ms(us)} total  ${n}`);
  return [`busy ${ms(busy)} ms over ${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms`, '-- by self', ...lines, '-- by total', ...totals].join('\n');
}
