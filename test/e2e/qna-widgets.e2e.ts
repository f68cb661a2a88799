// The Q&A core against BOTH sandbox moderator widgets, each read through its own bundled profile (chosen by
// the extension from the profile data, nothing configured): kep-2026 (ids and state in attributes, buttons
// in the row) and kep-variant (no ids, state by tab, a row menu with a confirmation dialog, a virtualised
// list in an open shadow root, German labels). Attach and list, approve, dismiss, answer in text (public
// and private), answer live, each checked against the sandbox's server truth. The full suite on kep-2026
// alone is qna-cnc.e2e.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ask, moderatorUrl, openModeration, panelIdOf, QNA_WIDGETS, startQnaSandbox, truthOf, uniqueTag, waitTruth, WIDGET_LIVE, type QnaPanel, type QnaWidget } from './harness/qna';
import { useSandboxChromium } from './harness/setup';
import { waitFor } from './harness/wait';

describe.each(QNA_WIDGETS)('Q&A on the %s widget', (widget: QnaWidget) => {
  const env = useSandboxChromium({ sandbox: () => startQnaSandbox(widget) });
  beforeEach(() => {
    env.h.errors.length = 0;
  });
  afterEach(async () => {
    await env.h.closePagesExceptFirst();
  });

  async function moderate(tag: string): Promise<QnaPanel> {
    const { panel } = await openModeration(env.h, moderatorUrl(), widget);
    await panel.search(tag);
    return panel;
  }

  it('attaches with the profile made for the widget and lists a question in Pending', async () => {
    const tag = uniqueTag();
    const id = ask(env.sb, `${tag} Where are the slides?`, { userId: 'asker-a' });
    const panel = await moderate(tag);
    await panel.waitItem(panelIdOf(env.sb, id, widget), 'pending');
    const row = panel.item(panelIdOf(env.sb, id, widget));
    expect(((await row.textContent()) ?? '').includes(`${tag} Where are the slides?`)).toBe(true);
    // The extension chose this widget's profile from the data (the diagnostics name it).
    const page = env.h.context.pages().find((p) => p.url().includes('chatandcollaboration'))!;
    expect(await page.locator(WIDGET_LIVE[widget]).count()).toBe(1);
    expect(await panel.failedCommands()).toEqual([]);
  });

  it('approve: the server says approved, the panel lists it in Approved', async () => {
    const tag = uniqueTag();
    const id = ask(env.sb, `${tag} When does the keynote start?`, { userId: 'asker-b' });
    const pid = panelIdOf(env.sb, id, widget);
    const panel = await moderate(tag);
    await panel.waitItem(pid, 'pending');
    await panel.rowAction(pid, 'qna-approve');
    await waitTruth(env.sb, 'state approved', id, (q) => q.state === 'approved');
    await panel.waitItem(pid, 'approved');
    await panel.waitCommandsDone(pid);
    expect(await panel.failedCommands()).toEqual([]);
  });

  it('dismiss: the server says dismissed, the panel lists it in Dismissed', async () => {
    const tag = uniqueTag();
    const id = ask(env.sb, `${tag} Is the recording free?`, { userId: 'asker-c' });
    const pid = panelIdOf(env.sb, id, widget);
    const panel = await moderate(tag);
    await panel.waitItem(pid, 'pending');
    await panel.rowAction(pid, 'qna-dismiss');
    await waitTruth(env.sb, 'state dismissed', id, (q) => q.state === 'dismissed');
    await panel.waitItem(pid, 'dismissed');
    await panel.waitCommandsDone(pid);
    expect(await panel.failedCommands()).toEqual([]);
  });

  it('answer in text, publicly then privately: the server holds both, the panel lists it as Answered', async () => {
    const tag = uniqueTag();
    const id = ask(env.sb, `${tag} Which regions are supported?`, { userId: 'asker-d' });
    const pid = panelIdOf(env.sb, id, widget);
    const panel = await moderate(tag);
    await panel.waitItem(pid, 'pending');
    await panel.rowAction(pid, 'qna-approve');
    await waitTruth(env.sb, 'approved', id, (q) => q.state === 'approved');
    await panel.waitItem(pid, 'approved');
    await panel.answer(pid, 'public', 'All EU and US regions.');
    await waitTruth(env.sb, 'a public answer', id, (q) => q.answers.some((a) => a.visibility === 'public'));
    await panel.waitItem(pid, 'answered', 10_000);
    await panel.answer(pid, 'private', 'You are on the APAC waitlist.');
    await waitTruth(env.sb, 'a private answer', id, (q) => q.answers.some((a) => a.visibility === 'private'));
    expect(truthOf(env.sb, id).answers.map((a) => [a.visibility, a.text])).toEqual([
      ['public', 'All EU and US regions.'],
      ['private', 'You are on the APAC waitlist.'],
    ]);
    await waitFor('the panel row to list both answers', () => panel.item(pid).locator('[data-testid=qna-answers] li').allTextContents(), (t) => t.length === 2, {
      timeout: 10_000,
    });
  });

  it('answer live: the server marks it answered live, the panel lists it as Answered', async () => {
    const tag = uniqueTag();
    const id = ask(env.sb, `${tag} What about pricing?`, { userId: 'asker-e' });
    const pid = panelIdOf(env.sb, id, widget);
    const panel = await moderate(tag);
    await panel.waitItem(pid, 'pending');
    await panel.rowAction(pid, 'qna-approve');
    await panel.waitItem(pid, 'approved');
    await panel.rowAction(pid, 'qna-answered-live');
    await waitTruth(env.sb, 'answeredLive', id, (q) => q.answeredLive);
    await panel.waitItem(pid, 'answered', 10_000);
    expect(await panel.failedCommands()).toEqual([]);
  });

  it('a question far down a long list (not rendered by a virtualised widget) is listed, and approved by scrolling to it', async () => {
    const tag = uniqueTag();
    // More questions than the variant renders (a 420 px list of 120 px rows: about 6 with overscan); the
    // widget sorts by recent activity, so the first asked is at the bottom, not in the DOM.
    const ids = Array.from({ length: 14 }, (_, i) => ask(env.sb, `${tag} ${i === 0 ? 'Oldest' : 'Newer'} question ${i + 1}`, { userId: `asker-long-${i}` }));
    const oldest = panelIdOf(env.sb, ids[0]!, widget);
    const panel = await moderate(tag);
    // The panel's own list is virtualised too: narrow it to the oldest (other tests leave questions pending).
    await panel.search(`${tag} Oldest`);
    await panel.waitItem(oldest, 'pending', 15_000);
    expect(await panel.count('pending')).toBeGreaterThanOrEqual(14);
    await panel.rowAction(oldest, 'qna-approve');
    await waitTruth(env.sb, 'the oldest approved', ids[0]!, (q) => q.state === 'approved');
    await panel.waitItem(oldest, 'approved');
    await panel.waitCommandsDone(oldest);
    expect(await panel.failedCommands()).toEqual([]);
  });
});
