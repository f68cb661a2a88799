// The event page's main-thread load, shared by the page-overhead figures: Chromium's DevTools protocol
// Performance metrics (TaskDuration: main-thread task time) over a window, on the moderator view of the
// sandbox, with or without the extension attached. Default throttling (what a moderator's browser does).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CDPSession, Page } from 'playwright-core';
import type { AudienceConfig } from '../../sandbox/audience/audience';
import type { Sandbox } from '../../sandbox/server';
import { ChromiumHarness } from '../e2e/harness/chromium';
import { waitFor } from '../e2e/harness/wait';
import { BUCKETS, browserPids, type CpuDelta, delta, snapshot } from './process-cpu';
import { percentile } from './stats';

export const SITE = 'https://1234567.events.kaltura.com';
export const moderatorUrl = (entryId: string) => `${SITE}/chatandcollaboration/index/moderator?entryId=${entryId}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Only chat: the stream the page figures are named after ("at 200 chat messages per second"). */
export const CHAT_ONLY = { ask: 0, chat: 1, upvote: 0, react: 0, chatReact: 0, vote: 0 };

export interface BusyWindow {
  /** Main-thread task seconds per wall second over the window (TaskDuration: wall time inside tasks). */
  busy: number;
  /** Main-thread CPU seconds per wall second (ThreadTime): apart from time the thread waited for a core. */
  cpu: number;
  /** Chat messages the sandbox took during the window (the page had them to render). */
  messages: number;
  /** Audience actions the replayed stream started during the window (both sides of a pair: the same). */
  actions: number;
  seconds: number;
  /** The machine's 1-minute load average at the window's end: how many others wanted the 2 cores. */
  load: number;
  /** Main-thread task seconds over the window (busy × seconds). */
  task: number;
  /** Main-thread CPU seconds over the window (cpu × seconds). */
  thread: number;
  /**
   * CPU and run-queue wait of each process (and thread that matters) of this side's browser over the same
   * window, and of this Node process (the bench and the sandbox both sides talk to); absent off Linux.
   */
  procs?: CpuDelta;
}

export async function taskSeconds(cdp: CDPSession): Promise<{ task: number; thread: number }> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
  return { task: get('TaskDuration'), thread: get('ThreadTime') };
}

export interface SideOptions {
  entryId: string;
  withExtension: boolean;
  /** Another build of the extension (the CLI's A/B of two builds); default: this worktree's .output. */
  extensionDir?: string;
  ready?: (panel: Page) => Promise<void>;
}

export interface Side {
  cdp: CDPSession;
  /** The side's browser process (Linux; for the per-process figures). */
  browserPid?: number;
  /** The panel (with the extension), for tools that look at its side too. */
  panel?: Page;
  harness: ChromiumHarness;
  close(): Promise<void>;
}

/** One browser with the moderator page of `entryId` open and live (with the extension: a panel open on it). */
export async function openSide(sb: Sandbox, opts: SideOptions): Promise<Side> {
  const linux = process.platform === 'linux';
  const browsersBefore = new Set(linux ? browserPids() : []);
  const h = await ChromiumHarness.launch({ sandboxPort: sb.port, defaultThrottling: true, withExtension: opts.withExtension, extensionDir: opts.extensionDir });
  try {
    // The browser this launch started (sides are opened one after another, so exactly one is new).
    const browserPid = linux ? browserPids().find((p) => !browsersBefore.has(p)) : undefined;
    const event = await h.openTab(moderatorUrl(opts.entryId));
    await event.waitForSelector('#kep-widget-1[data-kep-connection="live"]', { timeout: 90_000 }); // a loaded machine (load 27 on 2 cores) took over 30 s
    let panel: Page | undefined;
    if (opts.withExtension) {
      panel = await h.openPanel(await h.tabIdOf(event));
      if (opts.ready) await opts.ready(panel);
      // The panel opened in a tab of its own, in front: the event page behind it gets no animation frames,
      // which made it look half as busy with the extension as without. A side panel sits beside the page;
      // the page is the front tab in both runs.
      await event.bringToFront();
    }
    const cdp = await h.context.newCDPSession(event);
    await cdp.send('Performance.enable');
    return { cdp, browserPid, panel, harness: h, close: () => h.close() };
  } catch (e) {
    await h.close();
    throw e;
  }
}

// ------------------------------------------------------------ one browser, ours switched off and on
// BENCH_OVERHEAD_MODE=toggle: both sides of every pair in one browser. A helper extension (written to a
// temporary directory, permission "management") switches ours off for the windows without it and on for
// the windows with it (chrome.management.setEnabled), each window on a fresh event tab (and, with ours on,
// a fresh panel). Two launches of the same browser differ by more than the effect measured: the page's
// busy fraction without us varied by ±12 % between launches here, single pairs' ratios from 0.97 to 1.17.
// In one browser the process layout, the GPU path and the browser's own caches are the same on both sides.
// What the "without" side still has that a browser without us has not: our extension disabled (no content
// script, no worker, no panel), the helper's idle page in a background tab.

const TOGGLER_MANIFEST = {
  manifest_version: 3,
  name: 'CnC Moderator bench switch',
  version: '1.0',
  description: 'Switches the extension under test off and on between bench windows.',
  permissions: ['management', 'tabs'],
  background: { service_worker: 'toggler.js' },
};

export class ToggleBrowser {
  private constructor(
    readonly harness: ChromiumHarness,
    private readonly control: Page,
    readonly browserPid: number | undefined,
  ) {}

  static async launch(sb: Sandbox, extensionDir?: string): Promise<ToggleBrowser> {
    const dir = mkdtempSync(path.join(tmpdir(), 'cnc-bench-switch-'));
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(TOGGLER_MANIFEST));
    writeFileSync(path.join(dir, 'toggler.js'), '// chrome.management is driven from switch.html\n');
    writeFileSync(path.join(dir, 'switch.html'), '<!doctype html><title>switch</title>');
    const linux = process.platform === 'linux';
    const before = new Set(linux ? browserPids() : []);
    const h = await ChromiumHarness.launch({ sandboxPort: sb.port, defaultThrottling: true, extensionDir, otherExtensions: [dir] });
    try {
      const browserPid = linux ? browserPids().find((p) => !before.has(p)) : undefined;
      const isSwitch = (w: { url(): string }) => w.url().endsWith('/toggler.js');
      const sw = h.context.serviceWorkers().find(isSwitch) ?? (await h.context.waitForEvent('serviceworker', { predicate: isSwitch, timeout: 20_000 }));
      // A page, not the helper's worker: a worker idle for 30 s is stopped, a page is not.
      const control = await h.context.newPage();
      await control.goto(`chrome-extension://${new URL(sw.url()).host}/switch.html`);
      return new ToggleBrowser(h, control, browserPid);
    } catch (e) {
      await h.close();
      throw e;
    }
  }

  async setEnabled(on: boolean): Promise<void> {
    await this.control.evaluate(async ([id, on]) => {
      const c = (globalThis as any).chrome;
      await c.management.setEnabled(id, on);
    }, [this.harness.extensionId, on] as const);
  }

  /** One side in this browser: a fresh event tab (ours on: with a panel on it); close() closes those pages only. */
  async open(sb: Sandbox, opts: SideOptions): Promise<Side> {
    await this.setEnabled(opts.withExtension);
    const event = await this.harness.context.newPage();
    const pages: Page[] = [event];
    const close = async () => {
      for (const p of pages.reverse()) await p.close().catch(() => {});
    };
    try {
      await event.goto(moderatorUrl(opts.entryId));
      await event.waitForSelector('#kep-widget-1[data-kep-connection="live"]', { timeout: 90_000 });
      let panel: Page | undefined;
      if (opts.withExtension) {
        const url = event.url();
        const tabId = await waitFor(
          'the event tab in chrome.tabs',
          () => this.control.evaluate(async (u) => ((await (globalThis as any).chrome.tabs.query({})) as { id: number; url?: string }[]).find((t) => t.url === u)?.id ?? null, url),
          (id) => id !== null,
          { timeout: 10_000 },
        );
        // Switched on again, ours starts a new worker: the panel page waits for its root like any panel.
        panel = await this.harness.openPanel(tabId!);
        pages.push(panel);
        // Ours attached to this tab (its content script ran on it, switched on before the tab opened): a
        // window "with" in which it had not would measure nothing of ours.
        const state = () => panel!.locator('[data-testid=panel]').getAttribute('data-state');
        await waitFor('the panel attached to the event tab', state, (s) => s === 'attached', { timeout: 30_000 });
        if (opts.ready) await opts.ready(panel);
        await event.bringToFront(); // the page in front, the panel beside it (see openSide)
      }
      const cdp = await this.harness.context.newCDPSession(event);
      await cdp.send('Performance.enable');
      return { cdp, browserPid: this.browserPid, panel, harness: this.harness, close };
    } catch (e) {
      await close();
      throw e;
    }
  }

  close(): Promise<void> {
    return this.harness.close();
  }
}

