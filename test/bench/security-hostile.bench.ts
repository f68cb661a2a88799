// Standing security suite, hostile input (issue 10), long variant: 10,000 generated hostile strings
// (sandbox/audience/hostile.ts) as question text, display names, answers and chat, into the moderator view
// with the production extension and its panel in Chromium (test/e2e/harness/hostile.ts does the run).
//
// Figures:
// - security.hostile_inputs_rendered: strings the panel showed exactly as text (out of _expected: the ones
//   with a Q&A row, plus chat text and hostile senders' names in the Chat view), after the product's own
//   bounds (ROW_LIMITS, CHAT_ROW_LIMITS).
// - security.hostile_layout_breaks: rows (Q&A and chat) whose layout broke beyond the row (must be 0).
// - security.script_executions: canary calls and dialogs in the panel and in the event page (must be 0).
// - security.csp_violations: CSP violations in the panel and the page (markup from attendee text in the DOM).
// - security.hostile_not_as_text: rows missing or shown differently from the server's text.
// - security.hostile_settle_ms: from the last string sent until the panel's counts held them all.
import { hostileRun } from '../e2e/harness/hostile';

const COUNT = Number(process.env.BENCH_HOSTILE_COUNT ?? 10_000);

export async function run(): Promise<Record<string, number>> {
  const r = await hostileRun({ count: COUNT, batch: 50, pauseMs: 100, settleTimeout: 600_000, log: (l) => console.error(l) });
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
  };
}
