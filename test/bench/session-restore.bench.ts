// How long the background takes to restore its state after the service worker was stopped: the tab
// records and a Q&A session of 11,000 questions (a 10,000 backlog, then 1,000 more in saves of 25, as at
// 100/s), read back from session storage. Storage is modelled by structured clones (what storage.session
// does); the browser's own per-key cost is not included, so the keys read are a figure of their own (in
// Chrome, reading 11,000 keys took about 2 s: session.restore_cold_ms in moderator.bench.ts).
// Figures: session.restore_ms (median) / _p95_ms / _samples, session.restore_keys_read (keys that exist,
// read by one restore), storage.bytes_written_per_question_unit (the 1,000 saves, compactions included).
//
// Then the cold restore in the real browser, split into phases (coldFigures below): the production build
// in Chromium against the sandbox with the session moderator.bench.ts restores for the official figure
// (session.restore_cold_ms): a backlog of 10,000 questions, then 1,000 ingested at 100/s (saved as deltas
// on the backlog's chunks), the worker stopped through the DevTools protocol, a panel opened, until it shows
// the queue again: one procedure for both benches (test/bench/cold-restore.ts). Every phase is a moment
// after the stop (median ms over the samples): the worker's own User Timing marks (lib/platform/timeline.ts),
// the panel's marks and a MutationObserver on its pending count and list.
//   session.restore_cold_phase_queue_shown_ms: the panel shows the queue (its count and first rows);
//     _total_ms when the bench saw it (a 50 ms poll); _samples.
//   session.restore_cold_phase_{page_opened,panel_script,panel_dom,worker_started,worker_main,
//     background_created,panel_connected,tabs_restored,qna_read,qna_built,saved_head,head_posted,head_shown,
//     snapshot_posted,panel_head_received,panel_head_applied,panel_head_shown,panel_snapshot_received,
//     panel_snapshot_applied,panel_count_shown,panel_rows_shown,rescan_asked,batch_received}_ms
//   A large snapshot reaches the panel head first (lib/session/qna/head.ts): the count and first rows show
//   from the head; panel_snapshot_applied is when the panel holds the whole list.
//   session.restore_cold_phase_rescan_rows: rows in the content script's first report to the new worker
//     (the whole backlog when it re-reports everything; 0 when the worker says what it restored).
//   These after an idle stop: the panel head the background saves once saves are quiet 1 s is in storage.
//   session.restore_cold_nohead_phase_*: the same without it (a worker stopped within 1 s of its last save).
// BENCH_SKIP_COLD=1 skips the browser part, BENCH_SKIP_INPROC=1 the in-process one, BENCH_NOHEAD=0 the
// restores without a saved head; BENCH_BACKLOG, BENCH_INGEST (1,000), BENCH_COLD_RESTORES (7) set the
// session and samples; BENCH_PROFILE=dir writes CPU profiles of the panel, the worker and the event page
// during the first cold restore of each kind (test/bench/cpu-profile.ts). Two builds interleaved:
// test/bench/restore-ab.ts.
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
import { coldRestore, phaseLine, type ColdRestoreOptions } from './cold-restore';

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
// BENCH_INGEST=N: N more questions after the backlog is saved, at 100/s, as moderator.bench.ts ingests them
// (they are saved as deltas on top of the backlog's chunks), before the restores: the official figure's session.
const COLD_INGEST = Number(process.env.BENCH_INGEST ?? 1_000);
const ENTRY = '1_sessiona1';
const SITE = 'https://1234567.events.kaltura.com';

/** One browser with the extension (a build directory, or the default one) and the session's tab, ready to restore. */
export interface ColdRig {
  h: ChromiumHarness;
  tabId: number;
  event: Page;
  panel: Page;
}

/** The sandbox's backlog (once, for every browser that opens the session). */
export function seedBacklog(sb: Sandbox, backlog = COLD_BACKLOG): void {
  for (let i = 0; i < backlog; i++) ask(sb, i, `Backlog question ${i}: what about topic ${i % 211}?`);
}

/** Questions after the backlog at 100/s (every browser's widget gets them). */
export async function ingest(sb: Sandbox, from: number, count: number): Promise<void> {
  const started = Date.now();
  for (let i = 0; i < count; i++) {
    const wait = started + i * 10 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait)); // pacing the ingest at 100/s
    ask(sb, from + i, `Bench question ${i}: how does feature ${i % 97} scale past ${i} users?`);
  }
}

