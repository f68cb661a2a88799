// How long the background takes to restore its state after the service worker was stopped: the tab
// records and a Q&A session of 11,000 questions (a 10,000 backlog, then 1,000 more in saves of 25, as at
// 100/s), read back from session storage. Storage is modelled by structured clones (what storage.session
// does); the browser's own per-key cost is not included, so the keys read are a figure of their own (in
// Chrome, reading 11,000 keys took about 2 s: session.restore_cold_ms in moderator.bench.ts).
// Figures: session.restore_ms (median) / _p95_ms / _samples, session.restore_keys_read (keys that exist,
// read by one restore), storage.bytes_written_per_question_unit (the 1,000 saves, compactions included).
//
// Then the cold restore in the real browser, split into phases (coldFigures below): the production build
// in Chromium against the sandbox with a backlog of 10,000 questions, the worker stopped through the
// DevTools protocol, a panel opened, until it shows the queue again. Every phase is a moment after the stop
// (median ms over the samples): the worker's own User Timing marks (lib/platform/timeline.ts), the panel's
// marks and a MutationObserver on its pending count.
//   session.restore_cold_phase_total_ms / _samples: the stop until the panel shows the whole queue.
//   session.restore_cold_phase_{page_opened,panel_script,panel_dom,worker_started,background_created,
//     panel_connected,tabs_restored,qna_read,qna_built,saved_head,head_posted,head_shown,snapshot_posted,panel_head_received,
//     panel_head_applied,panel_head_shown,panel_snapshot_received,panel_snapshot_applied,panel_count_shown,rescan_asked,
//     batch_received}_ms
//   A large snapshot reaches the panel head first (lib/session/qna/head.ts): the count shows from the head
//   (panel_count_shown, total); panel_snapshot_applied is when the panel holds the whole list.
//   session.restore_cold_phase_rescan_rows: rows in the content script's first report to the new worker
//     (the whole backlog when it re-reports everything; 0 when the worker says what it restored).
// BENCH_SKIP_COLD=1 skips the browser part, BENCH_SKIP_INPROC=1 the in-process one; BENCH_PROFILE=dir writes CPU profiles of the panel and the
// event page during the first cold restore (test/bench/cpu-profile.ts).
import { QnaManager } from '../../lib/session/qna/manager';
import { TabStore } from '../../lib/session/tab-store';
import type { StorageArea } from '../../lib/platform/storage';
import type { QnaSurfacePort } from '../../lib/session/qna/qna-session';
import type { Question } from '../../lib/model/qna/types';
import { percentile } from './stats';
import { memoryArea } from '../unit/memory-area';
import type { Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { ChromiumHarness } from '../e2e/harness/chromium';
import { profilePage, profileWorker, type TargetProfiler } from './cpu-profile';
import { PANEL_TIMELINE_SCRIPT } from './page-recorders';

const BACKLOG = 10_000;
const INGESTED = 1_000;
const RESTORES = 15;


const surface: QnaSurfacePort = {
  kind: 'cnc',
  capabilities: { approve: true, dismiss: true, restore: true, answerPublic: true, answerPrivate: true, answeredLive: true, editBeforeApprove: false, claim: true, absent: {} },
  perform: async () => undefined,
};

function manager(session: StorageArea, local: StorageArea) {
  return new QnaManager({
    session,
    local,
    now: Date.now,
    newId: () => Math.random().toString(36).slice(2),
    cncSurfaceFor: () => surface,
    webcastSurfaceFor: async () => null,
    meOf: async () => 'moderator-1',
    rescan: () => undefined,
    onPatch: () => undefined,
    onPending: () => undefined,
    setTimeout: (fn, ms) => setTimeout(fn, ms),
  });
}

export async function run(): Promise<Record<string, number>> {
  // BENCH_SKIP_INPROC=1: the browser part alone (comparing two builds through E2E_CHROME_BUILD).
  const figures = process.env.BENCH_SKIP_INPROC === '1' ? {} : await inProcessFigures();
  if (process.env.BENCH_SKIP_COLD !== '1') Object.assign(figures, await coldFigures());
  return figures;
}

async function inProcessFigures(): Promise<Record<string, number>> {
  const session = memoryArea();
  const local = memoryArea();
  // Fill storage the way a live session does: 20 tab records, one Q&A session of 11,000 questions.
  const store = new TabStore(session);
  for (let tabId = 1; tabId <= 20; tabId++) {
    await store.put({ tabId, url: `https://1234567.events.kaltura.com/media/t/1_tab${tabId}`, state: 'attached', context: null, updatedAt: Date.now() });
  }
  const total = BACKLOG + INGESTED;
  const questions: Question[] = Array.from({ length: total }, (_, i) => ({
    id: `q_${i}`, surface: 'cnc', text: `Question ${i} about the roadmap and pricing for teams of ${i % 90} people?`, author: { id: `u${i}`, name: `User ${i}`, anonymous: false },
    createdAt: 1_700_000_000_000 + i, updatedAt: 1_700_000_000_000 + i, votes: i % 50, state: i % 3 ? 'approved' : 'pending',
    answeredLive: false, answers: [], replies: 0, handledBy: null,
  }));
  const warm = manager(session, local);
  await warm.onBatch(7, '1_sessiona1', 'kep-2026', questions.slice(0, BACKLOG));
  await warm.flushSaves();
  const writtenBefore = session.written + local.written;
  for (let i = BACKLOG; i < total; i += 25) {
    await warm.onBatch(7, '1_sessiona1', 'kep-2026', questions.slice(i, i + 25));
    await warm.flushSaves();
  }
  const bytesPerQuestion = (session.written + local.written - writtenBefore) / INGESTED;

  const times: number[] = [];
  let keysRead = 0;
  for (let i = 0; i < RESTORES; i++) {
    const readBefore = session.read;
    const t0 = performance.now();
    const restored = new TabStore(session);
    await restored.restore();
    const qna = manager(session, local);
    const snapshot = await qna.snapshot(7);
    times.push(performance.now() - t0);
    keysRead = session.read - readBefore;
    // Past the per-tab cap (3.5 MB) rows stay in memory only: what was saved must all come back.
    if (!snapshot || snapshot.questions.length < 10_000) throw new Error(`the restored session lost questions (${snapshot?.questions.length})`);
  }
  return {
    'session.restore_ms': Math.round(percentile(times, 50) * 10) / 10,
    'session.restore_p95_ms': Math.round(percentile(times, 95) * 10) / 10,
    'session.restore_samples': times.length,
    'session.restore_questions': total,
    'session.restore_keys_read': keysRead,
    'storage.bytes_written_per_question_unit': Math.round(bytesPerQuestion),
  };
}

// ------------------------------------------------------------------------------------------ cold restore

const COLD_BACKLOG = Number(process.env.BENCH_BACKLOG ?? 10_000);
const COLD_RESTORES = Number(process.env.BENCH_COLD_RESTORES ?? 7);
const ENTRY = '1_sessiona1';
const SITE = 'https://1234567.events.kaltura.com';
const WORKER_MARKS = ['background_created', 'panel_connected', 'tabs_restored', 'qna_read', 'qna_built', 'saved_head', 'snapshot_post', 'head_posted', 'head_shown', 'snapshot_posted', 'rescan_asked', 'batch_received'] as const;
const PANEL_MARKS = ['panel_port_opened', 'panel_head_received', 'panel_head_applied', 'panel_head_shown', 'panel_snapshot_received', 'panel_snapshot_applied'] as const;

type Marks = { origin: number; marks: Array<[string, number, unknown]> };
const readMarks = `(() => ({ origin: performance.timeOrigin, marks: performance.getEntriesByType('mark').filter((m) => m.name.startsWith('cnc:')).map((m) => [m.name.slice(4).replaceAll('-', '_'), m.startTime, m.detail ?? null]) }))()`;

async function coldFigures(): Promise<Record<string, number>> {
  const sb = await startSandbox({ port: 0 });
  try {
    for (let i = 0; i < COLD_BACKLOG; i++) ask(sb, i, `Backlog question ${i}: what about topic ${i % 211}?`);
    const h = await ChromiumHarness.launch({ sandboxPort: sb.port, defaultThrottling: true });
    try {
      const event = await h.openTab(`${SITE}/chatandcollaboration/index/moderator?entryId=${ENTRY}`);
      await event.waitForSelector('#kep-widget-1[data-kep-connection="live"]', { timeout: 60_000 });
      const tabId = await h.tabIdOf(event);
      let panel = await h.openPanel(tabId);
      await waitPending(panel, COLD_BACKLOG, 180_000);
      await waitAllSaved(h, tabId, COLD_BACKLOG);
      const profileDir = process.env.BENCH_PROFILE;
      const samples: Array<Record<string, number>> = [];
      for (let i = 0; i < COLD_RESTORES; i++) {
        await panel.close();
        await h.stopServiceWorker();
        const t0 = Date.now();
        const eventProfiler = profileDir && i === 0 ? await profilePage(h.context, event) : null;
        panel = await h.context.newPage();
        const phases: Record<string, number> = { page_opened: Date.now() - t0 };
        // The panel's own timeline: when its script ran, its DOM was ready, and each pending count shown.
        await panel.addInitScript(PANEL_TIMELINE_SCRIPT);
        if (process.env.BENCH_DEBUG_TIMELINE) {
          await panel.addInitScript(`addEventListener('DOMContentLoaded', () => { const seen = {}; new MutationObserver(() => {
            for (const [k, sel] of [['main', 'main[data-testid=panel]'], ['attached', 'main[data-state=attached]'], ['qna', '[data-testid=qna]'], ['inbox', '[data-testid=qna-tab-pending]'], ['list', '[data-testid=qna-list]'], ['rest', '[data-testid=qna-loading-rest]']])
              if (!seen[k] && document.querySelector(sel)) { seen[k] = 1; window.__timeline.push(['el:' + k, Date.now()]); }
          }).observe(document.body, { subtree: true, childList: true, attributes: true }); })
          new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__timeline.push(['long' + Math.round(e.duration), Math.round(performance.timeOrigin + e.startTime)]); }).observe({ type: 'longtask', buffered: true });`);
        }
        const panelProfiler = profileDir && i === 0 ? await profilePage(h.context, panel) : null;
        // The worker from as soon as it runs (it starts when the panel connects): the first ms are missed.
        const workerProfiler = profileDir && i === 0 ? profileWorkerOnceUp(h) : null;
        await panel.goto(`chrome-extension://${h.extensionId}/sidepanel.html?tab=${tabId}`);
        await waitPending(panel, COLD_BACKLOG, 60_000);
        phases.total = Date.now() - t0;
        // The content script's report to the new worker may come after the panel shows the queue: wait for it
        // (bounded) so its phase is in every sample.
        let worker: Marks = { origin: 0, marks: [] };
        for (const end = Date.now() + 10_000; Date.now() < end; ) {
          worker = (await h.swEval(
            () => ({
              origin: performance.timeOrigin,
              marks: performance
                .getEntriesByType('mark')
                .filter((m) => m.name.startsWith('cnc:'))
                .map((m) => [m.name.slice(4).replaceAll('-', '_'), m.startTime, (m as PerformanceMark).detail ?? null] as [string, number, unknown]),
            }),
            null,
          )) as Marks;
          if (worker.marks.some(([n]) => n === 'batch_received')) break;
          await new Promise((r) => setTimeout(r, 100)); // polling the worker's marks, bounded above
        }
        // The count shows from the snapshot's head (true counts, each tab's first rows); the whole list comes
        // after it on the same port: wait for it (bounded) so its phase is in every sample.
        await panel.waitForFunction(() => performance.getEntriesByName('cnc:panel-snapshot-applied').length > 0, null, { timeout: 30_000, polling: 50 }).catch(() => undefined);
        const own = (await panel.evaluate(readMarks)) as Marks;
        const timeline = (await panel.evaluate('window.__timeline')) as Array<[string, number]>;
        if (process.env.BENCH_DEBUG_TIMELINE) console.error(`[restore bench] panel timeline: ${timeline.map(([w, at]) => `${w} ${at - t0}`).join(', ')}`);
        phases.worker_started = Math.round(worker.origin) - t0;
        for (const [name, at, detail] of worker.marks) {
          if ((WORKER_MARKS as readonly string[]).includes(name)) phases[name] = Math.round(worker.origin + at) - t0;
          if (name === 'batch_received') phases.rescan_rows = Number(detail);
        }
        for (const [name, at] of own.marks) if ((PANEL_MARKS as readonly string[]).includes(name)) phases[name] = Math.round(own.origin + at) - t0;
        for (const [what, at] of timeline) {
          if (what === 'script') phases.panel_script = at - t0;
          if (what === 'dom') phases.panel_dom = at - t0;
          // The first time the count shows the backlog (with BENCH_DEBUG_TIMELINE the same count is noted again
          // after each element mark: a later one is not when it showed).
          if (what.startsWith('count:') && Number(what.slice(6)) >= COLD_BACKLOG && phases.panel_count_shown === undefined) phases.panel_count_shown = at - t0;
        }
        samples.push(phases);
        console.error(`[restore bench] cold restore ${i} (ms after the stop): ${Object.entries(phases).sort((a, b) => a[1] - b[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
        await panelProfiler?.stop(`${profileDir}/restore-cold-panel.cpuprofile`);
        await (await workerProfiler)?.stop(`${profileDir}/restore-cold-worker.cpuprofile`);
        await eventProfiler?.stop(`${profileDir}/restore-cold-event.cpuprofile`);
      }
      const figures: Record<string, number> = { 'session.restore_cold_phase_samples': samples.length };
      const names = new Set(samples.flatMap((s) => Object.keys(s)));
      for (const name of names) {
        const values = samples.map((s) => s[name]).filter((v): v is number => v !== undefined && Number.isFinite(v));
        if (!values.length) continue;
        const key = name === 'rescan_rows' ? 'session.restore_cold_phase_rescan_rows' : `session.restore_cold_phase_${name}_ms`;
        figures[key] = percentile(values, 50);
        if (values.length !== samples.length) figures[`${key.replace(/_ms$/, '')}_samples`] = values.length;
      }
      return figures;
    } finally {
      await h.close();
    }
  } finally {
    await sb.close();
  }
}

async function profileWorkerOnceUp(h: ChromiumHarness): Promise<TargetProfiler | null> {
  for (const end = Date.now() + 10_000; Date.now() < end; ) {
    try {
      return await profileWorker(h.context, h.extensionId);
    } catch {
      await new Promise((r) => setTimeout(r, 20)); // the worker is not up yet: try again, bounded above
    }
  }
  return null;
}

function ask(sb: Sandbox, i: number, text: string): string {
  const r = sb.control.act({ entryId: ENTRY, userId: `bench-${(i % 400) + 1}`, action: { type: 'qna.ask', text } });
  if (!r.ok || !r.id) throw new Error(`the sandbox refused a question: ${JSON.stringify(r)}`);
  return r.id;
}

async function waitPending(panel: Page, count: number, timeout: number): Promise<void> {
  await panel.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="qna-count-pending"]')?.textContent ?? NaN) >= n,
    count,
    { timeout, polling: 50 },
  );
}

/** Until storage.session holds every question of the tab (chunks and deltas, as a restore reads them). */
async function waitAllSaved(h: ChromiumHarness, tabId: number, count: number): Promise<void> {
  const end = Date.now() + 60_000;
  for (;;) {
    const saved = (await h.swEval(async (tab) => {
      const s = (globalThis as any).chrome.storage.session;
      const m = (await s.get(`qna:${tab}:m`))[`qna:${tab}:m`];
      if (!m) return 0;
      const ids = new Set<string>();
      const chunks = await s.get(m.chunks.filter(Boolean));
      // A chunk or delta is one JSON string (an earlier version stored the value itself).
      for (const v of Object.values(chunks)) for (const r of (typeof v === 'string' ? JSON.parse(v) : v) as Array<{ id: string }>) ids.add(r.id);
      const deltas = await s.get(Array.from({ length: 400 }, (_, i) => `qna:${tab}:d:${m.from + i}`));
      for (const v of Object.values(deltas)) for (const r of ((typeof v === 'string' ? JSON.parse(v) : v) as { up: Array<{ id: string }> }).up) ids.add(r.id);
      return ids.size;
    }, tabId)) as number;
    if (saved >= count) return;
    if (Date.now() > end) throw new Error(`only ${saved} of ${count} questions were saved`);
    await new Promise((r) => setTimeout(r, 250)); // polling storage, bounded above
  }
}