/** Until the page's widget lists the chat message `id` (polled over the DevTools protocol), or `timeoutMs`. */
async function untilListed(cdp: CDPSession, id: string, timeoutMs: number): Promise<void> {
  const expression = `!!document.querySelector('[data-kep-message-id=${JSON.stringify(id)}]')`;
  const end = Date.now() + timeoutMs;
  for (;;) {
    const { result } = (await cdp.send('Runtime.evaluate', { expression })) as { result: { value?: boolean } };
    if (result.value) return;
    if (Date.now() > end) throw new Error(`the page never listed message ${id}`);
    await sleep(50); // polling the page: no event to wait on from here
  }
}

/** The stream's actions started so far (the audience's plan position since its last start). */
const actionsSoFar = (sb: Sandbox) => sb.control.audience.status().planned;

/**
 * Until the stream has started `n` actions since its start, or `timeoutMs` passed (an audience that fell
 * behind on a loaded machine: the window then holds fewer actions, which the figures report).
 */
async function untilActions(sb: Sandbox, n: number, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (actionsSoFar(sb) < n && Date.now() < end) await sleep(10); // polling an in-process counter
}

/**
 * Task and CPU time of each page over the same window (one page or several at once): `windowMs` of wall
 * time, or with a replayed stream the next `windowMs × rate` of its actions (the same actions on every
 * side, however long the machine took to send them).
 */
async function windowOf(sb: Sandbox, entryId: string, sides: Side[], windowMs: number, stream?: StreamSpec): Promise<BusyWindow[]> {
  const messagesBefore = sb.world.session(entryId).messages.length;
  const actionsBefore = actionsSoFar(sb);
  const t0 = Date.now();
  const procsBefore = sides.map((s) => (s.browserPid ? snapshot(s.browserPid) : null));
  const before = await Promise.all(sides.map((s) => taskSeconds(s.cdp)));
  if (stream) await untilActions(sb, actionsBefore + Math.round((windowMs / 1000) * stream.rate), windowMs * 4);
  else await sleep(windowMs);
  const after = await Promise.all(sides.map((s) => taskSeconds(s.cdp)));
  const procsAfter = sides.map((s) => (s.browserPid ? snapshot(s.browserPid) : null));
  const seconds = (Date.now() - t0) / 1000;
  const messages = sb.world.session(entryId).messages.length - messagesBefore;
  const actions = actionsSoFar(sb) - actionsBefore;
  const load = loadavg()[0]!;
  return sides.map((_, i) => ({
    busy: (after[i]!.task - before[i]!.task) / seconds,
    cpu: (after[i]!.thread - before[i]!.thread) / seconds,
    task: after[i]!.task - before[i]!.task,
    thread: after[i]!.thread - before[i]!.thread,
    messages,
    actions,
    seconds,
    load,
    procs: procsBefore[i] && procsAfter[i] ? delta(procsBefore[i]!, procsAfter[i]!, (after[i]!.thread - before[i]!.thread) * 1000) : undefined,
  }));
}