/** Opens the session's moderator page and a panel on it, until the panel has `count` pending. */
export async function openRig(sb: Sandbox, count: number, extensionDir?: string): Promise<ColdRig> {
  const h = await ChromiumHarness.launch({ sandboxPort: sb.port, defaultThrottling: true, ...(extensionDir ? { extensionDir } : {}) });
  const event = await h.openTab(`${SITE}/chatandcollaboration/index/moderator?entryId=${ENTRY}`);
  await event.waitForSelector('#kep-widget-1[data-kep-connection="live"]', { timeout: 60_000 });
  const tabId = await h.tabIdOf(event);
  const panel = await h.openPanel(tabId);
  await waitPending(panel, count, 180_000);
  return { h, tabId, event, panel };
}

/** Until the rig's panel shows `count` pending and storage.session holds them all. */
export async function settled(rig: ColdRig, count: number): Promise<void> {
  await waitPending(rig.panel, count, 60_000);
  await waitAllSaved(rig.h, rig.tabId, count);
}

/** One cold restore of the rig (its panel is replaced by the new one). */
export async function restoreOnce(rig: ColdRig, expected: number, opts: Omit<ColdRestoreOptions, 'expected'> = {}): Promise<Record<string, number>> {
  const { panel, phases } = await coldRestore(rig.h, rig.tabId, rig.panel, { expected, ...opts });
  rig.panel = panel;
  return phases;
}

/** Medians of the samples' phases as figures `${prefix}_{phase}_ms` (and `_samples` where some lack it). */
export function phaseFigures(prefix: string, samples: Array<Record<string, number>>): Record<string, number> {
  const figures: Record<string, number> = { [`${prefix}_samples`]: samples.length };
  const names = new Set(samples.flatMap((s) => Object.keys(s)));
  for (const name of names) {
    const values = samples.map((s) => s[name]).filter((v): v is number => v !== undefined && Number.isFinite(v));
    if (!values.length) continue;
    if (name === 'saved_head_missing') {
      figures[`${prefix}_saved_head_missing_samples`] = values.length;
      continue;
    }
    const key = name === 'rescan_rows' ? `${prefix}_rescan_rows` : `${prefix}_${name}_ms`;
    figures[key] = percentile(values, 50);
    if (values.length !== samples.length) figures[`${key.replace(/_ms$/, '')}_samples`] = values.length;
  }
  return figures;
}

async function coldFigures(): Promise<Record<string, number>> {
  const sb = await startSandbox({ port: 0 });
  try {
    seedBacklog(sb);
    const rig = await openRig(sb, COLD_BACKLOG);
    try {
      await waitAllSaved(rig.h, rig.tabId, COLD_BACKLOG);
      const total = COLD_BACKLOG + COLD_INGEST;
      if (COLD_INGEST) {
        await ingest(sb, COLD_BACKLOG, COLD_INGEST);
        await settled(rig, total);
      }
      const profileDir = process.env.BENCH_PROFILE;
      const debugTimeline = !!process.env.BENCH_DEBUG_TIMELINE;
      const figures: Record<string, number> = {};
      // With the saved head (after an idle stop), then without it (a worker stopped within 1 s of its last save).
      for (const [savedHead, prefix] of [['wait', 'session.restore_cold_phase'], ['drop', 'session.restore_cold_nohead_phase']] as const) {
        if (savedHead === 'drop' && process.env.BENCH_NOHEAD === '0') continue;
        const samples: Array<Record<string, number>> = [];
        for (let i = 0; i < COLD_RESTORES; i++) {
          const phases = await restoreOnce(rig, total, { savedHead, allPhases: true, debugTimeline, event: rig.event, ...(profileDir && i === 0 ? { profileDir: `${profileDir}/${savedHead}` } : {}) });
          samples.push(phases);
          console.error(`[restore bench] cold restore ${i}, saved head ${savedHead} (ms after the stop): ${phaseLine(phases)}`);
        }
        Object.assign(figures, phaseFigures(prefix, samples));
      }
      return figures;
    } finally {
      await rig.h.close();
    }
  } finally {
    await sb.close();
  }
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
