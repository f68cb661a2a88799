// Teach mode end to end: the sandbox's second widget under a tag no bundled profile matches (so the
// extension starts with no profile for it), and a scripted teach session through the panel's teach view and
// the picker overlay on the event page, counting every click the moderator makes (panel and page).
// Used by test/e2e/teach.e2e.ts and test/bench/teach.bench.ts.
import type { Locator, Page } from 'playwright-core';
import type { Sandbox } from '../../../sandbox/server';
import { VARIANT_LABELS, VARIANT_MARKUP, VARIANT_TABS } from '../../../sandbox/site/variant-markup';
import type { ChromiumHarness } from './chromium';
import { ask, CNC_ENTRY, moderatorUrl, startQnaSandbox } from './qna';
import { waitFor } from './wait';

/** The variant widget's host element in the teach sandbox: not `cnc-moderation`, so no bundled profile matches. */
export const UNTAUGHT_HOST = 'fragen-moderation';
export const UNTAUGHT_LIVE = `${UNTAUGHT_HOST}[data-connection="live"]`;
const PICKER = 'cnc-moderator-picker';

/** The sandbox serving the variant widget under UNTAUGHT_HOST (a test-only switch, sandbox/site/assets.ts). */
export async function startUntaughtSandbox(): Promise<Sandbox> {
  const before = process.env.SANDBOX_VARIANT_HOST;
  process.env.SANDBOX_VARIANT_HOST = UNTAUGHT_HOST;
  try {
    return await startQnaSandbox('kep-variant');
  } finally {
    if (before === undefined) delete process.env.SANDBOX_VARIANT_HOST;
    else process.env.SANDBOX_VARIANT_HOST = before;
  }
}

export interface TeachRun {
  page: Page;
  panel: Page;
  tabId: number;
  /** Clicks the moderator made: panel buttons and clicks on the page. */
  clicks: number;
}

/** Opens the event page with the untaught widget and the panel on its page view (no profile matched). */
export async function openUntaught(h: ChromiumHarness): Promise<{ page: Page; panel: Page; tabId: number }> {
  const page = await h.openTab(moderatorUrl());
  await page.waitForSelector(UNTAUGHT_LIVE, { timeout: 20_000 });
  const tabId = await h.tabIdOf(page);
  const panel = await h.openPanel(tabId);
  await waitFor('the panel to see a Kaltura page without a widget it knows', () => panel.locator('[data-testid=panel]').getAttribute('data-state'), (s) => s === 'kaltura-no-cnc', { timeout: 20_000 });
  return { page, panel, tabId };
}

/** The shadow root's elements, by CSS (Playwright's CSS pierces open shadow roots). */
const inWidget = (page: Page, selector: string) => page.locator(`${UNTAUGHT_HOST} ${selector}`);

/** A question row of the variant widget by its text. */
export const rowOf = (page: Page, text: string) => inWidget(page, '[role=listitem]').filter({ hasText: text });

/**
 * The scripted session: from the panel's page view to a saved custom profile, with test questions for the
 * actions (performed: the confirmation dialogs appear only then), the optional restore, claim and release
 * included (this widget offers them). Returns the clicks it needed.
 */
