// Switching views keeps each view's state (issue 14): the moderator searches and scrolls the questions,
// starts a reply, starts an announcement and a poll, looks at Settings and the Report, and on coming back
// finds every view as it was left (its tab, search, sort, scroll, drafts, the open editor).
// Run: npm run build && E2E_SKIP_BUILD=1 npx vitest run -c test/e2e/vitest.config.ts test/e2e/view-state.e2e.ts
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ask, openModeration, uniqueTag, type Moderation } from './harness/qna';
import { useSandboxChromium } from './harness/setup';
import { waitFor } from './harness/wait';

describe('switching views keeps each view as the moderator left it', () => {
  let m: Moderation;
  let page: Page;
  const tag = uniqueTag('VS');
  const ids: string[] = [];
  const env = useSandboxChromium({
    prepare: (sb) => {
      for (let i = 0; i < 40; i++) ids.push(ask(sb, `${tag} question number ${i + 1} about the roadmap and the recording`, { userId: `attendee-${(i % 9) + 1}` }));
      ask(sb, 'Unrelated question that the search leaves out', { userId: 'attendee-1' });
    },
  });

  beforeAll(async () => {
    m = await openModeration(env.h);
    page = m.panel.page;
    await page.setViewportSize({ width: 380, height: 900 });
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="qna-count-pending"]')?.textContent) >= n, ids.length + 1, {
      timeout: 15_000,
    });
    // Arrivals may wait behind "N new" while the panel has focus: bring them in.
    const more = page.locator('[data-testid="qna-new-items"]');
    if (await more.count()) await more.click();
  });

  const show = async (view: string) => {
    await page.click(`[data-testid="view-${view}"]`);
    await page.waitForSelector(`[data-testid="panel"][data-view="${view}"]`);
  };
  /** The first row wholly in view under the list's top edge, and how far below that edge it is. */
  const firstInView = () =>
    page.evaluate(() => {
      const list = document.querySelector('[data-testid="qna-list"]')!.getBoundingClientRect();
      const rows = [...document.querySelectorAll('[data-testid="qna-item"]')]
        .map((r) => ({ id: r.getAttribute('data-question-id')!, top: r.getBoundingClientRect().top - list.top }))
        .filter((r) => r.top >= 2)
        .sort((a, b) => a.top - b.top);
      return rows[0] ?? { id: '', top: -1 };
    });
  const listScroll = () => page.locator('[data-testid="qna-list"]').evaluate((el) => el.scrollTop);

  it('Q&A (search, sort, scroll, a reply draft), Announcements (text, schedule mode) and Polls (an open editor) survive a round of the other views', async () => {
    // Q&A: search, newest first, scrolled down, a reply started on a question further down.
    await m.panel.search(tag);
    await page.selectOption('[data-testid="qna-sort"]', 'time');
    await waitFor('the search to narrow the list', () => m.panel.listCount(), (n) => n === ids.length);
    await page.locator('[data-testid="qna-list"]').evaluate((el) => {
      el.scrollTop = 600;
    });
    await waitFor('the list scrolled', listScroll, (top) => top >= 550);
    // The virtual list renders the rows of the new offset on the scroll's frame: until then none is in view.
    const replyTo = (await waitFor('a row in view after the scroll', firstInView, (r) => r.id !== '')).id;
    const row = m.panel.item(replyTo);
    await row.locator('[data-testid="qna-answer-private"]').click();
    await page.fill('[data-testid="qna-reply-text"]', 'Half a reply, to finish later');
    const topRow = await firstInView();

    // Announcements: a text and the schedule mode (the mode is the composer's own state).
    await show('announcements');
    await page.waitForSelector('[data-testid="ann-composer"]');
    await page.fill('[data-testid="ann-text"]', 'Half-written announcement');
    await page.check('[data-testid="ann-mode-schedule"]');

    // Polls: a new poll's editor open, its question typed.
    await show('polls');
    await page.click('[data-testid="poll-new"]');
    await page.waitForSelector('[data-testid="polls-view"][data-mode="edit"]');
    await page.fill('[data-testid="poll-question"]', 'Which track next?');

    // A round of the other views.
    for (const v of ['settings', 'report', 'chat', 'page']) {
      if (await page.locator(`[data-testid="view-${v}"]`).count()) await show(v);
    }

    await show('qna');
    expect(await page.inputValue('[data-testid="qna-search"]')).toBe(tag);
    expect(await page.inputValue('[data-testid="qna-sort"]')).toBe('time');
    expect(await m.panel.currentTab()).toBe('pending');
    expect(await page.getAttribute('[data-testid="qna-reply"]', 'data-question-id')).toBe(replyTo);
    expect(await page.inputValue('[data-testid="qna-reply-text"]')).toBe('Half a reply, to finish later');
    // Scrolled as it was: the same question at the top of the list, about where it was (rows measure
    // themselves again once shown, which may move the list by a few pixels).
    await waitFor('the list back where it was scrolled', firstInView, (r) => r.id === topRow.id && Math.abs(r.top - topRow.top) <= 24, { timeout: 3_000 });
    expect(await listScroll()).toBeGreaterThan(500);
    expect(await m.panel.item(replyTo).count()).toBe(1);

    await show('announcements');
    expect(await page.inputValue('[data-testid="ann-text"]')).toBe('Half-written announcement');
    expect(await page.isChecked('[data-testid="ann-mode-schedule"]')).toBe(true);

    await show('polls');
    expect(await page.getAttribute('[data-testid="polls-view"]', 'data-mode')).toBe('edit');
    expect(await page.inputValue('[data-testid="poll-question"]')).toBe('Which track next?');
  });

  it('the question state tab chosen stays chosen across views, and only the shown view is in the page', async () => {
    await show('qna');
    await m.panel.showTab('dismissed');
    await show('announcements');
    // The hidden Q&A view is not seen by anyone (nor by a screen reader): its panes are hidden.
    expect(await page.locator('[data-testid="qna"]').isVisible()).toBe(false);
    await show('qna');
    expect(await m.panel.currentTab()).toBe('dismissed');
    expect(await page.locator('[data-testid="ann-composer"]').isVisible()).toBe(false);
  });

  it('a view that scrolls the page (Settings) comes back scrolled where it was', async () => {
    await show('settings');
    await page.waitForSelector('[data-testid="setting-module.qna"]');
    const pageScroll = () => page.evaluate(() => document.scrollingElement!.scrollTop);
    await page.evaluate(() => window.scrollTo(0, 400));
    await waitFor('the page scrolled', pageScroll, (top) => top >= 200);
    const was = await pageScroll();
    await show('qna');
    await waitFor('the Q&A view at the top of the page', pageScroll, (top) => top === 0);
    await show('settings');
    await waitFor('Settings scrolled as it was', pageScroll, (top) => Math.abs(top - was) <= 2, { timeout: 3_000 });
  });
});