/** Before the window: the stream's first `settleMs × rate` actions (or `settleMs` without a stream). */
async function settle(sb: Sandbox, settleMs: number, stream?: StreamSpec): Promise<void> {
  if (stream) await untilActions(sb, Math.round((settleMs / 1000) * stream.rate), settleMs * 4);
  else await sleep(settleMs); // the first read of the widget is not the steady state (pacing, not a wait for a result)
}

/**
 * The stream a side is measured on. With `stream`, the sandbox's seeded audience is started afresh for each
 * window (the same seed: the same plan of actions, the same senders and texts, at the same offsets from its
 * start) and stopped after it: every window of every pair sees the identical stream from the moment the
 * page is settled, replayed by the sandbox's own control API. Without it, the caller's running audience
 * goes on (what each window sees then differs).
 */
async function withStream<T>(sb: Sandbox, entryId: string, stream: StreamSpec | undefined, measure: () => Promise<T>): Promise<T> {
  if (!stream) return measure();
  sb.control.audience.start({ ...stream, entryIds: [entryId] });
  try {
    return await measure();
  } finally {
    await sb.control.audience.stop();
  }
}

/** The seeded audience each window replays (the audience's config without the sessions: the page's own). */
export type StreamSpec = Omit<AudienceConfig, 'entryIds'>;

type ProfileHook = (cdp: CDPSession) => Promise<() => Promise<void>>;

/**
 * One window on a fresh browser: the moderator page of `entryId` (and, with the extension, a panel open
 * on it and `ready(panel)` true), then the stream (replayed from its start when given) for `settleMs`,
 * then TaskDuration over `windowMs`.
 */
export async function pageBusy(sb: Sandbox, opts: SideOptions & { windowMs: number; settleMs?: number; stream?: StreamSpec; profile?: ProfileHook; browser?: ToggleBrowser }): Promise<BusyWindow> {
  const side = opts.browser ? await opts.browser.open(sb, opts) : await openSide(sb, opts);
  try {
    return await withStream(sb, opts.entryId, opts.stream, async () => {
      await settle(sb, opts.settleMs ?? 2_000, opts.stream);
      const stopProfile = opts.profile ? await opts.profile(side.cdp) : null;
      const [w] = await windowOf(sb, opts.entryId, [side], opts.windowMs, opts.stream);
      if (stopProfile) await stopProfile();
      return w!;
    });
  } finally {
    await side.close();
  }
}

/**
 * Both pages at once, each in its own browser, measured over the same window: the same messages at the
 * same moments, and the same machine load on both sides (see pairedRuns).
 */
export async function concurrentPair(
  sb: Sandbox,
  opts: Omit<SideOptions, 'withExtension'> & { windowMs: number; settleMs?: number; stream?: StreamSpec; profile?: ProfileHook; withFirst?: boolean },
): Promise<{ without: BusyWindow; with: BusyWindow }> {
  // The side opened first has run longer when the window starts: pairedRuns alternates which one it is.
  const first = await openSide(sb, { ...opts, withExtension: !!opts.withFirst });
  try {
    const second = await openSide(sb, { ...opts, withExtension: !opts.withFirst });
    const [without, withExt] = opts.withFirst ? [second, first] : [first, second];
    try {
      return await withStream(sb, opts.entryId, opts.stream, async () => {
        await settle(sb, opts.settleMs ?? 2_000, opts.stream);
        const stopProfile = opts.profile ? await opts.profile(withExt.cdp) : null;
        const [wo, w] = await windowOf(sb, opts.entryId, [without, withExt], opts.windowMs, opts.stream);
        if (stopProfile) await stopProfile();
        return { without: wo!, with: w! };
      });
    } finally {
      await second.close();
    }
  } finally {
    await first.close();
  }
}

// ------------------------------------------------------------ paired runs
// One window says little on a machine other work shares: its load drifts by tens of percent within
// seconds (a load average of 19 on 2 cores was seen while helpers built and tested). Task time
// (TaskDuration) is wall time inside tasks, so the time a task waited for a core counts.
//
// What makes a pair a fair comparison:
// - The identical stream on both sides (`stream`): the sandbox's seeded audience replayed from its start
//   for each window (withStream), so both pages render the same messages at the same offsets. Before,
//   one audience ran on through every window: the two sides saw different messages, in numbers that
//   differed with the machine's load (the audience falls behind on a loaded machine), and a page with less
//   to render looked lighter for nothing it did. Each side's actions in the window are recorded
//   (`page.stream_actions_*`, and the largest difference within a pair, `page.stream_mismatch_max_pct_*`).
// - Each page measured alone (`sequential`, the default): a concurrent pair is two browsers (one with a
//   panel and a service worker) and the sandbox on 2 cores, and each page's task time then includes the
//   time it waited for the core its twin held (0.82 busy for 0.34 CPU at 200 chat messages/s).
//   BENCH_OVERHEAD_MODE=concurrent measures both at once (the same broadcast at the same moments).
// - Order balanced (ABBA): pair 0 without-then-with, pair 1 with-then-without, and so on, with an even
//   number of pairs (an odd count is rounded up): a drift in the machine's load (or the session's history
//   growing from window to window) falls on both sides equally often.
// - The figure is the median of the per-pair ratios, with a distribution-free interval for it (order
//   statistics of the ratios, the level given), the sample count, and the page's busy fraction without
//   the extension beside it (a ratio taken on a saturated page says nothing).
//
// And what the ratio tries to see through the noise, measured directly: a CPU profile of the page with the
// extension (extra windows after the pairs, so the profiler's own cost is in no ratio): our scripts' self
// time, with the built-ins they call (a port's post, querySelector), divided by the page's busy time in
// the same profile (`page.ext_self_time_fraction_*`), and per 1,000 chat messages the page took
// (`page.ext_self_ms_per_1000_messages_*`; our own frames only: `page.ext_js_self_ms_per_1000_messages_*`).
// Samples are capped at 1 ms (SAMPLE_CAP_US): on a loaded machine a sample's gap is mostly waiting for a
// core, so the figure stays the work done whatever else the machine runs.
//
// Also the ratio itself: each side's task time is over the same actions of the replayed stream (per
// action), not per wall second: an audience that fell behind on a loaded machine (the with-extension side
// has a panel and a worker wanting the cores too) stretched one side's window with fewer messages in it.

