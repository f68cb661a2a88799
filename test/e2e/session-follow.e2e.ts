// Every view follows the tab's current session (issue 14, safety 5), and the badge tells the real queue
// (issue 14, daily frictions). The production Chrome build in Debian's Chromium against the sandbox.
// - Polls and Announcements opened on session A, the tab then moved to B without a page load: the header
//   names B, the poll library is B's, a launch and an announcement reach B (the sandbox's truth) and never A.
// - The panel opened on the lobby, the tab then entering a session: Polls and Announcements appear.
// - More than 99 pending questions: the badge shows the real count as the product writes it (countText)
//   and its title the count and the oldest question's age.
// Run: npm run build && E2E_SKIP_BUILD=1 npx vitest run -c test/e2e/vitest.config.ts test/e2e/session-follow.e2e.ts
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { countText } from '../../lib/notify/badge-policy';
import { Panel } from './harness/chromium';
import { pollItem, preparePoll } from './harness/polls';
import { ask, moderatorUrl } from './harness/qna';
import { ENTRY, EVENT_HOST } from './harness/sandbox';
import { useSandboxChromium } from './harness/setup';
import { waitFor } from './harness/wait';

const A = ENTRY.a;
const B = ENTRY.b;
// The sandbox's session titles (sandbox/demo-data.ts): the page's title starts with them.
const TITLE = { [A]: 'Opening keynote', [B]: 'Product deep dive' } as const;

const env = useSandboxChromium();

const sessionPage = (entryId: string) => `https://${EVENT_HOST}/media/t/${entryId}?as=moderator`;
const widgetLive = (entryId: string) => `#kep-widget-1[data-kep-entry-id="${entryId}"][data-kep-connection="live"]`;
const truthPoll = (entryId: string, question: string) => env.sb.control.truth(entryId).polls.find((p) => p.poll.content.question === question);
const pollQuestions = (panel: Panel) => panel.page.locator('[data-testid=poll-item-question]').allTextContents();

async function openPanel(page: Page): Promise<Panel> {
  return new Panel(await env.h.openPanel(await env.h.tabIdOf(page)));
}

/** Opens a view by its tab; Polls and Announcements load on first use, so wait for the view itself. */
async function openView(panel: Panel, view: 'polls' | 'announcements'): Promise<void> {
  const tab = panel.page.locator(`[data-testid=view-${view}]`);
  await waitFor(`the ${view} view tab`, () => tab.count(), (n) => n === 1, { timeout: 15_000 });
  await tab.click();
  await panel.page.waitForSelector(view === 'polls' ? '[data-testid=polls-view]' : '[data-testid=ann-composer]', { timeout: 15_000 });
}

async function sendAnnouncement(panel: Panel, text: string): Promise<void> {
  await panel.page.fill('[data-testid=ann-text]', text);
  await panel.page.click('[data-testid=ann-send]');
}

