// Standing security suite, hostile input (issue 10), short variant: a few hundred generated hostile strings
// (every family: script and handler markup, javascript: URLs, SVG and MathML, bidi overrides, zero-width and
// combining characters, a 100 KB name, lone surrogates, template and CSS injection, fake KS strings) sent as
// question text, display names, answers and chat into the moderator view with the production extension.
// Nothing runs anywhere, and the panel shows each string as text, exactly: in the Q&A rows and in the Chat
// view (message text, and hostile display names as senders), with no layout breakage beyond the row. And the
// widget's error text for announcement sends (every family, and a 300 KB one; the sandbox's announce-errors
// fault): the Announcements view shows it as text, cut with a visible mark, inside its line, and a plain
// announcement still goes out afterwards. The 10,000-string run and its figures are in
// test/bench/security-hostile.bench.ts.
import { describe, expect, it } from 'vitest';
import { HOSTILE_KINDS, HUGE_CHARS, hostileAnnouncementErrors, hostileCorpus } from '../../sandbox/audience/hostile';
import { hostileRun } from './harness/hostile';

const COUNT = Number(process.env.E2E_HOSTILE_COUNT ?? 320);
/** Every family once, and the 300 KB error (hostileAnnouncementErrors puts it second). */
const ANNOUNCE_ERRORS = HOSTILE_KINDS.length + 1;

describe('hostile input (Chromium, production panel)', () => {
  it('the short corpus covers every family through every field', () => {
    const corpus = hostileCorpus(COUNT);
    expect(new Set(corpus.map((s) => s.kind))).toEqual(new Set(HOSTILE_KINDS));
    expect(new Set(corpus.map((s) => s.field))).toEqual(new Set(['question', 'name', 'answer', 'chat']));
    expect(corpus.some((s) => s.text.length >= 100 * 1024)).toBe(true);
    const errors = hostileAnnouncementErrors(ANNOUNCE_ERRORS);
    expect(new Set(errors.map((s) => s.kind))).toEqual(new Set([...HOSTILE_KINDS.filter((k) => k !== 'big'), 'huge']));
    expect(errors.some((s) => s.text.length >= HUGE_CHARS)).toBe(true);
  });

  it(`${COUNT} hostile strings: no script runs in the page or the panel, and each is shown as text`, { timeout: 210_000 }, async () => {
    const r = await hostileRun({ count: COUNT, announceErrors: ANNOUNCE_ERRORS, log: console.log });
    console.log(`[hostile] ${JSON.stringify({ ...r, mismatches: undefined, missing: undefined })}`);
    expect(r.executedPayloads, 'payloads that ran').toEqual([]);
    expect(r.panelExecutions, 'canary calls or dialogs in the panel').toBe(0);
    expect(r.pageExecutions, 'canary calls or dialogs in the event page').toBe(0);
    expect(r.panelCspViolations, 'CSP violations in the panel (markup from attendee text reached the DOM)').toBe(0);
    expect(r.missing, 'strings the panel never listed').toEqual([]);
    expect(r.mismatches, 'strings not shown exactly as text').toEqual([]);
    expect(r.rendered).toBe(r.expectedInPanel);
    expect(r.expectedChat, 'strings that went through the Chat view').toBeGreaterThan(COUNT / 8);
    expect(r.announceRendered, 'announcement errors shown as text, bounded').toBe(ANNOUNCE_ERRORS);
    expect(r.layoutBreaks, 'rows whose layout broke beyond the row').toEqual([]);
    expect(r.overflowPx, 'the panel is wider than its viewport (a row broke the layout)').toBeLessThanOrEqual(0);
  });
});