export interface PairedOptions {
  entryId: string;
  pairs: number;
  windowMs: number;
  settleMs?: number;
  ready?: (panel: Page) => Promise<void>;
  /** The seeded stream every window replays (see withStream); without it the caller's audience runs on. */
  stream?: StreamSpec;
  /** Another build of the extension (the CLI's EXT_DIR); default: this worktree's .output. */
  extensionDir?: string;
  /** Each pair as it is measured (the CLI prints them). */
  onPair?: (pair: number, without: BusyWindow, withExt: BusyWindow) => void;
  /** Profile the page in the with-extension window of these pairs (the CLI's PROFILE=1). */
  profileWith?: (pair: number) => ProfileHook | undefined;
  /** Extra with-extension windows after the pairs, each with a CPU profile: the attribution figures. */
  profileWindows?: number;
  /** Each profiled window: our scripts' self ms (with the built-ins they call, and their own frames only). */
  onProfile?: (totalMs: number, jsMs: number, w: BusyWindow) => void;
  mode?: OverheadMode;
}

export type OverheadMode = 'concurrent' | 'sequential' | 'toggle';
const MODES: readonly OverheadMode[] = ['concurrent', 'sequential', 'toggle'];
export const OVERHEAD_MODE: OverheadMode = MODES.find((m) => m === process.env.BENCH_OVERHEAD_MODE) ?? 'sequential';

export interface PairedResult {
  ratios: number[];
  cpuRatios: number[];
  busyWithout: number[];
  busyWith: number[];
  cpuWithout: number[];
  cpuWith: number[];
  /** Chat messages the sandbox took per window, both sides. */
  messages: number[];
  /** Stream actions per window, both sides. */
  actions: number[];
  /** Per pair: |with − without| actions over their mean, in percent. */
  actionMismatchPct: number[];
  /** Main-thread CPU ms per chat message the sandbox took, each window without the extension. */
  cpuMsPerMessageWithout: number[];
  /** The 1-minute load average at the end of each window. */
  loads: number[];
  /** Per profiled window: our scripts' self time / the page's task time, and self ms per 1,000 messages. */
  extSelfFraction: number[];
  extSelfMsPer1000: number[];
  /** The same, our scripts' own frames only (without the built-ins they call). */
  extJsSelfMsPer1000: number[];
  /** Per pair, each side's per-process CPU over its window (Linux; see process-cpu.ts). */
  procsWithout: (CpuDelta | undefined)[];
  procsWith: (CpuDelta | undefined)[];
  /** Per pair, each side's actions in its window (the per-process figures are per 1,000 of them). */
  actionsWithout: number[];
  actionsWith: number[];
  /** Per pair, the page's main-thread task time and CPU time, ms per 1,000 actions, each side. */
  taskPer1000Without: number[];
  taskPer1000With: number[];
  threadPer1000Without: number[];
  threadPer1000With: number[];
  mode: OverheadMode;
}

export async function pairedRuns(sb: Sandbox, opts: PairedOptions): Promise<PairedResult> {
  const mode = opts.mode ?? OVERHEAD_MODE;
  const r: PairedResult = {
    ratios: [],
    cpuRatios: [],
    busyWithout: [],
    busyWith: [],
    cpuWithout: [],
    cpuWith: [],
    messages: [],
    actions: [],
    actionMismatchPct: [],
    cpuMsPerMessageWithout: [],
    loads: [],
    extSelfFraction: [],
    extSelfMsPer1000: [],
    extJsSelfMsPer1000: [],
    procsWithout: [],
    procsWith: [],
    actionsWithout: [],
    actionsWith: [],
    taskPer1000Without: [],
    taskPer1000With: [],
    threadPer1000Without: [],
    threadPer1000With: [],
    mode,
  };
  const pairs = opts.pairs + (opts.pairs % 2); // ABBA needs an even count
  const browser = mode === 'toggle' ? await ToggleBrowser.launch(sb, opts.extensionDir) : undefined;
  try {
    return await pairsIn(sb, opts, r, pairs, { entryId: opts.entryId, windowMs: opts.windowMs, settleMs: opts.settleMs, ready: opts.ready, stream: opts.stream, extensionDir: opts.extensionDir, browser });
  } finally {
    await browser?.close();
  }
}

