// One cold restore in the real browser, as moderator.bench.ts (the official session.restore_cold_ms) and
// session-restore.bench.ts (its phases) both measure it: the extension's service worker stopped through the
// DevTools protocol with a large Q&A session saved, a new panel page opened on the tab, until the moderator
// sees the queue again.
//
// The end: the moment the panel shows the queue, that is its pending count at the expected number AND the
// pending questions' first rows drawn (each from the panel's own MutationObserver: the DOM change itself, not
// when a poll saw it). A large session reaches the panel head first (lib/session/qna/head.ts): count and
// rows come with the head, the whole list after it.
//
// The state before the stop (`savedHead`): the background writes the panel head of a large session to
// storage once its saves have been quiet 1 s (lib/session/qna/manager.ts), and a restarted worker posts it
// before it has read the rows; the panel reads it itself too, before its bundle runs (panel_saved_read,
// panel_saved_applied: lib/panel/saved-head.ts). Chrome stops an idle worker after 30 s without events, so after an idle stop
// the head is always there: 'wait' (the default) waits for it before the stop. 'drop' removes it before the
// stop: a worker that stopped within a second of its last save (killed, crashed). Left to chance (a bench
// that stops the worker at once after a restore or an ingest), some samples had a head and some did not.
import type { Page } from 'playwright-core';
import type { ChromiumHarness } from '../e2e/harness/chromium';
import { PANEL_TIMELINE_SCRIPT } from './page-recorders';
import { profilePage, profileWorker, type TargetProfiler } from './cpu-profile';

export type SavedHead = 'wait' | 'drop';

export interface ColdRestoreOptions {
  /** The pending count the panel shows once restored. */
  expected: number;
  savedHead?: SavedHead;
  /** Also wait for the content script's report and the whole list (so their phases are in the sample). */
  allPhases?: boolean;
  /** CPU profiles of the panel, the worker and the event page into this directory. */
  profileDir?: string;
  event?: Page;
  debugTimeline?: boolean;
}

export const WORKER_MARKS = ['worker_main', 'background_created', 'panel_connected', 'tabs_restored', 'qna_read', 'qna_built', 'saved_head', 'snapshot_post', 'head_posted', 'head_shown', 'snapshot_posted', 'rescan_asked', 'batch_received'] as const;
export const PANEL_MARKS = ['panel_saved_read', 'panel_saved_applied', 'panel_port_opened', 'panel_head_received', 'panel_head_applied', 'panel_head_shown', 'panel_snapshot_received', 'panel_snapshot_applied'] as const;

type Marks = { origin: number; marks: Array<[string, number, unknown]> };
const readMarks = `(() => ({ origin: performance.timeOrigin, marks: performance.getEntriesByType('mark').filter((m) => m.name.startsWith('cnc:')).map((m) => [m.name.slice(4).replaceAll('-', '_'), m.startTime, m.detail ?? null]) }))()`;

/** The saved panel head of the tab, as its key holds it now: its length in characters (0: none). */
export async function savedHeadLength(h: ChromiumHarness, tabId: number): Promise<number> {
  return (await h.swEval(async (tab) => {
    const key = `qna:${tab}:h`;
    const value = (await (globalThis as any).chrome.storage.session.get(key))[key];
    return typeof value === 'string' ? value.length : 0;
  }, tabId)) as number;
}

/** Puts the saved head as `mode` says; false when 'wait' found none (a session past the per-tab cap has none). */
async function prepareHead(h: ChromiumHarness, tabId: number, mode: SavedHead): Promise<boolean> {
  if (mode === 'drop') {
    await h.swEval(async (tab) => (globalThis as any).chrome.storage.session.remove(`qna:${tab}:h`), tabId);
    return true;
  }
  const end = Date.now() + 15_000;
  while ((await savedHeadLength(h, tabId)) === 0) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 100)); // polling storage, bounded above
  }
  return true;
}

/**
 * Stops the worker (the panel given is closed first) and opens a new panel on the tab; returns the new panel
 * and the phases of the restore, in ms after the stop. `queue_shown` is the figure.
 */
