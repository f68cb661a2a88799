// Teach mode in Firefox (issue 13): the sandbox's variant widget under a tag no bundled profile matches, the
// panel opened on the event page's tab (harness/firefox-panel.ts), teach started there, a question row and
// its text picked with real pointer clicks through the picker overlay on the page, and the preview table
// reading the page's rows. The Chromium side, with actions and a saved profile, is teach.e2e.ts.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { Sandbox } from '../../sandbox/server';
import { FirefoxHarness } from './harness/firefox';
import { FirefoxPanel } from './harness/firefox-panel';
import { ask, moderatorUrl, uniqueTag } from './harness/qna';
import { startUntaughtSandbox, UNTAUGHT_HOST, UNTAUGHT_LIVE } from './harness/teach';
import { waitFor } from './harness/wait';

const PICKER = 'cnc-moderator-picker';
let sb: Sandbox;
let ff: FirefoxHarness;

beforeAll(async () => {
  sb = await startUntaughtSandbox();
  ff = await FirefoxHarness.launch({ sandboxPort: sb.port, systemAccess: true });
});
afterAll(async () => {
  await ff?.close();
  await sb?.close();
});

/** The centre of `selector` in the widget's row that shows `text` (in the widget's open shadow root), in view. */
function pointOf(page: Page, text: string, selector: string): Promise<{ x: number; y: number } | null> {
  return page.evaluate(
    (host, text, selector) => {
      const root = document.querySelector(host)?.shadowRoot;
      const row = [...(root?.querySelectorAll('[role=listitem]') ?? [])].find((r) => r.textContent?.includes(text));
      const el = row?.querySelector(selector);
      if (!el) return null;
      el.scrollIntoView({ block: 'center' });
      const r = el.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    },
    UNTAUGHT_HOST,
    text,
    selector,
  );
}

const pickers = (page: Page) => page.evaluate((tag) => document.querySelectorAll(tag).length, PICKER);

it('Firefox: teach from the panel picks a row and its text through the picker, and the preview reads the page rows', async () => {
  const tag = uniqueTag('F');
  const texts = [`${tag} first question`, `${tag} second question`];
  texts.forEach((t, i) => ask(sb, t, { userId: `ff-teach-${i}` }));
  const page = await ff.openTab(moderatorUrl());
  await page.waitForSelector(UNTAUGHT_LIVE, { timeout: 20_000 });
  await waitFor('both questions in the widget', () => pointOf(page, texts[1]!, '.inhalt'), (p) => p !== null, { timeout: 15_000 });

  // One live content-script instance on the page (the probe build lists them: lib/page/e2e-probe.ts).
  const instances = await page.evaluate(() => (document.documentElement.dataset.cncModeratorInstances ?? '').split(' ').filter(Boolean).length);
  expect(instances).toBe(1);

  const panel = await FirefoxPanel.open(ff, page);
  await waitFor('the panel to see a Kaltura page without a widget it knows', () => panel.state(), (s) => s === 'kaltura-no-cnc', { timeout: 20_000 });
  await panel.click('[data-testid=diagnostics-teach]');
  await waitFor('the teach view', () => panel.count('[data-testid=teach]'), (n) => n === 1, { timeout: 10_000 });
  // The moderator looks at the event page while picking: its tab in front, the panel beside it.
  await page.bringToFront();

  const pick = async (target: string, selector: string) => {
    await panel.click(`[data-testid="teach-pick-${target}"]`);
    await waitFor('the picker overlay on the event page', () => pickers(page), (n) => n === 1, { timeout: 10_000 });
    const at = await pointOf(page, texts[0]!, selector);
    if (!at) throw new Error(`no ${selector} in the row to pick`);
    await page.mouse.click(at.x, at.y);
    await waitFor('the picker overlay to go', () => pickers(page), (n) => n === 0, { timeout: 5_000 });
    await waitFor('the teach view to take the click', () => panel.count('[data-testid=teach-busy]'), (n) => n === 0, { timeout: 5_000 });
    expect(await panel.texts('[data-testid=teach-error]'), `picking the ${target}`).toEqual([]);
  };
  await pick('row', '.autor');
  await pick('text', '.inhalt');

  const rows = await waitFor('the preview table to read the rows', () => panel.texts('[data-testid=teach-preview-row]'), (r) => texts.every((t) => r.some((x) => x.includes(t))), { timeout: 10_000 });
  expect(rows.filter((r) => r.includes(tag))).toHaveLength(2);
});