async function pairsIn(
  sb: Sandbox,
  opts: PairedOptions,
  r: PairedResult,
  pairs: number,
  common: { entryId: string; windowMs: number; settleMs?: number; ready?: (panel: Page) => Promise<void>; stream?: StreamSpec; extensionDir?: string; browser?: ToggleBrowser },
): Promise<PairedResult> {
  const mode = r.mode;
  for (let pair = 0; pair < pairs; pair++) {
    const side: Partial<Record<'with' | 'without', BusyWindow>> = {};
    if (mode === 'concurrent') {
      const both = await concurrentPair(sb, { ...common, profile: opts.profileWith?.(pair), withFirst: pair % 2 === 1 });
      side.with = both.with;
      side.without = both.without;
    }
    const order = side.with ? [] : pair % 2 ? [true, false] : [false, true];
    for (const withExtension of order) {
      side[withExtension ? 'with' : 'without'] = await pageBusy(sb, { ...common, withExtension, profile: withExtension ? opts.profileWith?.(pair) : undefined });
    }
    const w = side.with!;
    const wo = side.without!;
    // Task time over the same stream: per action, which is the plain task ratio when both sides saw all of
    // the window's actions, and fair when an audience that fell behind gave one side fewer. Without a
    // replayed stream, per wall second as before.
    const per = (x: BusyWindow, t: number) => (opts.stream ? t / Math.max(1, x.actions) : t / x.seconds);
    r.ratios.push(per(w, w.task) / per(wo, wo.task));
    r.cpuRatios.push(per(w, w.thread) / per(wo, wo.thread));
    r.busyWithout.push(wo.busy);
    r.busyWith.push(w.busy);
    r.cpuWithout.push(wo.cpu);
    r.cpuWith.push(w.cpu);
    r.messages.push(wo.messages, w.messages);
    r.actions.push(wo.actions, w.actions);
    r.actionMismatchPct.push((Math.abs(w.actions - wo.actions) / Math.max(1, (w.actions + wo.actions) / 2)) * 100);
    r.loads.push(wo.load, w.load);
    r.cpuMsPerMessageWithout.push((wo.cpu * wo.seconds * 1000) / Math.max(1, wo.messages));
    r.procsWithout.push(wo.procs);
    r.procsWith.push(w.procs);
    r.actionsWithout.push(wo.actions);
    r.actionsWith.push(w.actions);
    r.taskPer1000Without.push((wo.task * 1e6) / Math.max(1, wo.actions));
    r.taskPer1000With.push((w.task * 1e6) / Math.max(1, w.actions));
    r.threadPer1000Without.push((wo.thread * 1e6) / Math.max(1, wo.actions));
    r.threadPer1000With.push((w.thread * 1e6) / Math.max(1, w.actions));
    opts.onPair?.(pair, wo, w);
  }
  for (let i = 0; i < (opts.profileWindows ?? 0); i++) {
    let self = { js: 0, total: 0, busy: 0 };
    const w = await pageBusy(sb, {
      ...common,
      withExtension: true,
      profile: async (cdp) => {
        const stop = await startProfile(cdp);
        return async () => {
          self = extensionSelfUs(await stop());
        };
      },
    });
    // Over the page's busy time in the same profile (capped the same way): the task time the profiler saw.
    r.extSelfFraction.push(self.total / Math.max(1, self.busy));
    r.extSelfMsPer1000.push((self.total / 1000 / Math.max(1, w.messages)) * 1000);
    r.extJsSelfMsPer1000.push((self.js / 1000 / Math.max(1, w.messages)) * 1000);
    opts.onProfile?.(self.total / 1000, self.js / 1000, w);
  }
  return r;
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** One pair's per-process CPU, ms per 1,000 actions, without → with (the CLI prints it under each pair). */
export function procLine(wo: BusyWindow, w: BusyWindow): string {
  if (!wo.procs || !w.procs) return '  (no per-process figures off Linux)';
  const per = (ms: number, a: number) => ((ms / Math.max(1, a)) * 1000).toFixed(0);
  const cells = [...BUCKETS, 'node' as const]
    .map((b) => `${b} ${per(wo.procs![b].cpuMs, wo.actions)}→${per(w.procs![b].cpuMs, w.actions)}`)
    .filter((c) => !/ 0→0$/.test(c));
  const threads = (bucket: 'page_other' | 'ext_other') => {
    const [a, b] = [wo.procs!.otherByThread[bucket], w.procs!.otherByThread[bucket]];
    return [...new Set([...Object.keys(a), ...Object.keys(b)])]
      .map((k) => [k, a[k] ?? 0, b[k] ?? 0] as const)
      .filter(([, x, y]) => x + y > 0.5 * Math.max(1, wo.actions / 1000))
      .map(([k, x, y]) => `${k} ${per(x, wo.actions)}→${per(y, w.actions)}`)
      .join(', ');
  };
  return `  cpu ms/1000 actions: ${cells.join(', ')}\n  by thread: page_other ${threads('page_other')}; ext_other ${threads('ext_other')} | page_main wait ${per(wo.procs.page_main.waitMs, wo.actions)}→${per(w.procs.page_main.waitMs, w.actions)} | page task ${per(wo.task * 1000, wo.actions)}→${per(w.task * 1000, w.actions)}, its ThreadTime ${per(wo.procs.pageThreadMs, wo.actions)}→${per(w.procs.pageThreadMs, w.actions)}`;
}

/** The median (the mean of the middle two for an even count: nearest-rank would take the lower one). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  if (!n) return NaN;
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

/**
 * A distribution-free interval for the median of `values`: the k-th smallest and k-th largest, with k the
 * largest for which the interval holds the true median with probability ≥ `level` (binomial(n, ½) order
 * statistics); with too few values for that level, min and max, and the level they give.
 */
export function medianInterval(values: readonly number[], level = 0.9): { low: number; high: number; level: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (!n) return { low: NaN, high: NaN, level: 0 };
  // P(B ≤ j) for B ~ binomial(n, ½).
  const cdf: number[] = [];
  let c = 1;
  let acc = 0;
  for (let j = 0; j <= n; j++) {
    if (j > 0) c = (c * (n - j + 1)) / j;
    acc += c / 2 ** n;
    cdf.push(acc);
  }
  let k = 1;
  while (k + 1 <= Math.floor(n / 2) && 1 - 2 * cdf[k]! >= level) k++;
  return { low: sorted[k - 1]!, high: sorted[n - k]!, level: 1 - 2 * (k >= 1 ? cdf[k - 1]! : 0) };
}

/**
 * The figures of a paired run, named `page.<what>_<suffix>` (suffix: `at_200mps`, `at_60aps`): the median
 * ratio (the goal's figure), its interval, min and max, the pair count, the cpu ratio, the page's own load,
 * the stream each side saw, and (when profiled) our scripts' share of the page's task time.
 */
export function pairedFigures(r: PairedResult, suffix: string): Record<string, number> {
  const ci = medianInterval(r.ratios);
  return {
    [`page.overhead_ratio_${suffix}`]: r3(median(r.ratios)),
    [`page.overhead_ratio_ci_low_${suffix}`]: r3(ci.low),
    [`page.overhead_ratio_ci_high_${suffix}`]: r3(ci.high),
    [`page.overhead_ratio_ci_level_${suffix}`]: r3(ci.level),
    [`page.overhead_ratio_min_${suffix}`]: r3(Math.min(...r.ratios)),
    [`page.overhead_ratio_max_${suffix}`]: r3(Math.max(...r.ratios)),
    [`page.overhead_pairs_${suffix}`]: r.ratios.length,
    [`page.overhead_cpu_ratio_${suffix}`]: r3(median(r.cpuRatios)),
    [`page.busy_fraction_without_${suffix}`]: r3(percentile(r.busyWithout, 50)),
    [`page.busy_fraction_without_max_${suffix}`]: r3(Math.max(...r.busyWithout)),
    [`page.busy_fraction_with_${suffix}`]: r3(percentile(r.busyWith, 50)),
    [`page.cpu_fraction_without_${suffix}`]: r3(percentile(r.cpuWithout, 50)),
    [`page.cpu_fraction_with_${suffix}`]: r3(percentile(r.cpuWith, 50)),
    [`page.messages_per_window_${suffix}`]: percentile(r.messages, 50),
    [`page.stream_actions_per_window_${suffix}`]: percentile(r.actions, 50),
    [`page.stream_mismatch_max_pct_${suffix}`]: r3(Math.max(...r.actionMismatchPct)),
    // Per message taken: on a loaded machine the sandbox's audience falls short of its rate (86 instead of
    // 200 a second was seen at load 20), and a page with less to render looks lighter for nothing it did.
    [`page.cpu_ms_per_message_without_${suffix}`]: r3(percentile(r.cpuMsPerMessageWithout, 50)),
    [`page.overhead_windows_${suffix}`]: r.ratios.length * 2,
    [`page.overhead_sequential_${suffix}`]: r.mode === 'sequential' ? 1 : 0,
    // 1: both sides of each pair in one browser, ours switched off and on between windows (ToggleBrowser).
    [`page.overhead_one_browser_${suffix}`]: r.mode === 'toggle' ? 1 : 0,
    [`page.load_average_${suffix}`]: Math.round(percentile(r.loads, 50) * 100) / 100,
    ...processFigures(r, suffix),
    ...(r.extSelfFraction.length
      ? {
          [`page.ext_self_time_fraction_${suffix}`]: Math.round(median(r.extSelfFraction) * 10_000) / 10_000,
          [`page.ext_self_ms_per_1000_messages_${suffix}`]: Math.round(median(r.extSelfMsPer1000) * 10) / 10,
          [`page.ext_js_self_ms_per_1000_messages_${suffix}`]: Math.round(median(r.extJsSelfMsPer1000) * 10) / 10,
          [`page.ext_profile_windows_${suffix}`]: r.extSelfFraction.length,
        }
      : {}),
  };
}

/**
 * Where the time goes, per process: each bucket's CPU (and the page's main thread's wait for a core) in ms
 * per 1,000 stream actions, median over the pairs, without and with the extension; and the page's task time
 * beside its CPU time (the difference: time inside tasks the main thread was not running, mostly waiting
 * on a run queue while another process held the core). Figures named `page.proc_<bucket>_<with|without>_ms_per_1000_actions_<suffix>`.
 */
export function processFigures(r: PairedResult, suffix: string): Record<string, number> {
  const pairs = r.procsWith.map((w, i) => ({ w, wo: r.procsWithout[i], aw: r.actionsWith[i]!, awo: r.actionsWithout[i]! })).filter((p) => p.w && p.wo);
  if (!pairs.length) return {};
  const per1000 = (ms: number, actions: number) => (ms / Math.max(1, actions)) * 1000;
  const r1 = (x: number) => Math.round(x * 10) / 10;
  const out: Record<string, number> = {
    [`page.proc_pairs_${suffix}`]: pairs.length,
    [`page.task_without_ms_per_1000_actions_${suffix}`]: r1(median(r.taskPer1000Without)),
    [`page.task_with_ms_per_1000_actions_${suffix}`]: r1(median(r.taskPer1000With)),
    [`page.thread_without_ms_per_1000_actions_${suffix}`]: r1(median(r.threadPer1000Without)),
    [`page.thread_with_ms_per_1000_actions_${suffix}`]: r1(median(r.threadPer1000With)),
  };
  const total = (d: CpuDelta) => BUCKETS.reduce((sum, b) => sum + d[b].cpuMs, 0);
  for (const side of ['without', 'with'] as const) {
    const of = (p: (typeof pairs)[number]) => ({ d: (side === 'with' ? p.w : p.wo)!, a: side === 'with' ? p.aw : p.awo });
    for (const b of BUCKETS) out[`page.proc_${b}_${side}_ms_per_1000_actions_${suffix}`] = r1(median(pairs.map((p) => per1000(of(p).d[b].cpuMs, of(p).a))));
    out[`page.proc_page_main_wait_${side}_ms_per_1000_actions_${suffix}`] = r1(median(pairs.map((p) => per1000(of(p).d.page_main.waitMs, of(p).a))));
    out[`page.proc_browser_total_${side}_ms_per_1000_actions_${suffix}`] = r1(median(pairs.map((p) => per1000(total(of(p).d), of(p).a))));
    out[`page.proc_node_${side}_ms_per_1000_actions_${suffix}`] = r1(median(pairs.map((p) => per1000(of(p).d.node.cpuMs, of(p).a))));
  }
  return out;
}

async function startProfile(cdp: CDPSession): Promise<() => Promise<CpuProfile>> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return async () => ((await cdp.send('Profiler.stop')) as { profile: CpuProfile }).profile;
}

