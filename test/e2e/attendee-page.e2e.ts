// Signed in as an attendee (issue 14): the panel says plainly that moderation needs the moderator view and
// links to it, on every view; the page's sign-in is said in plain words (no "USER KS").
// Run: npm run build && E2E_SKIP_BUILD=1 npx vitest run -c test/e2e/vitest.config.ts test/e2e/attendee-page.e2e.ts
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { attendeeUrl, CNC_ENTRY, WIDGET_LIVE } from './harness/qna';
import { EVENT_HOST } from './harness/sandbox';
import { useSandboxChromium } from './harness/setup';

describe('the panel on an attendee page', () => {
  const env = useSandboxChromium();
  let panel: Page;

  beforeAll(async () => {
    const page = await env.h.openTab(attendeeUrl());
    await page.waitForSelector(WIDGET_LIVE['kep-2026'], { timeout: 15_000 });
    panel = await env.h.openPanel(await env.h.tabIdOf(page));
    await panel.waitForSelector('[data-testid="panel"][data-state="attached"]', { timeout: 20_000 });
  });

  it('says moderation needs the moderator view, links to it, on every view, with no KS jargon', async () => {
    const notice = panel.locator('[data-testid="attendee-notice"]');
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.textContent()).toMatch(/moderator view/);
    expect(await panel.getAttribute('[data-testid="open-moderator-view"]', 'href')).toBe(
      `https://${EVENT_HOST}/chatandcollaboration/index/moderator?entryId=${CNC_ENTRY}`,
    );
    for (const v of await panel.locator('[data-testid^="view-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!))) {
      await panel.click(`[data-testid="${v}"]`);
      await panel.waitForSelector(`[data-testid="panel"][data-view="${v.slice('view-'.length)}"]`);
      expect(await notice.isVisible(), `the notice on ${v}`).toBe(true);
      expect(await panel.evaluate(() => document.querySelector('main')!.innerText)).not.toMatch(/\b(USER|ADMIN) KS\b/);
    }
    await panel.click('[data-testid="view-page"]');
    expect(await panel.textContent('[data-testid="ctx-ks"]')).toBe('Signed in as a user');
  });
});