export async function teachTheWidget(h: ChromiumHarness, sb: Sandbox, tag: string): Promise<TeachRun> {
  // Test questions: the actions are recorded on them (performed), and rows to derive selectors from.
  const texts = ['approve me', 'dismiss me', 'answer me', 'mark me live', 'claim me'].map((t) => `${tag} ${t}`);
  const ids = texts.map((t, i) => ask(sb, t, { userId: `teach-${i}` }));
  // A question a colleague already answered (privately): the teach session shows where answers are.
  const answered = sb.control.act({ entryId: CNC_ENTRY, userId: 'colleague-mod', moderator: true, action: { type: 'qna.answer', questionId: ids[2]!, text: 'Noted, thanks.', private: true } });
  if (!answered.ok) throw new Error(`sandbox refused qna.answer: ${JSON.stringify(answered)}`);
  const { page, panel, tabId } = await openUntaught(h);
  await rowOf(page, texts[3]!).waitFor({ timeout: 15_000 });
  let clicks = 0;
  const panelClick = async (testid: string) => {
    clicks++;
    await panel.click(`[data-testid="${testid}"]`);
  };
  const pageClick = async (target: Locator) => {
    await waitFor('the picker overlay on the event page', () => page.locator(PICKER).count(), (n) => n === 1, { timeout: 10_000 });
    // In view first (a row low in the virtualised list): the moderator would scroll to it too. Scrolling the
    // list re-renders its rows (and a server update may too): a row replaced meanwhile is looked up again.
    type Box = { x: number; y: number; width: number; height: number };
    const measure = async (scroll: boolean): Promise<Box> =>
      target.evaluate((el, scroll) => {
        if (scroll) el.scrollIntoView({ block: 'center', inline: 'center' });
        const r = el.getBoundingClientRect();
        return { x: r.left, y: r.top, width: r.width, height: r.height };
      }, scroll, { timeout: 5_000 });
    let point: { x: number; y: number } | null = null;
    for (let attempt = 0; !point; attempt++) {
      try {
        // 15 s, not 5: the variant widget shows its menus and dialogs from a timer (as a framework's portal
        // would), and on a machine loaded by the rest of the suite the menu once came later than 5 s.
        await target.waitFor({ state: 'visible', timeout: 15_000 });
        // The DOM's own scrollIntoView, not Playwright's scrollIntoViewIfNeeded: that one waits for the
        // element to be stable over animation frames, which the hidden event page (the panel has the
        // window) hardly runs, ~2 s per click.
        const box = await measure(true);
        const x = box.x + box.width / 2;
        const y = box.y + box.height / 2;
        // The click goes to whatever is on top at that point: wait until that is the picker's layer.
        await waitFor('the picker layer to own the click point', () => page.evaluate(([px, py, tag]) => document.elementFromPoint(px, py)?.localName === tag, [x, y, PICKER] as const), (own) => own, { timeout: 5_000 });
        // Measured again just before the click: a row that moved meanwhile (the list re-rendered as a
        // question left the tab after the action recorded before) is measured anew, or the click lands on
        // whatever slid under the old point, as the teach e2e once saw under CI's load.
        const now = await measure(false);
        if (now.x === box.x && now.y === box.y && now.width === box.width && now.height === box.height) point = { x, y };
      } catch (e) {
        if (attempt >= 3 || !/not attached|detached/i.test(String(e))) throw e;
      }
      if (!point && attempt >= 5) throw new Error(`nothing to click at ${String(target)}`);
    }
    const { x, y } = point;
    clicks++;
    await page.mouse.click(x, y);
    await waitFor('the picker overlay to go', () => page.locator(PICKER).count(), (n) => n === 0, { timeout: 5_000 });
    await waitFor('the teach view to take the click', () => panel.locator('[data-testid=teach-busy]').count(), (n) => n === 0, { timeout: 5_000 });
  };
  const pick = async (target: string, on: Locator) => {
    await panelClick(`teach-pick-${target}`);
    await pageClick(on);
    const error = await panel.locator('[data-testid=teach-error]').textContent({ timeout: 200 }).catch(() => null);
    if (error) throw new Error(`teach: picking the ${target} was refused: ${error}`);
  };
  const record = async (action: string, on: Locator) => {
    await panelClick(`teach-record-${action}`);
    await pageClick(on);
  };

  await panelClick('diagnostics-teach');
  await panel.locator('[data-testid=teach]').waitFor({ timeout: 10_000 });
  const first = rowOf(page, texts[0]!);
  await pick('row', first.locator('.autor'));
  await pick('text', first.locator('.inhalt').first());
  await pick('author', first.locator('.autor'));
  await pick('votes', first.locator('.stimmen'));
  await pick('time', first.locator('time'));
  await pick('tab', inWidget(page, '[role=tab]').first());
  const answer = rowOf(page, texts[2]!).locator('.antwort');
  await answer.first().waitFor({ timeout: 10_000 });
  await pick('answer', answer.first().locator('.inhalt'));
  await pick('visibility', answer.first().locator('.sichtbarkeit'));

  // Actions, on test questions: performed, so that menus and confirmation dialogs appear.
  await panelClick('teach-perform');
  const more = (text: string) => rowOf(page, text).locator(`[aria-label="${VARIANT_LABELS.more}"]`);
  const item = (name: string) => inWidget(page, '[role=menuitem]').filter({ hasText: new RegExp(`^${name}$`) });
  const dialogButton = (name: string) => inWidget(page, '[role=dialog] button').filter({ hasText: new RegExp(`^${name}$`) });
  const answerBox = inWidget(page, `[role=dialog] textarea`);

  await record('approve', more(texts[0]!));
  await record('approve', item(VARIANT_LABELS.approve));
  await record('approve', dialogButton(VARIANT_LABELS.confirm));
  // The approved question leaves the Pending tab once the server says so, and the rows below it move up:
  // the next click waits for that, as a moderator would, rather than aim at a row about to move.
  await rowOf(page, texts[0]!).waitFor({ state: 'hidden', timeout: 15_000 });
  await record('dismiss', more(texts[1]!));
  await record('dismiss', item(VARIANT_LABELS.dismiss));
  await record('dismiss', dialogButton(VARIANT_LABELS.confirm));
  await rowOf(page, texts[1]!).waitFor({ state: 'hidden', timeout: 15_000 });
  // An answer sent empty is refused by the widget: recording it changes nothing on the test question.
  await record('answer-public', more(texts[2]!));
  await record('answer-public', item(VARIANT_LABELS.answer));
  await record('answer-public', answerBox);
  await record('answer-public', dialogButton(VARIANT_LABELS.answerPublic));
  await record('answer-private', more(texts[2]!));
  await record('answer-private', item(VARIANT_LABELS.answer));
  await record('answer-private', answerBox);
  await record('answer-private', dialogButton(VARIANT_LABELS.answerPrivate));
  await record('answered-live', more(texts[3]!));
  await record('answered-live', item(VARIANT_LABELS.answeredLive));
  // The optional ones this widget offers: claim, then release the same test question (its menu offers
  // "Freigeben" only once it is ours), and restore the question dismissed above, in its tab.
  await record('claim', more(texts[4]!));
  await record('claim', item(VARIANT_LABELS.claim));
  // Claimed now: its "handled by" shows, and names this moderator (so the panel can tell its claims).
  await pick('handledBy', rowOf(page, texts[4]!).locator(`.${VARIANT_MARKUP.handledBy}`));
  await record('release', more(texts[4]!));
  await record('release', item(VARIANT_LABELS.release));
  clicks++; // the moderator opens the tab of dismissed questions to find the one to restore
  await inWidget(page, '[role=tab]').filter({ hasText: new RegExp(`^${VARIANT_TABS.find((t) => t.key === 'dismissed')!.label}`) }).click();
  await record('restore', more(texts[1]!));
  await record('restore', item(VARIANT_LABELS.restore));

  await waitFor('the teach view to allow saving', () => panel.locator('[data-testid=teach-save]').isEnabled(), (ok) => ok, { timeout: 5_000 });
  await panelClick('teach-save');
  await panel.locator('[data-testid=teach-saved]').waitFor({ timeout: 5_000 });
  return { page, panel, tabId, clicks };
}

export { CNC_ENTRY };
