// Q&A moderation on the legacy webcast surface (cue points + Kaltura-QnA metadata): the moderator connects
// an ADMIN session with the partner's app token in the panel's "This page" view and starts moderating;
// attendees ask through the webcast Q&A under the player. "Approve" is not a Kaltura-QnA concept: the panel
// does not offer it and says why.
import { afterEach, describe, expect, it } from 'vitest';
import { QnaPanel, WEBCAST_ENTRY, type AttendeePage } from './harness/qna';
import { EVENT_HOST } from './harness/sandbox';
import { useSandboxChromium } from './harness/setup';
import { waitFor } from './harness/wait';

const env = useSandboxChromium({ attendees: true });
let panel: QnaPanel;

afterEach(async () => {
  await env.people.closeAll();
});

/** Asks through the webcast Q&A under the player; returns the thread's root cue point id. */
async function askWebcast(a: AttendeePage, text: string): Promise<string> {
  await a.page.fill('.kep-webcast-qna textarea', text);
  await a.page.click('.kep-webcast-qna .kep-composer-send');
  const thread = a.page.locator('.kep-webcast-thread').filter({ has: a.page.locator(`p.kep-text:text-is(${JSON.stringify(text)})`) });
  await thread.waitFor({ timeout: 10_000 });
  const id = await thread.getAttribute('data-kep-cue-point-id');
  if (!id) throw new Error(`the attendee's thread for ${JSON.stringify(text)} has no cue point id`);
  return id;
}

function threadAnswers(a: AttendeePage, id: string) {
  return a.page.locator(`.kep-webcast-thread[data-kep-cue-point-id="${id}"] .kep-answer`).evaluateAll((els) =>
    els.map((e) => ({ type: e.getAttribute('data-kep-type'), text: (e.textContent ?? '').trim() })),
  );
}

