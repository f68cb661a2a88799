// Reactions and the page's load at 200 chat messages/s, in the production build in real Chromium against
// the sandbox, the moderator's way: the event page and the panel both open and visible, Chromium's default
// throttling. Loopback only; every loop is bounded in count and time.
//
// Figures:
// - reactions.count_error_pct / reactions.count_samples: the panel's counts per reaction type against the
//   sandbox's truth (control API) over a run of REACTIONS_BENCH_SECONDS (default 300) with an audience
//   reacting and chatting: sum over types of |panel − truth| / truth reactions × 100.
// - page.overhead_ratio_at_200mps (median of paired runs) with its interval (_ci_low / _ci_high, the level
//   _ci_level: order statistics of the pair ratios), _min / _max, page.overhead_pairs_at_200mps (8 by
//   default, BENCH_OVERHEAD_PAIRS), page.overhead_cpu_ratio_at_200mps: the event page's main-thread task
//   time (DevTools Performance.getMetrics TaskDuration; cpu: ThreadTime) with the extension attached
//   (moderator view, panel open on its first view, Q&A) divided by without it, over the same actions of the
//   same replayed stream. page.overhead_ratio_at_200mps_chat_view (and _ci_low/_ci_high, _cpu_ratio,
//   _pairs: 6 by default, BENCH_OVERHEAD_CHAT_VIEW_PAIRS): the same with the panel on its Chat view, where
//   the content script posts the chat at every widget step (lib/session/chat/pace.ts).
// - page.busy_fraction_without_at_200mps: the page's task time per second without the extension (median):
//   a ratio taken on a saturated page says nothing. page.cpu_fraction_without_at_200mps: the same from
//   ThreadTime (CPU), which leaves out the time the thread waited for a core on a loaded machine.
// - page.ext_self_time_fraction_at_200mps: what the ratio tries to see through the noise, measured: our
//   scripts' self time in a CPU profile of the page (extra profiled windows with the extension, so the
//   profiler's own cost is in no ratio) over the page's task time in that window; and
//   page.ext_self_ms_per_1000_messages_at_200mps, the same self time per 1,000 chat messages taken.
// - page.stream_actions_per_window_at_200mps / page.stream_mismatch_max_pct_at_200mps: the stream's actions
//   per window and the largest difference between the two sides of a pair (0: the identical stream).
//
// How the pairs run (test/bench/page-overhead.ts says why): every window replays the sandbox audience's
// seeded stream from its start (the same messages at the same offsets), each page measured alone
// (BENCH_OVERHEAD_MODE=concurrent for both at once, =toggle for both in one browser), the order ABBA so a drift in the machine's load falls
// on both sides equally often. The load average over the windows (page.load_average_at_200mps) says how
// much else the machine ran.
// REACTIONS_BENCH_SKIP_COUNT=1 runs the page figures only (while working on the page).
import type { Page } from 'playwright-core';
import { startSandbox } from '../../sandbox/server';
import { ChromiumHarness } from '../e2e/harness/chromium';
import { CHAT_ONLY, moderatorUrl, OVERHEAD_MODE, pairedFigures, pairedRuns } from './page-overhead';
import { percentile } from './stats';