export async function coldRestore(h: ChromiumHarness, tabId: number, panel: Page, opts: ColdRestoreOptions): Promise<{ panel: Page; phases: Record<string, number> }> {
  const headReady = await prepareHead(h, tabId, opts.savedHead ?? 'wait');
  if (!headReady) console.error('[cold restore] no saved panel head after 15 s (it is saved once saves are quiet 1 s, not past the per-tab cap): restoring without');
  await panel.close();
  await h.stopServiceWorker();
  const t0 = Date.now();
  const profileDir = opts.profileDir;
  const eventProfiler = profileDir && opts.event ? await profilePage(h.context, opts.event) : null;
  panel = await h.context.newPage();
  const phases: Record<string, number> = { page_opened: Date.now() - t0, ...(headReady ? {} : { saved_head_missing: 1 }) };
  // The panel's own timeline: when its script ran, its DOM was ready, each pending count shown, the first row.
  await panel.addInitScript(PANEL_TIMELINE_SCRIPT);
  if (opts.debugTimeline) {
    await panel.addInitScript(`addEventListener('DOMContentLoaded', () => { const seen = {}; new MutationObserver(() => {
      for (const [k, sel] of [['main', 'main[data-testid=panel]'], ['attached', 'main[data-state=attached]'], ['qna', '[data-testid=qna]'], ['inbox', '[data-testid=qna-tab-pending]'], ['list', '[data-testid=qna-list]'], ['rest', '[data-testid=qna-loading-rest]']])
        if (!seen[k] && document.querySelector(sel)) { seen[k] = 1; window.__timeline.push(['el:' + k, Date.now()]); }
    }).observe(document.body, { subtree: true, childList: true, attributes: true }); })
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__timeline.push(['long' + Math.round(e.duration), Math.round(performance.timeOrigin + e.startTime)]); }).observe({ type: 'longtask', buffered: true });`);
  }
  const panelProfiler = profileDir ? await profilePage(h.context, panel) : null;
  // The worker from as soon as it runs (it starts when the panel's tab opens): the first ms are missed.
  const workerProfiler = profileDir ? profileWorkerOnceUp(h) : null;
  await panel.goto(`chrome-extension://${h.extensionId}/sidepanel.html?tab=${tabId}`);
  await panel.waitForFunction(
    (n) =>
      Number(document.querySelector('[data-testid="qna-count-pending"]')?.textContent ?? NaN) >= n &&
      document.querySelector('[data-testid="qna-list"] [data-testid="qna-item"]') !== null,
    opts.expected,
    { timeout: 60_000, polling: 50 },
  );
  phases.total = Date.now() - t0;
  let worker: Marks = { origin: 0, marks: [] };
  const readWorker = async () =>
    (worker = (await h.swEval(
      () => ({
        origin: performance.timeOrigin,
        marks: performance
          .getEntriesByType('mark')
          .filter((m) => m.name.startsWith('cnc:'))
          .map((m) => [m.name.slice(4).replaceAll('-', '_'), m.startTime, (m as PerformanceMark).detail ?? null] as [string, number, unknown]),
      }),
      null,
    )) as Marks);
  if (opts.allPhases) {
    // The content script's report to the new worker may come after the panel shows the queue: wait for it
    // (bounded) so its phase is in every sample.
    for (const end = Date.now() + 10_000; Date.now() < end; ) {
      if ((await readWorker()).marks.some(([n]) => n === 'batch_received')) break;
      await new Promise((r) => setTimeout(r, 100)); // polling the worker's marks, bounded above
    }
    // The whole list comes after the head on the same port: wait for it (bounded).
    await panel.waitForFunction(() => performance.getEntriesByName('cnc:panel-snapshot-applied').length > 0, null, { timeout: 30_000, polling: 50 }).catch(() => undefined);
  } else await readWorker();
  const own = (await panel.evaluate(readMarks)) as Marks;
  const timeline = (await panel.evaluate('window.__timeline')) as Array<[string, number]>;
  if (opts.debugTimeline) console.error(`[cold restore] panel timeline: ${timeline.map(([w, at]) => `${w} ${at - t0}`).join(', ')}`);
  phases.worker_started = Math.round(worker.origin) - t0;
  for (const [name, at, detail] of worker.marks) {
    if ((WORKER_MARKS as readonly string[]).includes(name)) phases[name] = Math.round(worker.origin + at) - t0;
    if (name === 'batch_received') phases.rescan_rows = Number(detail);
  }
  for (const [name, at] of own.marks) if ((PANEL_MARKS as readonly string[]).includes(name)) phases[name] = Math.round(own.origin + at) - t0;
  for (const [what, at] of timeline) {
    if (what === 'script') phases.panel_script = at - t0;
    if (what === 'dom') phases.panel_dom = at - t0;
    if (what === 'rows' && phases.panel_rows_shown === undefined) phases.panel_rows_shown = at - t0;
    // The first time the count shows the whole queue (with debugTimeline the same count is noted again
    // after each element mark: a later one is not when it showed).
    if (what.startsWith('count:') && Number(what.slice(6)) >= opts.expected && phases.panel_count_shown === undefined) phases.panel_count_shown = at - t0;
  }
  // The queue is shown once both are: its count and its rows (the same render, as the head brings both).
  const shown = Math.max(phases.panel_count_shown ?? NaN, phases.panel_rows_shown ?? NaN);
  phases.queue_shown = Number.isFinite(shown) ? shown : phases.total;
  await panelProfiler?.stop(`${profileDir}/restore-cold-panel.cpuprofile`);
  await (await workerProfiler)?.stop(`${profileDir}/restore-cold-worker.cpuprofile`);
  await eventProfiler?.stop(`${profileDir}/restore-cold-event.cpuprofile`);
  return { panel, phases };
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

/** A phase line for the log: the phases in the order they came. */
export function phaseLine(phases: Record<string, number>): string {
  return Object.entries(phases)
    .sort((a, b) => a[1] - b[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}
