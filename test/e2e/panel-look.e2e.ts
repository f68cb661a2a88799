// What the panel looks like and whether everyone can use it: every view of the production panel, at a
// side panel's 380×900 and a narrow 320×900, light and dark, with a realistic queue (held, starred,
// answered questions, hostile and right-to-left text). axe-core must find no violation in any of them,
// and each state is saved as a screenshot (docs/screenshots/, shown in the README).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Sandbox } from '../../sandbox/server';
import { ChromiumHarness } from './harness/chromium';
import { ask, openModeration, startQnaSandbox, type Moderation } from './harness/qna';
import { ROOT } from './harness/sandbox';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = path.join(ROOT, 'docs', 'screenshots');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

async function axe(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(`${AXE};0`); // not a script tag: the panel's CSP allows only its own scripts
  const result = (await page.evaluate(`window.axe.run(document, { resultTypes: ['violations'] })`)) as { violations: Violation[] };
  return result.violations;
}

const describeViolations = (vs: Violation[]) =>
  vs.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);

describe('the panel at side-panel sizes, light and dark', () => {
  let sb: Sandbox;
  let h: ChromiumHarness;
  let m: Moderation;

  beforeAll(async () => {
    sb = await startQnaSandbox();
    const texts = [
      'Will the recording be available to people who registered but could not attend live?',
      'How does SSO work for guests from partner companies, and can we restrict it by domain?',
      '<img src=x onerror=alert(1)> is this rendered as text?',
      'מתי תהיה ההקלטה זמינה לצפייה?',
      'What is the roadmap for captions in languages other than English?',
      'Can moderators pin a question for the speaker?',
      'Is the API rate limit per partner or per user?',
      'Any plans for a mobile app for attendees?',
    ];
    texts.forEach((t, i) => ask(sb, t, { userId: `attendee-${i + 1}` }));
    h = await ChromiumHarness.launch({ sandboxPort: sb.port });
    m = await openModeration(h);
    await m.panel.page.waitForFunction(() => document.querySelectorAll('[data-testid="qna-item"]').length >= 8, null, { timeout: 15_000 });
  });

  afterAll(async () => {
    await h?.close();
    await sb?.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    for (const width of [380, 320]) {
      it(`${width}×900 ${scheme}: every view has no axe violation`, async () => {
        const page = m.panel.page;
        await page.setViewportSize({ width, height: 900 });
        await page.emulateMedia({ colorScheme: scheme });
        const views = await page.locator('[data-testid^="view-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!));
        expect(views).toContain('view-qna');
        const found: string[] = [];
        for (const view of views) {
          await page.click(`[data-testid="${view}"]`);
          await page.waitForSelector(`[data-testid="panel"][data-view="${view.slice('view-'.length)}"]`);
          await page.screenshot({ path: path.join(SHOTS, `${view.slice('view-'.length)}-${width}-${scheme}.png`) });
          for (const line of describeViolations(await axe(page))) found.push(`${view}: ${line}`);
        }
        await page.click('[data-testid="view-qna"]');
        expect(found).toEqual([]);
      });
    }
  }
});
