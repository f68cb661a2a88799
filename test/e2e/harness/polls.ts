// The panel's poll library, as the polls and session-follow e2e tests drive it.
import type { Locator } from 'playwright-core';
import type { Panel } from './chromium';
import { waitFor } from './wait';

/** A poll of the library by its question. */
export const pollItem = (panel: Panel, question: string): Locator =>
  panel.page.locator(`[data-testid=poll-item]:has([data-testid=poll-item-question]:text-is(${JSON.stringify(question)}))`);

/** Writes a poll in the editor and saves it; resolves once the library says it is saved in Kaltura. */
export async function preparePoll(panel: Panel, question: string, options: string[]): Promise<void> {
  const p = panel.page;
  await p.click('[data-testid=poll-new]');
  await p.waitForSelector('[data-testid=poll-editor]');
  await p.fill('[data-testid=poll-question]', question);
  for (let i = 0; i < options.length; i++) {
    if (i >= 2) await p.click('[data-testid=poll-add-option]');
    await p.fill(`[data-testid=poll-option-${i}]`, options[i]!);
  }
  await p.click('[data-testid=poll-save]');
  await waitFor('the panel back in the poll library', () => p.locator('[data-testid=polls-view]').getAttribute('data-mode'), (m) => m === 'library');
  await waitFor(`"${question}" saved in Kaltura`, () => pollItem(panel, question).locator('[data-testid=poll-item-sync]').textContent(), (t) => t === 'Saved in Kaltura');
}