/**
 * A sample's time, capped: the profiler samples every 200 µs, and a gap of milliseconds before a sample is
 * the thread waiting for a core (on a loaded machine a port's post, which wakes another thread, was where
 * it lost its core: 5-27 ms gaps made postMessage look like three quarters of our cost), not the work of the
 * function sampled. Capped, a profile's times are the work done, as they would be on a quiet machine.
 */
const SAMPLE_CAP_US = 1_000;

/**
 * Time (µs, samples capped) of the extension's own scripts (content script, MAIN-world bridge) on the page's
 * thread: their frames' own samples (`js`), and with them the browser's built-ins they call directly
 * (`total`: a port's postMessage, querySelector, getAttribute: native frames whose caller is one of ours);
 * and of the page's thread busy at all (`busy`: every sample but idle), the same way.
 */
export function extensionSelfUs(p: CpuProfile): { js: number; total: number; busy: number } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const ours = new Set(p.nodes.filter((n) => n.callFrame.url.startsWith('chrome-extension://')).map((n) => n.id));
  const calledByOurs = new Set<number>();
  for (const n of p.nodes) if (ours.has(n.id)) for (const c of n.children ?? []) if (!byId.get(c)?.callFrame.url) calledByOurs.add(c);
  const idle = new Set(p.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  let js = 0;
  let native = 0;
  let busy = 0;
  p.samples.forEach((id, i) => {
    const us = Math.min(SAMPLE_CAP_US, p.timeDeltas[i] ?? 0);
    if (!idle.has(id)) busy += us;
    if (ours.has(id)) js += us;
    else if (calledByOurs.has(id)) native += us;
  });
  return { js, total: js + native, busy };
}

