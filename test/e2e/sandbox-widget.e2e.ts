// @vitest-environment node
// The sandbox's CnC widget in real Chromium: an attendee page and a moderator page side by side (two
// browser contexts, no extension), each seeing the other's actions through the sandbox's WebSocket.
// Run: E2E_SKIP_BUILD=1 npx vitest run -c test/e2e/vitest.config.ts test/e2e/sandbox-widget.e2e.ts
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startSandbox } from '../../sandbox/server';
import { useSandboxChromium } from './harness/setup';

const E = '1_sessiona1';
const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
// No extension here: the attendees' browser only, one context (cookie jar) a page.
const env = useSandboxChromium({ sandbox: () => startSandbox({ port: 0, seed: 1 }), browsers: 0, attendees: true });
let attendee: Page;
let moderator: Page;

const sel = {
  sidebar: (m: string) => `button.kep-sidebar-button[data-kep-module="${m}"]`,
  question: (text: string) => `li.kep-question:has(p.kep-text:text-is(${JSON.stringify(text)}))`,
  message: (text: string) => `li.kep-chat-message:has(span.kep-text:text-is(${JSON.stringify(text)}))`,
};

async function openPage(url: string, signInAs?: string): Promise<Page> {
  const context = await env.people.browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  if (signInAs) await page.goto(`https://1234567.events.kaltura.com/login?user=${signInAs}`);
  await page.goto(url);
  await page.waitForSelector('#kep-widget-1[data-kep-connection="live"]', { timeout: 15_000 });
  return page;
}

async function compose(page: Page, kind: string, text: string) {
  await page.fill(`form.kep-composer[data-kep-composer="${kind}"] .kep-composer-input`, text);
  await page.click(`form.kep-composer[data-kep-composer="${kind}"] .kep-composer-send`);
}

beforeAll(async () => {
  attendee = await openPage(`https://1234567.events.kaltura.com/media/t/${E}`);
  moderator = await openPage(`https://1234567.events.kaltura.com/chatandcollaboration/index/moderator?entryId=${E}`);
}, 60_000);

