// Right-to-left text is shown right to left: every piece of user text in the panel (question text, asker
// and chat names, answers, Up next, the reply box, the undo toast, Similar questions, the audit, chat rows)
// sits in an element with dir="auto" (or a <bdi>), so that Arabic and Hebrew read right to left inside an
// English panel and the punctuation around them lands where it belongs. The check is structural: any text
// node in the panel holding a right-to-left letter must be inside such an element.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ask, moderatorUrl, openModeration, type QnaPanel } from './harness/qna';
import { useSandboxChromium } from './harness/setup';
import { waitFor } from './harness/wait';

const env = useSandboxChromium();

/** Text nodes with a right-to-left letter that no dir="auto" element (or <bdi>) holds: where, and what. */
function unmarkedRtl(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/;
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!RTL.test(n.textContent ?? '')) continue;
      const el = n.parentElement!;
      // Not drawn: direction is about how text is drawn (a live region's text is spoken, not shown).
      if (el.closest('[hidden], [aria-hidden="true"], .sr-only')) continue;
      const host = el.closest('[dir], bdi');
      const ok = !!host && (host.tagName === 'BDI' ? (host.getAttribute('dir') ?? 'auto') === 'auto' : host.getAttribute('dir') === 'auto');
      if (!ok) {
        const where = el.closest('[data-testid]')?.getAttribute('data-testid') ?? el.tagName.toLowerCase();
        out.push(`${where} <${el.tagName.toLowerCase()} class="${el.className}">: ${(n.textContent ?? '').slice(0, 40)}`);
      }
    }
    return out;
  });
}

describe('right-to-left user text', () => {
  it('every user text in the Q&A and chat views is dir="auto"', async () => {
    env.sb.control.createUser({ userId: 'rtl-asker', displayName: 'דנה כהן' });
    env.sb.control.createUser({ userId: 'rtl-chatter', displayName: 'عمر حداد' });
    const q1 = ask(env.sb, 'متى سيتم نشر الشرائح؟', { userId: 'rtl-asker' });
    const q2 = ask(env.sb, 'متى سيتم نشر الشرائح؟؟', { userId: 'rtl-chatter' });
    const q3 = ask(env.sb, 'מתי התכונה החדשה תהיה זמינה? (v2.0)', { userId: 'rtl-asker' });
    env.sb.control.act({ entryId: '1_sessiona1', userId: 'rtl-chatter', action: { type: 'chat.post', text: 'שלום לכולם! 👋' } });

    const { panel } = await openModeration(env.h, moderatorUrl());
    for (const id of [q1, q2, q3]) await panel.waitItem(id, 'pending');
    await panel.item(q1).locator('[data-testid=qna-star]').click();
    await panel.rowAction(q3, 'qna-dismiss');
    await panel.tid('qna-undo-toast').waitFor({ timeout: 3_000 });
    await panel.rowAction(q2, 'qna-answer-private');
    await panel.tid('qna-reply').waitFor({ timeout: 3_000 });
    await panel.tid('qna-duplicates-toggle').click();
    await panel.page.locator('[data-testid=qna-duplicate-group]').first().waitFor({ timeout: 5_000 });
    await panel.tid('qna-audit-toggle').click();
    await panel.page.locator('[data-testid=qna-audit-entry]').first().waitFor({ timeout: 5_000 });
    await check(panel, 'Q&A');
    await panel.tid('qna-reply-close').click();

    await panel.tid('view-chat').click();
    await panel.page.locator('[data-testid=chat-item]').filter({ hasText: 'שלום לכולם' }).first().waitFor({ timeout: 10_000 });
    await check(panel, 'chat');
  }, 90_000);
});

async function check(panel: QnaPanel, view: string): Promise<void> {
  // The RTL texts are on screen before the check runs (it would pass vacuously otherwise).
  await waitFor(`RTL text in the ${view} view`, () => panel.page.locator('body').innerText(), (t) => /[\u0590-\u08ff]/.test(t), { timeout: 5_000 });
  expect(await unmarkedRtl(panel.page), `user text without dir="auto" in the ${view} view`).toEqual([]);
}