const ENTRY = '1_sessiona1';
const SECONDS = Number(process.env.REACTIONS_BENCH_SECONDS ?? 300);
const PAIRS = Number(process.env.BENCH_OVERHEAD_PAIRS ?? 8);
/** Pairs with the panel on its Chat view (page.overhead_ratio_at_200mps_chat_view). */
const CHAT_VIEW_PAIRS = Number(process.env.BENCH_OVERHEAD_CHAT_VIEW_PAIRS ?? 6);
const PROFILE_WINDOWS = Number(process.env.BENCH_OVERHEAD_PROFILE_WINDOWS ?? 2);
const WINDOW_MS = Number(process.env.BENCH_OVERHEAD_WINDOW_MS ?? 15_000);
const CHAT_RATE = 200;
const TYPES = ['like', 'love', 'clap', 'laugh', 'wow'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function run(): Promise<Record<string, number>> {
  return { ...(process.env.REACTIONS_BENCH_SKIP_COUNT ? {} : await countFigures()), ...(await overheadFigures()) };
}

async function panelCounted(panel: Page): Promise<Record<string, number>> {
  return panel.evaluate((types) => Object.fromEntries(types.map((t) => [t, Number(document.querySelector(`[data-testid="reactions-counted-${t}"]`)?.textContent ?? 0)])), TYPES);
}

async function countFigures(): Promise<Record<string, number>> {
  const sb = await startSandbox({ port: 0 });
  const h = await ChromiumHarness.launch({ sandboxPort: sb.port, defaultThrottling: true });
  try {
    const event = await h.openTab(moderatorUrl(ENTRY));
    await event.waitForSelector('#kep-widget-1[data-kep-connection="live"]', { timeout: 60_000 });
    const panel = await h.openPanel(await h.tabIdOf(event));
    await panel.click('[data-testid="view-reactions"]', { timeout: 30_000 });
    await panel.waitForSelector('[data-testid="reactions-view"][data-started-at]', { timeout: 30_000 });
    const startedAt = Number(await panel.getAttribute('[data-testid="reactions-view"]', 'data-started-at'));
    // A lively audience: mostly reactions, some chat; a burst in the middle makes a peak.
    sb.control.audience.start({ attendees: 300, rate: 30, seed: 5, entryIds: [ENTRY], mix: { ask: 0, chat: 3, upvote: 0, react: 10, chatReact: 1, vote: 0 } });
    const end = Date.now() + SECONDS * 1000;
    let burst = false;
    while (Date.now() < end) {
      if (!burst && Date.now() > end - (SECONDS * 1000) / 2) {
        burst = true;
        sb.control.audience.retune({ rate: 120 });
        await sleep(5_000); // the burst's length (pacing), not a wait for a result
        sb.control.audience.retune({ rate: 30 });
      }
      await sleep(1_000); // pacing of the run
    }
    await sb.control.audience.stop();
    const totals = sb.control.reactions(ENTRY, startedAt).totals;
    const truth = Object.fromEntries(TYPES.map((t) => [t, totals[t] ?? 0]));
    const all = Object.values(truth).reduce((a, b) => a + b, 0);
    // Until the panel has caught up with the truth, or 20 s: what it shows then is the figure.
    const deadline = Date.now() + 20_000;
    let counted = await panelCounted(panel);
    while (Date.now() < deadline && TYPES.some((t) => counted[t] !== truth[t])) {
      await sleep(250);
      counted = await panelCounted(panel);
    }
    const error = TYPES.reduce((n, t) => n + Math.abs((counted[t] ?? 0) - truth[t]!), 0);
    const peaks = await panel.locator('[data-testid="reactions-peaks"] li').count();
    return {
      'reactions.count_error_pct': Math.round((error / Math.max(1, all)) * 100 * 1000) / 1000,
      'reactions.count_samples': all,
      'reactions.count_run_seconds': SECONDS,
      'reactions.peaks_seen': peaks,
    };
  } finally {
    await sb.control.audience.stop().catch(() => undefined);
    await h.close();
    await sb.close();
  }
}

async function overheadFigures(): Promise<Record<string, number>> {
  const sb = await startSandbox({ port: 0 });
  try {
    // Paired runs as test/bench/page-overhead.ts makes them: every window replays the same seeded stream of
    // 200 chat messages/s from its start (the same messages at the same offsets on both sides), each page
    // measured alone, the order ABBA; then profiled windows for our scripts' share of the page's time.
    const common = {
      entryId: ENTRY,
      windowMs: WINDOW_MS,
      settleMs: 4_000,
      stream: { attendees: 300, rate: CHAT_RATE, seed: 7, mix: CHAT_ONLY },
      mode: OVERHEAD_MODE,
    };
    const r = await pairedRuns(sb, {
      ...common,
      pairs: PAIRS,
      profileWindows: PROFILE_WINDOWS,
      ready: (panel) => panel.waitForSelector('[data-testid="view-reactions"]', { timeout: 30_000 }).then(() => undefined),
    });
    // The same with the panel on its Chat view: the moderator watching the stream, to which the content
    // script then posts at every step of the widget (lib/session/chat/pace.ts); on the Q&A view above,
    // nobody sees the chat and its posts are fewer.
    const chatView = await pairedRuns(sb, {
      ...common,
      pairs: CHAT_VIEW_PAIRS,
      profileWindows: 0,
      ready: async (panel) => {
        await panel.locator('[data-testid=view-chat]').click({ timeout: 30_000 });
        await panel.waitForSelector('main[data-view="chat"]', { timeout: 30_000 });
      },
    });
    return {
      ...pairedFigures(r, 'at_200mps'),
      'page.window_seconds_at_200mps': WINDOW_MS / 1000,
      ...Object.fromEntries(Object.entries(pairedFigures(chatView, 'at_200mps')).filter(([k]) => /overhead_(ratio|cpu_ratio|pairs)/.test(k)).map(([k, v]) => [`${k}_chat_view`, v])),
    };
  } finally {
    await sb.control.audience.stop().catch(() => undefined);
    await sb.close();
  }
}