/**
 * A CPU profile of the page's main thread (every world: the page's scripts, our content script, the
 * MAIN-world bridge) over the window, written to `file`; `summary` gets self time per script and the
 * costliest functions of the extension's scripts.
 */
export function cpuProfile(file: string, summary: (text: string) => void): ProfileHook {
  return async (cdp) => {
    const stop = await startProfile(cdp);
    return async () => {
      const profile = await stop();
      writeFileSync(file, JSON.stringify(profile));
      summary(summarise(profile));
    };
  };
}

export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export function summarise(p: CpuProfile): string {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const byScript = new Map<string, number>();
  const byFn = new Map<string, number>();
  // Inclusive time of the extension's frames: a node counts once per sample even when nested.
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const ours = (url: string) => url.startsWith('chrome-extension://');
  let oursInclusive = 0;
  p.samples.forEach((id, i) => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      if (ours(byId.get(at)!.callFrame.url)) {
        oursInclusive += p.timeDeltas[i] ?? 0;
        break;
      }
    }
  });
  for (const [id, us] of self) {
    const f = byId.get(id)!.callFrame;
    const script = f.url ? f.url.replace(/^chrome-extension:\/\/[a-z]+/, 'ext:') : `(${f.functionName || 'program'})`;
    byScript.set(script, (byScript.get(script) ?? 0) + us);
    if (ours(f.url)) {
      const key = `${f.functionName || '(anonymous)'} ${script}:${f.lineNumber}:${f.columnNumber}`;
      byFn.set(key, (byFn.get(key) ?? 0) + us);
    }
  }
  const total = (p.endTime - p.startTime) / 1e6;
  const ms = (us: number) => `${(us / 1000).toFixed(0)} ms`;
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `  ${ms(v).padStart(8)}  ${k}`);
  const idle = byScript.get('((idle))') ?? 0;
  const busyUs = total * 1e6 - idle;
  return [`profile over ${total.toFixed(1)} s; page busy ${ms(busyUs)}; extension frames inclusive ${ms(oursInclusive)} = ${((oursInclusive / busyUs) * 100).toFixed(1)} % of it`, 'self time by script:', ...top(byScript, 12), 'extension functions (self):', ...top(byFn, 15)].join('\n');
}