describe('every view follows the tab\'s current session', () => {
  it('after an SPA move from A to B, the header names B and Polls and Announcements act on B, never A', async () => {
    const page = await env.h.openTab(sessionPage(A));
    await page.waitForSelector(widgetLive(A), { timeout: 15_000 });
    const panel = await openPanel(page);
    await panel.waitState('attached', 20_000);
    await panel.waitText('panel-session', new RegExp(`^${TITLE[A]}`));

    // On A: a poll in A's library, and the Announcements view open (both views mounted for A).
    await openView(panel, 'polls');
    await preparePoll(panel, 'Asked in A only?', ['Yes', 'No']);
    await openView(panel, 'announcements');
    await openView(panel, 'polls');

    // The tab moves to B without a page load.
    await page.click(`a[id="nav-${B}"][data-spa-link]`);
    await page.waitForSelector(widgetLive(B), { timeout: 15_000 });

    // The header names B, and the poll library is B's (empty): A's poll is not offered here.
    await panel.waitText('panel-session', new RegExp(`^${TITLE[B]}`));
    await openView(panel, 'polls');
    await waitFor('B\'s poll library (empty)', () => panel.page.locator('[data-testid=poll-library-empty]').count(), (n) => n === 1, { timeout: 15_000 });
    expect(await pollQuestions(panel)).toEqual([]);

    // A poll prepared and launched now goes live in B, not in A.
    await preparePoll(panel, 'Asked in B?', ['Red', 'Blue']);
    expect(truthPoll(B, 'Asked in B?')?.poll.state).toBe('Draft');
    await pollItem(panel, 'Asked in B?').locator('[data-testid=poll-launch]').click();
    await waitFor('the live view', () => panel.page.locator('[data-testid=polls-view]').getAttribute('data-mode'), (m) => m === 'live');
    await panel.waitText('poll-live-state', 'Live');
    await waitFor('the poll live in B (sandbox truth)', () => truthPoll(B, 'Asked in B?')?.poll.state, (s) => s === 'Published', { timeout: 10_000 });
    expect(truthPoll(A, 'Asked in B?')).toBeUndefined();
    expect(truthPoll(A, 'Asked in A only?')?.poll.state).toBe('Draft');

    // An announcement sent now reaches B's attendees, not A's.
    await openView(panel, 'announcements');
    const text = `For B only (${Date.now()})`;
    await sendAnnouncement(panel, text);
    await waitFor('the announcement in B (sandbox truth)', () => env.sb.control.truth(B).announcements.map((a) => a.text), (t) => t.includes(text), { timeout: 10_000 });
    expect(env.sb.control.truth(A).announcements.map((a) => a.text)).not.toContain(text);

    // Back to A: A's library again, without B's poll.
    await page.click(`a[id="nav-${A}"][data-spa-link]`);
    await page.waitForSelector(widgetLive(A), { timeout: 15_000 });
    await panel.waitText('panel-session', new RegExp(`^${TITLE[A]}`));
    await openView(panel, 'polls');
    await waitFor('A\'s poll library', () => pollQuestions(panel), (q) => q.join('|') === 'Asked in A only?', { timeout: 15_000 });
    await page.close();
    await panel.page.close();
  }, 120_000);

  it('opened on the lobby, Polls and Announcements appear once the tab enters a session', async () => {
    const page = await env.h.openTab(`https://${EVENT_HOST}/login?user=moderator-1&role=moderator`);
    await page.waitForSelector(`#lobby-${B}`);
    const panel = await openPanel(page);
    // The lobby is no session: no session in the header, no Polls or Announcements.
    await waitFor('the panel to read the lobby', () => panel.state(), (s) => s !== null && s !== 'detecting', { timeout: 15_000 });
    expect(await panel.page.locator('[data-testid=panel-session]').count()).toBe(0);
    expect(await panel.page.locator('[data-testid=view-polls], [data-testid=view-announcements]').count()).toBe(0);

    // Into session B by the lobby's link (a page load in the same tab).
    await page.click(`#lobby-${B}`);
    await page.waitForSelector(widgetLive(B), { timeout: 15_000 });
    await panel.waitState('attached', 20_000);
    await panel.waitText('panel-session', new RegExp(`^${TITLE[B]}`));
    await openView(panel, 'polls');
    // B's library, as the first test left it.
    await waitFor('B\'s poll library', () => pollQuestions(panel), (q) => q.join('|') === 'Asked in B?', { timeout: 15_000 });
    await openView(panel, 'announcements');
    await page.close();
    await panel.page.close();
    expect(env.h.errors).toEqual([]);
  }, 90_000);
});

describe('the badge with a long queue', () => {
  it('shows the real count past 99 and the age of the oldest question in its title', async () => {
    const entry = A;
    const page = await env.h.openTab(moderatorUrl(entry));
    await page.waitForSelector(widgetLive(entry), { timeout: 15_000 });
    const tabId = await env.h.tabIdOf(page);
    // The oldest question was asked five minutes ago (the sandbox's clock moved back for that one ask).
    const realNow = env.sb.state.now;
    env.sb.state.now = () => realNow() - 300;
    try {
      ask(env.sb, 'Asked five minutes ago', { entryId: entry, userId: 'badge-old' });
    } finally {
      env.sb.state.now = realNow;
    }
    for (let i = 0; i < 149; i++) ask(env.sb, `Badge question ${i}`, { entryId: entry, userId: `badge-${i % 40}` });
    const pending = env.sb.control.truth(entry).questions.filter((q) => q.state === 'pending');
    expect(pending.length).toBeGreaterThan(99);
    const badge = () =>
      env.h.swEval(async (id) => {
        const a = (globalThis as any).chrome.action;
        return { text: (await a.getBadgeText({ tabId: id })) as string, title: (await a.getTitle({ tabId: id })) as string };
      }, tabId);
    // The tooltip follows the count within 2 s (lib/notify/badge-keeper.ts, titleGapMs): wait for both.
    const seen = await waitFor('the badge and its title to count every pending question', badge, (b) => b.text === countText(pending.length) && b.title.includes(`: ${pending.length} waiting`), { timeout: 20_000 });
    expect(seen.text).toBe(String(pending.length)); // "150", never "99+"
    const m = /^CnC Moderator: (\d+) waiting, the oldest for (\d+) min$/.exec(seen.title);
    expect(m, `badge title: ${seen.title}`).not.toBeNull();
    expect(Number(m![1])).toBe(pending.length);
    // The oldest was asked 5 minutes before the rest; the title's age is counted when the badge was drawn.
    expect(Number(m![2])).toBeGreaterThanOrEqual(4);
    expect(Number(m![2])).toBeLessThanOrEqual(6);
    await page.close();
  }, 90_000);
});
