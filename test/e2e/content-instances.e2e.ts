// One live content-script instance per document (issue 13), on the production build in Chromium. The
// background runs the content script again in a tab that may already run it (when a custom origin is
// granted, and when the extension is installed or updated with Kaltura tabs open: lib/platform/injection.ts,
// which puts the page bridge in once per document and the content script every time); several such starts
// close together, as an install right while a tab loads, once left two instances alive, and each answered a
// teach pick with its own picker layer. Here: the background's own injection, started by the panel's
// "access granted" three times at once, then a pick: one picker layer, and none left once the row is picked.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/server';
import { ChromiumHarness } from './harness/chromium';
import { grantFromPanel } from './harness/grant';
import { ask, moderatorUrl, uniqueTag } from './harness/qna';
import { rowOf, startUntaughtSandbox, UNTAUGHT_LIVE } from './harness/teach';
import { waitFor } from './harness/wait';

const PICKER = 'cnc-moderator-picker';
let sb: Sandbox;
let h: ChromiumHarness;

beforeAll(async () => {
  sb = await startUntaughtSandbox();
  h = await ChromiumHarness.launch({ sandboxPort: sb.port });
});
afterAll(async () => {
  await h?.close();
  await sb?.close();
});

type TeachAnswer = { ok: boolean; view?: { picked: Record<string, string> } } | undefined;
/** A teach message to the tab's top frame, as the panel's teach view sends it; the first answer. */
const teach = (tabId: number, message: object) =>
  h.swEval(
    ([id, m]) => (globalThis as any).chrome.tabs.sendMessage(id, m, { frameId: 0 }) as Promise<TeachAnswer>,
    [tabId, message] as const,
  );

it('after the background runs the content script again (three times at once), one instance answers a pick', async () => {
  const text = `${uniqueTag('I')} pick me`;
  ask(sb, text, { userId: 'instances-1' });
  const page = await h.openTab(moderatorUrl());
  await page.waitForSelector(UNTAUGHT_LIVE, { timeout: 20_000 });
  await rowOf(page, text).waitFor({ timeout: 15_000 });
  const tabId = await h.tabIdOf(page);
  await waitFor('the content script to answer', () => teach(tabId, { type: 'teach-view' }), (r) => r?.ok === true, { timeout: 15_000 });

  // The background's injection (the page bridge unless the document has one, then the content script),
  // three times at once, as the panel starts it after the moderator granted the origin.
  await grantFromPanel(h, tabId, new URL(page.url()).origin, 3);
  await waitFor('the content script to answer again', () => teach(tabId, { type: 'teach-view' }), (r) => r?.ok === true, { timeout: 15_000 });

  const picked = teach(tabId, { type: 'teach-pick', target: 'row' });
  await waitFor('a picker layer on the page', () => page.locator(PICKER).count(), (n) => n > 0, { timeout: 10_000 });
  const box = await rowOf(page, text).locator('.autor').boundingBox();
  if (!box) throw new Error('the row to pick is not on screen');
  const layers = await page.locator(PICKER).count();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const answer = await picked;
  // Two live instances: two layers, and the click on the top one picked the other layer, not the row.
  expect(answer?.ok, `${JSON.stringify(answer)} (picker layers before the click: ${layers})`).toBe(true);
  expect(answer?.view?.picked.row).toBeTruthy();
  // A second live instance would have put up its own layer, still waiting for a click.
  expect(await page.locator(PICKER).count()).toBe(0);
});