describe('sandbox widget, attendee and moderator side by side', () => {
  it('renders the kep-* names the extension reads', async () => {
    expect(await moderator.locator('#kep-widget-1.kep-moderator').count()).toBe(1);
    expect(await attendee.locator('#kep-widget-1.kep-moderator').count()).toBe(0);
    for (const m of ['chat', 'qna', 'polls', 'announcements']) {
      expect(await attendee.locator(sel.sidebar(m)).count()).toBe(1);
      expect(await attendee.locator(`section.kep-module.kep-module-${m}`).count()).toBe(1);
    }
    expect(await attendee.locator('.kep-sidebar-buttons').count()).toBe(1);
    expect(await attendee.locator('.kep-reactions').count()).toBe(1);
    expect(await attendee.locator('.kep-live-reactions').count()).toBe(1);
  });

  it('Q&A: ask → pending for the moderator → approve → approved for the attendee; public and private answers', async () => {
    await attendee.click(sel.sidebar('qna'));
    await moderator.click(sel.sidebar('qna'));
    const text = 'When will the roadmap be public?';
    await compose(attendee, 'qna', text);
    const modQ = moderator.locator(sel.question(text));
    await modQ.waitFor({ timeout: 2000 });
    expect(await modQ.getAttribute('data-kep-state')).toBe('pending');
    expect(await attendee.locator(sel.question(text)).getAttribute('data-kep-state')).toBe('pending');

    await modQ.locator('[data-kep-action="approve"]').click();
    await attendee.locator(`${sel.question(text)}[data-kep-state="approved"]`).waitFor({ timeout: 1000 });

    await modQ.locator('.kep-answer-input').fill('In March.');
    await modQ.locator('[data-kep-action="answer-public"]').click();
    await attendee.locator(`${sel.question(text)} .kep-answer[data-kep-visibility="public"] .kep-text:text-is("In March.")`).waitFor({ timeout: 1000 });
    await modQ.locator('.kep-answer-input').fill('DM: you are on the beta list.');
    await modQ.locator('[data-kep-action="answer-private"]').click();
    await attendee.locator(`${sel.question(text)} .kep-answer[data-kep-visibility="private"]`).waitFor({ timeout: 1000 });
    await modQ.locator('[data-kep-action="answered-live"]').click();
    await attendee.locator(`${sel.question(text)}[data-kep-answered-live="true"]`).waitFor({ timeout: 1000 });

    // A third attendee never sees the private answer.
    const other = await openPage(`https://1234567.events.kaltura.com/media/t/${E}`, 'carol');
    try {
      await other.click(sel.sidebar('qna'));
      await other.locator(sel.question(text)).waitFor({ timeout: 2000 });
      expect(await other.locator(`${sel.question(text)} .kep-answer`).count()).toBe(1);
    } finally {
      await other.context().close();
    }
    const truth = env.sb.control.truth(E).questions.find((q) => q.text === text)!;
    expect(truth).toMatchObject({ state: 'approved', answeredLive: true, askerId: 'attendee-1', handledBy: 'moderator-1' });
    expect(truth.answers.map((a) => a.visibility)).toEqual(['public', 'private']);
  });

  it('Q&A: a moderator typing an answer keeps it (and the focus) while the question changes; Enter adds no line', async () => {
    await attendee.click(sel.sidebar('qna'));
    await moderator.click(sel.sidebar('qna'));
    const text = 'Will the slides be shared?';
    await compose(attendee, 'qna', text);
    const modQ = moderator.locator(sel.question(text));
    await modQ.waitFor({ timeout: 2000 });
    await modQ.locator('[data-kep-action="approve"]').click();
    const attQ = attendee.locator(`${sel.question(text)}[data-kep-state="approved"]`);
    await attQ.waitFor({ timeout: 2000 });
    await modQ.locator('.kep-answer-input').click();
    await moderator.keyboard.type('Yes, after');
    await moderator.keyboard.press('Enter');
    // The question changes under the moderator's hands (an attendee's upvote: the row is rendered again).
    await attQ.locator('[data-kep-action="upvote"]').click();
    await moderator.locator(`${sel.question(text)} .kep-upvote-count:text-is("1")`).waitFor({ timeout: 2000 });
    await moderator.keyboard.type(' the talk.');
    expect(await modQ.locator('.kep-answer-input').textContent()).toBe('Yes, after the talk.');
    await modQ.locator('[data-kep-action="answer-public"]').click();
    await attendee.locator(`${sel.question(text)} .kep-answer .kep-text:text-is("Yes, after the talk.")`).waitFor({ timeout: 2000 });
  });

  it('chat: messages, reactions, pin and delete are visible both ways', async () => {
    await attendee.click(sel.sidebar('chat'));
    await moderator.click(sel.sidebar('chat'));
    await compose(attendee, 'chat', 'Hello from the attendee');
    const modMsg = moderator.locator(sel.message('Hello from the attendee'));
    await modMsg.waitFor({ timeout: 1000 });
    expect(await modMsg.locator('.kep-sender').textContent()).toBe('Attendee 1');
    await compose(moderator, 'chat', 'Welcome, everyone');
    const attMsg = attendee.locator(sel.message('Welcome, everyone'));
    await attMsg.waitFor({ timeout: 1000 });
    await attMsg.locator('.kep-message-reaction[data-kep-emoji="👍"]').click();
    await moderator.locator(`${sel.message('Welcome, everyone')} .kep-message-reaction[data-kep-emoji="👍"]:text-is("👍 1")`).waitFor({ timeout: 1000 });

    await moderator.locator(`${sel.message('Welcome, everyone')} [data-kep-action="pin"]`).click();
    await attendee.locator(`${sel.message('Welcome, everyone')}.kep-pinned`).waitFor({ timeout: 1000 });
    await attendee.locator('.kep-pinned-messages .kep-text:text-is("Welcome, everyone")').waitFor({ timeout: 1000 });

    await modMsg.locator('[data-kep-action="delete"]').click();
    await attendee.locator(sel.message('Hello from the attendee')).waitFor({ state: 'detached', timeout: 1000 });
    await moderator.locator(`${sel.message('Hello from the attendee')}.kep-deleted`).waitFor({ timeout: 1000 });
  });

  it('chat moderation: Block asks for a reason, the blocked list shows it, Unblock lets the person talk again; a moderator post is marked', async () => {
    await attendee.click(sel.sidebar('chat'));
    await moderator.click(sel.sidebar('chat'));
    await compose(attendee, 'chat', 'Click my link');
    const row = moderator.locator(sel.message('Click my link'));
    await row.waitFor({ timeout: 1000 });
    await row.locator('[data-kep-action="block"]').click();
    const form = moderator.locator('form.kep-block-form[data-kep-user-id="attendee-1"]');
    await form.waitFor({ timeout: 1000 });
    await form.locator('.kep-block-reason').fill('spam links');
    await form.locator('[data-kep-action="block-confirm"]').click();
    const listed = moderator.locator('.kep-blocked-list .kep-blocked-user[data-kep-user-id="attendee-1"]');
    await listed.waitFor({ timeout: 1000 });
    expect(await listed.locator('.kep-block-reason-text').textContent()).toBe('spam links');
    expect(env.sb.control.chat(E).blocked).toMatchObject([{ userId: 'attendee-1', reason: 'spam links', by: 'moderator-1' }]);
    await compose(attendee, 'chat', 'Still here?');
    await attendee.locator('.kep-error:not([hidden])').waitFor({ timeout: 1000 });
    expect(env.sb.control.chat(E).messages.some((m) => m.text === 'Still here?')).toBe(false);
    await listed.locator('[data-kep-action="unblock"]').click();
    await listed.waitFor({ state: 'detached', timeout: 1000 });
    expect(env.sb.control.chat(E).blocked).toEqual([]);
    await compose(moderator, 'chat', 'Rules are in the pinned message');
    await attendee.locator(`${sel.message('Rules are in the pinned message')}[data-kep-role="moderator"]`).waitFor({ timeout: 1000 });
  });

  it('announcements are shown prominently', async () => {
    await moderator.click(sel.sidebar('announcements'));
    await compose(moderator, 'announcement', 'Break in 5 minutes');
    await attendee.locator('.kep-announcement-banner .kep-text:text-is("Break in 5 minutes")').waitFor({ timeout: 1000 });
    expect(await attendee.locator('.kep-announcement-banner').isVisible()).toBe(true);
  });

  it('hostile text is rendered as text, nothing injected', async () => {
    await attendee.click(sel.sidebar('chat'));
    await moderator.click(sel.sidebar('chat'));
    await compose(attendee, 'chat', HOSTILE);
    await moderator.locator(sel.message(HOSTILE)).waitFor({ timeout: 1000 });
    await attendee.click(sel.sidebar('qna'));
    await moderator.click(sel.sidebar('qna'));
    await compose(attendee, 'qna', HOSTILE);
    await moderator.locator(sel.question(HOSTILE)).waitFor({ timeout: 1000 });
    for (const page of [attendee, moderator]) {
      expect(await page.locator('#kep-widget-1 img, #kep-widget-1 script').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    }
  });

  it('polls: a published poll reaches the attendee, the vote lands, results show once published', async () => {
    await attendee.click(sel.sidebar('polls'));
    const poll = env.sb.state.polls.create({ contextId: E, state: 'Published', content: { question: 'Ship it?', options: ['Yes', 'No'] } });
    const yes = attendee.locator(`li.kep-poll[data-kep-poll-id="${poll._id}"] .kep-poll-option:has-text("Yes")`);
    await yes.waitFor({ timeout: 2000 });
    await yes.click();
    await attendee.locator(`li.kep-poll[data-kep-poll-id="${poll._id}"] .kep-poll-option[data-kep-mine="true"]`).waitFor({ timeout: 2000 });
    expect(env.sb.state.polls.results(poll._id).answers).toBe(1);
    env.sb.state.polls.update(poll._id, { showResults: true });
    await attendee.locator(`li.kep-poll[data-kep-poll-id="${poll._id}"] .kep-poll-results`).first().waitFor({ timeout: 2000 });
  });

  it('webcast session: Q&A over API v3 cue points from the browser (multirequest add, polled list)', async () => {
    const page = await (await env.people.browser.newContext({ ignoreHTTPSErrors: true })).newPage();
    try {
      await page.goto('https://1234567.events.kaltura.com/media/t/1_webcast3');
      await page.waitForSelector('.kep-webcast-qna');
      expect(await page.locator('#kep-widget-1').count()).toBe(0);
      await page.fill('.kep-webcast-qna .kep-composer-input', 'Is the replay available? <b>x</b>');
      await page.click('.kep-webcast-qna .kep-composer-send');
      const thread = page.locator('.kep-webcast-thread:has(p.kep-text:text-is("Is the replay available? <b>x</b>"))');
      await thread.waitFor({ timeout: 8000 });
      expect(await thread.getAttribute('data-kep-type')).toBe('Question');
      expect(await page.locator('.kep-webcast-qna b').count()).toBe(0);
    } finally {
      await page.context().close();
    }
  });

  it('chat: a burst of 300 messages in one frame is listed at once, every one; the newest shown, the rest when the reader scrolls up', async () => {
    await moderator.click(sel.sidebar('chat'));
    await moderator.evaluate(() => {
      const w = window as unknown as { __burst: Set<string> };
      w.__burst = new Set();
      new MutationObserver((records) => {
        for (const r of records) for (const n of r.addedNodes) if (n instanceof Element && n.hasAttribute('data-kep-message-id')) w.__burst.add(n.getAttribute('data-kep-message-id')!);
      }).observe(document.body, { subtree: true, childList: true });
    });
    // One server turn: one WebSocket frame of 300 events, one flush of the widget (as after a stall).
    const ids: string[] = [];
    for (let i = 0; i < 300; i++) ids.push((env.sb.control.act({ entryId: E, userId: `burst-${i}`, action: { type: 'chat.post', text: `burst message ${i}` } }) as { id: string }).id);
    await moderator.waitForFunction((all) => all.every((id) => (window as unknown as { __burst: Set<string> }).__burst.has(id)), ids, { timeout: 10_000 });
    await moderator.locator(sel.message('burst message 299')).waitFor({ state: 'visible', timeout: 1000 });
    // Following the newest, the widget renders its last rows only (a virtualised list); the older ones it
    // keeps are in the DOM, readable, and rendered once the reader scrolls up to them.
    const rendered = (all: string[]) =>
      all.filter((id) => {
        const row = document.querySelector(`li.kep-chat-message[data-kep-message-id="${id}"]`);
        return row && row.querySelector('.kep-text')!.checkVisibility();
      }).length;
    const kept = await moderator.evaluate((all) => all.filter((id) => document.querySelector(`li.kep-chat-message[data-kep-message-id="${id}"]`)).length, ids);
    expect(kept).toBeGreaterThan(100);
    expect(await moderator.evaluate(rendered, ids)).toBeLessThan(kept);
    await moderator.locator('section.kep-module-chat .kep-module-list').evaluate((list) => list.scrollBy(0, -200));
    await moderator.waitForFunction(
      ([all, n]) =>
        all.filter((id) => {
          const row = document.querySelector(`li.kep-chat-message[data-kep-message-id="${id}"]`);
          return row && row.querySelector('.kep-text')!.checkVisibility();
        }).length >= n,
      [ids, kept] as const,
      { timeout: 5_000 }, // a frame or two on a quiet machine; a loaded one (load 15+) gets frames late
    );
    // Back at the newest, the list follows it again: a new message is scrolled into view.
    await moderator.locator('section.kep-module-chat .kep-module-list').evaluate((list) => list.scrollBy(0, 1e6));
    // The browser tells the widget where the reader is after its next frame (as it would a scroll event).
    await moderator.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    env.sb.control.act({ entryId: E, userId: 'after-burst', action: { type: 'chat.post', text: 'after the burst' } });
    await moderator.locator(sel.message('after the burst')).waitFor({ state: 'visible', timeout: 5000 });
    const inView = await moderator.locator(sel.message('after the burst')).evaluate((row) => {
      const list = row.parentElement!.getBoundingClientRect();
      const r = row.getBoundingClientRect();
      return r.bottom <= list.bottom + 1 && r.top >= list.top - 1;
    });
    expect(inView).toBe(true);
  });

  it('reactions float and count in every browser', async () => {
    await attendee.click('.kep-reactions .kep-reaction-button[data-kep-reaction="clap"]');
    await moderator.locator('.kep-reaction-button[data-kep-reaction="clap"] .kep-reaction-count:text-is("1")').waitFor({ timeout: 1000 });
  });
});