describe('Q&A on the legacy webcast surface', () => {
  it('connects with the app token and starts moderating; "approve" is not offered, with the reason', async () => {
    const page = await env.h.openTab(`https://${EVENT_HOST}/media/t/${WEBCAST_ENTRY}?as=moderator`);
    const tabId = await env.h.tabIdOf(page);
    panel = new QnaPanel(await env.h.openPanel(tabId));
    await waitFor('the admin form in "This page"', () => panel.tid('admin-token-id').count(), (n) => n === 1, { timeout: 20_000 });
    // A wrong token: Kaltura refuses, and what was typed stays to be corrected.
    await panel.tid('admin-token-id').fill(env.sb.info.appToken.id);
    await panel.tid('admin-token').fill('not-the-token');
    await panel.tid('admin-connect').click();
    await waitFor('the refusal', () => panel.text('admin-error'), (t) => /refused the app token/i.test(t ?? ''), { timeout: 10_000 });
    expect(await panel.tid('admin-token-id').inputValue(), 'the token id is kept after a refusal').toBe(env.sb.info.appToken.id);
    expect(await panel.tid('admin-token').inputValue(), 'the token is kept after a refusal').toBe('not-the-token');
    await panel.tid('admin-token').fill(env.sb.info.appToken.token);
    await expect.poll(() => panel.tid('admin-connect').isEnabled(), { timeout: 3_000 }).toBe(true);
    await panel.tid('admin-connect').click();
    await waitFor(
      'the admin session to connect ("webcast-start" offered)',
      async () => ({ start: await panel.tid('webcast-start').count(), error: await panel.text('admin-error'), status: await panel.text('admin-status') }),
      (v) => v.start === 1,
      { timeout: 10_000 },
    );
    // Sessions last hours to days: the end is shown with its date, not a bare time.
    const expiresAt = new Date(Date.now() + 86_400_000);
    const status = (await panel.text('admin-status')) ?? '';
    expect(status, 'the expiry has its date').toContain(expiresAt.toLocaleDateString('en-US', { month: 'short', day: 'numeric' }));
    await panel.tid('webcast-start').click();
    await waitFor('the Q&A view tab', () => panel.tid('view-qna').count(), (n) => n === 1, { timeout: 10_000 });
    await panel.tid('view-qna').click();
    await panel.waitReady(10_000);

    await panel.showTab('pending');
    const note = panel.tid('qna-absent-approve');
    await note.waitFor({ timeout: 3_000 });
    expect(((await note.textContent()) ?? '').trim()).toMatch(/Approve isn.t available: Kaltura-QnA has no approval step/i);
    expect(await panel.page.locator('[data-testid=qna-approve], [data-testid=qna-edit-approve], [data-testid=qna-bulk-approve]').count()).toBe(0);
  });

  it('a question asked by an attendee appears; public and private answers reach the asker, not others; dismiss', async () => {
    if (!panel) throw new Error('the previous test did not start webcast moderation');
    const asker = await env.people.open('wc-asker', WEBCAST_ENTRY);
    const other = await env.people.open('wc-other', WEBCAST_ENTRY);
    const id = await askWebcast(asker, 'Webcast: will the replay have captions?');
    await panel.search('captions');
    const row = await panel.waitItem(id, 'approved', 15_000);
    expect(((await row.locator('[data-testid=qna-text]').textContent()) ?? '').trim()).toBe('Webcast: will the replay have captions?');
    expect(((await row.locator('[data-testid=qna-author]').textContent()) ?? '').trim(), 'a signed-in asker is named, not "Anonymous"').toBe('wc-asker');
    expect(await row.locator('[data-testid=qna-approve]').count(), 'no approve on the webcast surface').toBe(0);

    await panel.answer(id, 'public', 'Yes, in English and Spanish.');
    await waitFor('the asker to see the public answer (AnswerOnAir)', () => threadAnswers(asker, id), (v) => v.some((a) => a.text.includes('Yes, in English and Spanish.')), {
      timeout: 15_000,
    });
    await panel.waitItemIn(id, ['approved', 'answered'], 15_000);
    await panel.answer(id, 'private', 'We will email you the captions file.');
    await waitFor('the asker to see the private answer', () => threadAnswers(asker, id), (v) => v.some((a) => a.text.includes('email you the captions')), { timeout: 15_000 });
    // Answered in text, the question now lives in the Answered tab.
    await panel.showTab('answered');
    await waitFor('the panel to list both answers', () => panel.item(id).locator('[data-testid=qna-answers] li').allTextContents(), (t) => t.length >= 2, { timeout: 15_000 }).catch(
      async (e) => {
        throw new Error(`${(e as Error).message}; ${await panel.whereIs(id)}`);
      },
    );
    // The other attendee's own question appears only after its widget read the cue points again: that
    // read came after the private answer existed, so a leak would be on screen by now.
    await askWebcast(other, 'Webcast: is there a transcript?');
    const seenByOther = await other.page.locator('.kep-webcast-qna').innerText();
    expect(seenByOther, "another attendee sees the asker's private answer").not.toContain('email you the captions');

    const id2 = await askWebcast(asker, 'Webcast: buy cheap watches here');
    await panel.search('');
    await panel.showTab('approved');
    await panel.waitItem(id2, 'approved', 15_000);
    await panel.rowAction(id2, 'qna-dismiss');
    await panel.waitItem(id2, 'dismissed', 15_000);
    await panel.waitCommandsDone(id2, 15_000);
    expect(await panel.failedCommands()).toEqual([]);
  });

  it('an expired admin session says so with its date, keeps the token id, and once connected again the error clears', async () => {
    if (!panel) throw new Error('the first test did not start webcast moderation');
    // Kaltura's clock passes the session's end (the app token's sessions last a day).
    const realNow = env.sb.state.now;
    env.sb.state.now = () => realNow() + 2 * 86_400;
    try {
      await panel.tid('view-qna').click();
      await waitFor('the Q&A banner to say the session expired', () => panel.text('qna-problem'), (t) => /admin session expired: connect again/i.test(t ?? ''), { timeout: 15_000 });
      expect((await panel.text('qna-problem')) ?? '', 'no KS in what the moderator is shown').not.toMatch(/djJ8|Invalid KS/);

      await panel.tid('view-page').click();
      await waitFor('"expired, connect again" in This page', () => panel.text('admin-expired'), (t) => /expired on .+: connect again/i.test(t ?? ''), { timeout: 10_000 });
      expect(await panel.tid('admin-token-id').inputValue(), 'the token id is kept to connect again').toBe(env.sb.info.appToken.id);
      await panel.tid('admin-token').fill(env.sb.info.appToken.token);
      await panel.tid('admin-connect').click();
      // The running Q&A view picks the new session up by itself: nothing to start again.
      await waitFor('connected again', () => panel.text('admin-status'), (t) => /^Connected as/.test(t ?? ''), { timeout: 10_000 });
      await panel.tid('view-qna').click();
      await waitFor('the connection error to clear once a poll succeeds', async () => ({ problem: await panel.tid('qna-problem').count(), stale: await panel.tid('qna-stale').count() }), (v) => v.problem === 0 && v.stale === 0, {
        timeout: 15_000,
      });
    } finally {
      env.sb.state.now = realNow;
    }
  });
});
