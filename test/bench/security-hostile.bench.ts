// Standing security suite, hostile input (issue 10), long variant: 10,000 generated hostile strings
// (sandbox/audience/hostile.ts) as question text, display names, answers and chat, into the moderator view
// with the production extension and its panel in Chromium (test/e2e/harness/hostile.ts does the run); and
// BENCH_HOSTILE_ANNOUNCE_ERRORS (200) error texts the widget answers announcement sends with (every family,
// a 300 KB one in every hundred), shown by the Announcements view as text, bounded.
//
// Figures:
// - security.hostile_inputs_rendered: strings the panel showed exactly as text (out of _expected: the ones
//   with a Q&A row, plus chat text and hostile senders' names in the Chat view), after the product's own
//   bounds (ROW_LIMITS, CHAT_ROW_LIMITS), plus the announcement errors shown as text within REASON_SHOWN_MAX
//   with the cut mark where cut (security.hostile_announce_errors_rendered of _expected).
// - security.hostile_layout_breaks: rows (Q&A and chat) whose layout broke beyond the row (must be 0).
// - security.script_executions: canary calls and dialogs in the panel and in the event page (must be 0).
// - security.csp_violations: CSP violations in the panel and the page (markup from attendee text in the DOM).
// - security.hostile_not_as_text: rows missing or shown differently from the server's text.
// - security.hostile_settle_ms: from the last string sent until the panel's counts held them all.
// - security.hostile_announce_responsive_ms: after the hostile errors, a plain announcement from "Send now"
//   until it is listed as sent (the panel still responds).
import { hostileRun } from '../e2e/harness/hostile';

const COUNT = Number(process.env.BENCH_HOSTILE_COUNT ?? 10_000);
const ANNOUNCE_ERRORS = Number(process.env.BENCH_HOSTILE_ANNOUNCE_ERRORS ?? 200);

export async function run(): Promise<Record<string, number>> {
  const r = await hostileRun({ count: COUNT, batch: 50, pauseMs: 100, settleTimeout: 600_000, announceErrors: ANNOUNCE_ERRORS, log: (l) => console.error(l) });
  console.error(`[bench] hostile: ${JSON.stringify(r)}`);
  return {
    'security.hostile_inputs_sent': r.sent,
    'security.hostile_inputs_expected': r.expectedInPanel,
    'security.hostile_inputs_rendered': r.rendered,
    'security.script_executions': r.panelExecutions + r.pageExecutions,
    'security.csp_violations': r.panelCspViolations + r.pageCspViolations,
    'security.hostile_not_as_text': r.mismatchCount + r.missingCount,
    'security.hostile_settle_ms': r.settleMs,
    'security.hostile_overflow_px': Math.max(0, r.overflowPx),
    'security.hostile_layout_breaks': r.layoutBreakCount,
    'security.hostile_chat_expected': r.expectedChat,
    'security.hostile_announce_errors_expected': r.announceExpected,
    'security.hostile_announce_errors_rendered': r.announceRendered,
    'security.hostile_announce_responsive_ms': r.announceResponsiveMs,
  };
}