// ------------------------------------------------------------ CLI
// npx tsx test/bench/page-overhead.ts — paired runs on their own, for working on the page's cost.
//   PAGE_RATE (200) audience actions/s; PAGE_MIX chat|all (chat); PAIRS (4); WINDOW_MS (15000);
//   EXT_DIR: another build of the extension (default: this worktree's .output);
//   PROFILE_WINDOWS (1): profiled with-extension windows after the pairs (the attribution figures);
//   PROFILE=1: a CPU profile of the page in each with-extension window (/tmp/page-with-<pair>.cpuprofile).
//   BENCH_OVERHEAD_MODE concurrent|sequential|toggle (sequential: each page measured alone, a browser each;
//   toggle: one browser, ours switched off and on between windows; see ToggleBrowser).
//   PANEL_VIEWS=chat,qna (with AB_BUILD): the panel's views to open, in order, before the window.
//   AB_BUILD=<dir>: two builds at once (B: EXT_DIR or this worktree's), both profiled over the same window
//   (not paired runs), with each build's per-process CPU per 1,000 messages; AB_PROFILE=0: not profiled.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { startSandbox } = await import('../../sandbox/server');
  const rate = Number(process.env.PAGE_RATE ?? 200);
  const sb = await startSandbox({ port: 0 });
  const stream: StreamSpec = { attendees: 300, rate, seed: 7, ...(process.env.PAGE_MIX === 'all' ? {} : { mix: CHAT_ONLY }) };
  try {
    const f = (x: number) => x.toFixed(3);
    if (process.env.AB_BUILD) {
      // Two builds at once, both profiled over exactly the same stream: the profilers start on a quiet
      // session, the stream is replayed from its start for WINDOW_MS × rate actions, stopped and let drain,
      // then the profilers stop: both profiles hold the same messages (and the same load: a drift hits both).
      const windowActions = Math.round((Number(process.env.WINDOW_MS ?? 15_000) / 1000) * rate);
      for (let i = 0; i < Number(process.env.PAIRS ?? 2); i++) {
        // PANEL_VIEWS=chat,qna: the panel's views opened in that order before the window (the last one shown;
        // the others stay mounted, hidden, as for a moderator who looked at them), on both builds.
        const views = process.env.PANEL_VIEWS?.split(',').filter(Boolean) ?? [];
        const ready = async (panel: Page) => {
          for (const v of views) {
            await panel.locator(`[data-testid=view-${v}]`).click();
            await panel.locator(`[data-testid=panel][data-view=${v}] .view-pane[data-pane=${v}]:not([hidden]) > :not([role=status])`).first().waitFor({ timeout: 30_000 });
          }
        };
        const a = await openSide(sb, { entryId: '1_sessiona1', withExtension: true, extensionDir: process.env.AB_BUILD, ready });
        const b = await openSide(sb, { entryId: '1_sessiona1', withExtension: true, extensionDir: process.env.EXT_DIR, ready });
        try {
          await sleep(2_000); // both pages settled on the quiet session (pacing, not a wait for a result)
          // AB_PROFILE=0: no profilers (they slow our scripts' many small calls more than the page's own work,
          // which inflates B's figures; without them only the CPU and task figures are printed).
          const profiling = process.env.AB_PROFILE !== '0';
          const stops = profiling ? [await startProfile(a.cdp), await startProfile(b.cdp)] : [];
          const cpuBefore = [a, b].map((s) => (s.browserPid ? snapshot(s.browserPid) : null));
          const taskBefore = await Promise.all([a.cdp, b.cdp].map(taskSeconds));
          const before = sb.world.session('1_sessiona1').messages.length;
          await withStream(sb, '1_sessiona1', stream, () => untilActions(sb, windowActions, windowActions * 20));
          // Until both pages list the stream's last message.
          const last = sb.world.session('1_sessiona1').messages.at(-1)?.id;
          if (last) await Promise.all([a.cdp, b.cdp].map((cdp) => untilListed(cdp, last, 10_000)));
          const messages = sb.world.session('1_sessiona1').messages.length - before;
          const taskAfter = await Promise.all([a.cdp, b.cdp].map(taskSeconds));
          const cpuAfter = [a, b].map((s) => (s.browserPid ? snapshot(s.browserPid) : null));
          const [pa, pb] = profiling ? [await stops[0]!(), await stops[1]!()] : [null, null];
          // Each build's processes over the same stream (both browsers ran at once: the same load on both).
          [a, b].forEach((_, k) => {
            const x = cpuBefore[k] && cpuAfter[k] ? delta(cpuBefore[k]!, cpuAfter[k]!, (taskAfter[k]!.thread - taskBefore[k]!.thread) * 1000) : null;
            if (!x) return;
            const cells = BUCKETS.filter((bk) => x[bk].cpuMs >= 0.5).map((bk) => `${bk} ${((x[bk].cpuMs / Math.max(1, messages)) * 1000).toFixed(0)}`);
            const ext = (['panel_main', 'ext_worker', 'ext_other', 'browser_main', 'browser_io', 'browser_other'] as const).reduce((sum, bk) => sum + x[bk].cpuMs, 0);
            console.log(`  ${k ? 'B' : 'A'} cpu ms per 1,000 messages: ${cells.join(', ')} | panel+worker+ext other+browser ${((ext / Math.max(1, messages)) * 1000).toFixed(0)} | page task ${(((taskAfter[k]!.task - taskBefore[k]!.task) * 1e6) / Math.max(1, messages)).toFixed(0)}`);
          });
          if (!pa || !pb) continue;
          writeFileSync(`/tmp/page-a-${i}.cpuprofile`, JSON.stringify(pa));
          writeFileSync(`/tmp/page-b-${i}.cpuprofile`, JSON.stringify(pb));
          const line = (name: string, p: CpuProfile) => {
            const u = extensionSelfUs(p);
            return `${name}: our scripts ${(u.total / 1000).toFixed(0)} ms (own frames ${(u.js / 1000).toFixed(0)} ms) = ${((u.total / messages) * 1000 / 1000).toFixed(1)} ms per 1,000 messages, ${((u.total / u.busy) * 100).toFixed(1)} % of the page's busy ${(u.busy / 1000).toFixed(0)} ms`;
          };
          console.log(`pair ${i} (${messages} messages): ${line(`A ${process.env.AB_BUILD}`, pa)} | ${line('B this build', pb)}`);
        } finally {
          await a.close();
          await b.close();
        }
      }
      process.exit(0);
    }
    const r = await pairedRuns(sb, {
      entryId: '1_sessiona1',
      pairs: Number(process.env.PAIRS ?? 4),
      mode: OVERHEAD_MODE,
      windowMs: Number(process.env.WINDOW_MS ?? 15_000),
      settleMs: 4_000,
      stream,
      extensionDir: process.env.EXT_DIR,
      profileWindows: Number(process.env.PROFILE_WINDOWS ?? 1),
      onProfile: (total, js, w) => console.log(`profiled: our scripts ${total.toFixed(0)} ms (own frames ${js.toFixed(0)} ms) of ${(w.task * 1000).toFixed(0)} ms task time, ${w.messages} messages`),
      onPair: (i, wo, w) => console.log(`pair ${i}: busy without ${f(wo.busy)} with ${f(w.busy)} ratio per action ${f(w.task / w.actions / (wo.task / wo.actions))} | cpu without ${f(wo.cpu)} with ${f(w.cpu)} ratio per action ${f(w.thread / w.actions / (wo.thread / wo.actions))} | msgs ${wo.messages}/${w.messages} actions ${wo.actions}/${w.actions} | load ${wo.load.toFixed(1)}/${w.load.toFixed(1)}\n${procLine(wo, w)}`),
      profileWith: process.env.PROFILE ? (i) => cpuProfile(`/tmp/page-with-${i}.cpuprofile`, (s) => console.log(s)) : undefined,
    });
    console.log(JSON.stringify(pairedFigures(r, `at_${rate}${process.env.PAGE_MIX === 'all' ? 'aps' : 'mps'}`), null, 1));
  } finally {
    await sb.control.audience.stop().catch(() => undefined);
    await sb.close();
  }
}
