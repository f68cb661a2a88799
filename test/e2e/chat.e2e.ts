// Issue 11, group chat moderation end to end: the production build in Chromium against the sandbox, attendee
// pages in a separate browser (no extension). The sandbox's control API is the truth (GET /control/chat,
// here in process as sb.control.chat): what the server holds, deleted messages and blocked people included.
// Run: E2E_SKIP_BUILD=1 npx vitest run -c test/e2e/vitest.config.ts test/e2e/chat.e2e.ts
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ask, CNC_ENTRY, moderatorUrl, openModeration, type Moderation } from './harness/qna';
import { useSandboxChromium } from './harness/setup';
import { sleep, waitFor } from './harness/wait';

const env = useSandboxChromium({ attendees: true });
let m: Moderation;

function post(userId: string, text: string, entryId = CNC_ENTRY): string {
  const r = env.sb.control.act({ entryId, userId, action: { type: 'chat.post', text } });
  if (!r.ok || !r.id) throw new Error(`chat.post refused for ${userId}: ${JSON.stringify(r)}`);
  return r.id;
}
const truth = (entryId = CNC_ENTRY) => env.sb.control.chat(entryId);
const item = (page: Page, id: string) => page.locator(`[data-testid="chat-item"][data-message-id="${id}"]`);

/**
 * Waits until the panel lists the message. While the pointer or focus is in the list (the last click left
 * them there) new messages wait behind "N new", as they must: the moderator brings them in with that button.
 */
async function waitRow(page: Page, id: string): Promise<void> {
  await waitFor(
    `the panel to list message ${id}`,
    async () => {
      if (await item(page, id).count()) return true;
      const more = page.locator('[data-testid="chat-new-items"]');
      if (await more.count()) await more.click();
      return (await item(page, id).count()) > 0;
    },
    (shown) => shown,
    { timeout: 10_000 },
  );
}

async function attendeeChat(userId: string): Promise<Page> {
  const a = await env.people.open(userId);
  await a.page.click('button.kep-sidebar-button[data-kep-module="chat"]');
  return a.page;
}

beforeAll(async () => {
  post('attendee-1', 'Hello everyone');
  m = await openModeration(env.h);
  await m.panel.page.click('[data-testid="view-chat"]', { timeout: 15_000 });
  await m.panel.page.waitForSelector('[data-testid="chat-item"]', { timeout: 15_000 });
}, 90_000);

describe('group chat moderation (Chromium, production build)', () => {
  it('delete reaches every attendee and is kept in our record with who and why', async () => {
    const pages = [await attendeeChat('attendee-2'), await attendeeChat('attendee-3')];
    const id = post('attendee-7', 'Buy my course, link in bio');
    for (const p of pages) await p.locator(`li.kep-chat-message[data-kep-message-id="${id}"]`).waitFor({ timeout: 5_000 });
    const panel = m.panel.page;
    await waitRow(panel, id);
    await item(panel, id).locator('[data-testid="chat-delete"]').click();
    await panel.fill('[data-testid="chat-dock-reason"]', 'advertising');
    await panel.click('[data-testid="chat-dock-confirm"]');
    await waitFor('the server to hold the message as deleted by the moderator', () => truth().deleted, (d) => d.some((x) => x.id === id && x.by === 'moderator-1'), { timeout: 10_000 });
    for (const p of pages) await p.locator(`li.kep-chat-message[data-kep-message-id="${id}"]`).waitFor({ state: 'detached', timeout: 5_000 });
    // Our record: the row stays, marked deleted with the reason; the audit keeps the text and the author.
    await item(panel, id).and(panel.locator('[data-deleted="true"]')).waitFor({ timeout: 10_000 });
    expect(await item(panel, id).locator('[data-testid="chat-deleted"]').textContent()).toContain('advertising');
    await panel.click('[data-testid="chat-audit-toggle"]');
    const entry = panel.locator('[data-testid="chat-audit-entry"][data-action="delete"][data-outcome="done"]');
    await entry.first().waitFor({ timeout: 5_000 });
    expect(await entry.first().textContent()).toContain('Buy my course, link in bio');
    // Saved (batched, a moment later) so that it survives a worker restart: with the message's row.
    const stored = await waitFor(
      'the saved message row to keep the deletion',
      async () => {
        // A row is saved as one JSON string (lib/session/chat/repository.ts).
        const row = (await env.h.sessionStorage(`chat:${m.tabId}:m:${id}`)) as string | undefined;
        return row === undefined ? undefined : (JSON.parse(row) as { $deletion?: { by: string; reason: string } }).$deletion;
      },
      (d) => !!d,
      { timeout: 5_000 },
    );
    expect(stored).toMatchObject({ by: 'moderator-1', reason: 'advertising' });
    await panel.click('[data-testid="chat-audit-toggle"]');
  });

  it('pin and unpin show for attendees', async () => {
    const page = await attendeeChat('attendee-4');
    const text = 'Slides: ask the organisers after the session';
    const id = post('attendee-8', text);
    const panel = m.panel.page;
    await waitRow(panel, id);
    await item(panel, id).locator('[data-testid="chat-pin"]').click();
    const bar = page.locator(`.kep-pinned-messages .kep-text:text-is(${JSON.stringify(text)})`);
    await bar.waitFor({ timeout: 10_000 });
    expect(truth().pinned).toContain(id);
    await item(panel, id).and(panel.locator('[data-pinned="true"]')).waitFor({ timeout: 10_000 });
    await item(panel, id).locator('[data-testid="chat-pin"]:text-is("Unpin")').click();
    await bar.waitFor({ state: 'detached', timeout: 10_000 });
    expect(truth().pinned).not.toContain(id);
  });

  it("a blocked person's messages stop, and their card says so", async () => {
    const troll = 'attendee-9';
    const page = await attendeeChat(troll);
    const id = post(troll, 'first!!!');
    const panel = m.panel.page;
    await waitRow(panel, id);
    await item(panel, id).locator('[data-testid="chat-sender"]').click();
    await panel.waitForSelector('[data-testid="chat-card"]');
    expect(await panel.getAttribute('[data-testid="chat-card-state"]', 'data-blocked')).toBe('false');
    await panel.click('[data-testid="chat-card-block"]');
    await panel.fill('[data-testid="chat-card-block-reason"]', 'trolling');
    await panel.click('[data-testid="chat-card-block-confirm"]');
    await waitFor('the server to list the person as blocked with the reason', () => truth().blocked, (b) => b.some((x) => x.userId === troll && x.reason === 'trolling'), { timeout: 10_000 });
    await panel.waitForSelector('[data-testid="chat-card-state"][data-blocked="true"]', { timeout: 10_000 });
    expect(await panel.textContent('[data-testid="chat-card-state"]')).toBe('Blocked: trolling');
    await panel.click('[data-testid="chat-card-close"]');
    // Their messages stop: the widget refuses to send them, the server holds none.
    const before = truth().messages.filter((x) => x.userId === troll).length;
    await page.fill('form.kep-composer[data-kep-composer="chat"] .kep-composer-input', 'can you hear me?');
    await page.click('form.kep-composer[data-kep-composer="chat"] .kep-composer-send');
    await page.locator('.kep-error:not([hidden])').waitFor({ timeout: 5_000 });
    expect(env.sb.control.act({ entryId: CNC_ENTRY, userId: troll, action: { type: 'chat.post', text: 'again' } })).toMatchObject({ ok: false, error: 'USER_BLOCKED' });
    expect(truth().messages.filter((x) => x.userId === troll)).toHaveLength(before);
    expect(await item(panel, id).locator('[data-testid="chat-blocked-mark"]').count()).toBe(1);
  });

  it("an asker's name in Q&A opens their card with all their questions; Block there stops their chat and the card says so", async () => {
    const asker = 'attendee-12';
    const page = await attendeeChat(asker);
    // They only asked (no chat message of theirs for the widget's chat rows): the block goes through their
    // question's row in the widget.
    const first = ask(env.sb, 'Will the slides be shared after the talk?', { userId: asker });
    const second = ask(env.sb, 'Is there a recording for other time zones?', { userId: asker });
    const panel = m.panel;
    await panel.page.click('[data-testid="view-qna"]');
    const row = await panel.waitItem(first, 'pending');
    await row.locator('[data-testid="qna-author"]').click();
    const card = panel.page.locator('[data-testid="chat-card"]');
    await card.waitFor({ timeout: 10_000 });
    await waitFor(
      "the card to list both of the asker's questions",
      () => card.locator('[data-testid="chat-card-questions"] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-question-id'))),
      (ids) => ids.includes(first) && ids.includes(second),
      { timeout: 10_000 },
    );
    expect(await card.locator('[data-testid="chat-card-state"]').getAttribute('data-blocked')).toBe('false');
    await card.locator('[data-testid="chat-card-block"]').click();
    await card.locator('[data-testid="chat-card-block-reason"]').fill('off-topic ads');
    await card.locator('[data-testid="chat-card-block-confirm"]').click();
    await waitFor('the server to list the asker as blocked with the reason', () => truth().blocked, (b) => b.some((x) => x.userId === asker && x.reason === 'off-topic ads'), { timeout: 10_000 });
    await card.locator('[data-testid="chat-card-state"][data-blocked="true"]').waitFor({ timeout: 10_000 });
    expect(await card.locator('[data-testid="chat-card-state"]').textContent()).toBe('Blocked: off-topic ads');
    // Their chat stops: the widget refuses their message, the server holds none of theirs.
    await page.fill('form.kep-composer[data-kep-composer="chat"] .kep-composer-input', 'hello?');
    await page.click('form.kep-composer[data-kep-composer="chat"] .kep-composer-send');
    await page.locator('.kep-error:not([hidden])').waitFor({ timeout: 5_000 });
    expect(env.sb.control.act({ entryId: CNC_ENTRY, userId: asker, action: { type: 'chat.post', text: 'again' } })).toMatchObject({ ok: false, error: 'USER_BLOCKED' });
    expect(truth().messages.filter((x) => x.userId === asker)).toHaveLength(0);
    await card.locator('[data-testid="chat-card-close"]').click();
    await card.waitFor({ state: 'detached', timeout: 5_000 });
    await panel.page.click('[data-testid="view-chat"]');
    await panel.page.waitForSelector('[data-testid="chat-list"]', { timeout: 10_000 });
  });

  it('a flagged message appears under Flagged and one key deletes it', async () => {
    const id = post('attendee-10', 'FREE TICKETS at www.totally-legit.xyz');
    const panel = m.panel.page;
    await panel.click('[data-testid="chat-only-flagged"]');
    const row = item(panel, id);
    await row.and(panel.locator('[data-flagged="true"]')).waitFor({ timeout: 10_000 });
    expect(await row.locator('[data-testid="chat-flag"]').textContent()).toContain('Contains a link');
    await row.locator('[data-testid="chat-text"]').click();
    await panel.keyboard.press('d');
    await waitFor('the server to hold the flagged message as deleted', () => truth().deleted.map((d) => d.id), (ids) => ids.includes(id), { timeout: 10_000 });
    // Deleted, it leaves Flagged (the flag count drops with it).
    await item(panel, id).waitFor({ state: 'detached', timeout: 10_000 });
    await panel.click('[data-testid="chat-only-flagged"]');
  });

  it('a flagged message appears in the Q&A inbox (a panel on Q&A, no chat stream), one key deletes it, and one deleted above by another moderator moves nothing under the pointer', async () => {
    const panel = m.panel.page;
    await panel.click('[data-testid="view-qna"]');
    await panel.waitForSelector('[data-testid="qna-list"]', { timeout: 10_000 });
    await panel.click('[data-testid="qna-tab-pending"]');
    const above = post('attendee-13', 'Win a phone at www.phone-prize.xyz');
    const id = post('attendee-11', 'Cheap followers at www.spam-followers.xyz');
    const flaggedRow = (x: string) => panel.locator(`[data-testid="qna-flagged-item"][data-message-id="${x}"]`);
    const row = flaggedRow(id);
    // They may wait behind "N new flagged" while the pointer is in the inbox (nothing moves under it).
    await waitFor(
      'the Q&A inbox to list both flagged messages',
      async () => {
        if ((await row.count()) && (await flaggedRow(above).count())) return true;
        const more = panel.locator('[data-testid="qna-flagged-new"]');
        if (await more.count()) await more.click();
        return (await row.count()) > 0 && (await flaggedRow(above).count()) > 0;
      },
      (shown) => shown,
      { timeout: 10_000 },
    );
    expect(await row.locator('[data-testid="qna-flagged-text"]').textContent()).toBe('Cheap followers at www.spam-followers.xyz');
    expect(await row.locator('[data-testid="qna-flagged-rule"]').textContent()).toContain('Links');
    // The pointer rests on the second message; another moderator deletes the one above it.
    const text = row.locator('[data-testid="qna-flagged-text"]');
    const box = (await text.boundingBox())!;
    const at = { x: box.x + Math.min(20, box.width / 2), y: box.y + box.height / 2 };
    await panel.mouse.move(at.x, at.y);
    const count = () => panel.locator('[data-testid="qna-flagged-count"]').textContent().then(Number);
    const before = await count();
    const r = env.sb.control.act({ entryId: CNC_ENTRY, userId: 'moderator-2', moderator: true, action: { type: 'chat.delete', messageId: above } });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    await waitFor('the inbox to count one flagged message fewer', count, (n) => n === before - 1, { timeout: 10_000 });
    // Still the same message under the pointer, where it was; the one above keeps its place, marked.
    const under = await panel.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest<HTMLElement>('[data-message-id]')?.dataset.messageId ?? null, at);
    expect(under).toBe(id);
    expect((await text.boundingBox())!.y).toBe(box.y);
    expect(await flaggedRow(above).getAttribute('data-departed')).toBe('elsewhere');
    await panel.mouse.click(at.x, at.y);
    await panel.keyboard.press('d');
    await waitFor('the server to hold the flagged message as deleted', () => truth().deleted.map((d) => d.id), (ids) => ids.includes(id), { timeout: 10_000 });
    // Deleted while the moderator is still in the inbox: it keeps its place, marked deleted.
    await row.and(panel.locator('[data-departed="deleted"]')).waitFor({ timeout: 10_000 });
    // The moderator leaves the inbox (pointer and focus): both go.
    await panel.hover('[data-testid="view-qna"]');
    await panel.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await row.waitFor({ state: 'detached', timeout: 10_000 });
    await flaggedRow(above).waitFor({ state: 'detached', timeout: 10_000 });
    await panel.click('[data-testid="view-chat"]');
    await panel.waitForSelector('[data-testid="chat-list"]', { timeout: 10_000 });
  });

  it('at 200 messages a second the list follows the newest while pointer and focus are away, and holds still under the pointer', async () => {
    const panel = m.panel.page;
    const more = panel.locator('[data-testid="chat-new-items"]');
    if (await more.count()) await more.click();
    await panel.hover('[data-testid="view-chat"]');
    await panel.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    // Counts the times "N new" shows during the burst: the list stopped following though nobody touched it.
    await panel.evaluate(() => {
      const w = window as unknown as { __chatHeld: number };
      w.__chatHeld = 0;
      const wrap = document.querySelector('[data-testid="chat-list"]')!.parentElement!;
      new MutationObserver(() => {
        if (wrap.querySelector('[data-testid="chat-new-items"]')) w.__chatHeld++;
      }).observe(wrap, { subtree: true, childList: true });
    });
    const burst = async (n: number, tag: string) => {
      let last = '';
      for (let i = 0; i < n; i++) {
        // Distinct senders and texts: the flag rules (rate, repeat) stay quiet.
        last = post(`${tag}-${i % 200}`, `${tag} message ${i}`);
        if ((i + 1) % 10 === 0) await sleep(50); // pacing: 200 messages a second
      }
      return last;
    };
    // A slow machine: the panel's frames come further apart than the chat's patches (renders land between
    // a frame's scroll to the newest and that scroll's event, which comes with the next frame).
    const cdp = await panel.context().newCDPSession(panel);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
    const last = await burst(800, 'follow').finally(() => cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 }));
    // Read in a frame callback: what that frame paints (the view scrolls to the newest in its own).
    const inView = (id: string) =>
      panel.evaluate(
        (x) =>
          new Promise<boolean>((done) =>
            requestAnimationFrame(() => {
              const list = document.querySelector('[data-testid="chat-list"]')!.getBoundingClientRect();
              const row = document.querySelector(`[data-testid="chat-item"][data-message-id="${x}"]`)?.getBoundingClientRect();
              done(!!row && row.top >= list.top - 1 && row.bottom <= list.bottom + 1);
            }),
          ),
        id,
      );
    await waitFor('the newest message in view at the end of the list', () => inView(last), (shown) => shown, { timeout: 10_000 });
    expect(await panel.evaluate(() => (window as unknown as { __chatHeld: number }).__chatHeld), '"N new" showed with nobody on the list').toBe(0);

    // The pointer on the list: the row under it stays where it is, arrivals wait behind "N new".
    const box = (await panel.locator('[data-testid="chat-list"]').boundingBox())!;
    const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await panel.mouse.move(at.x, at.y);
    const under = () =>
      panel.evaluate(({ x, y }) => {
        const row = document.elementFromPoint(x, y)?.closest<HTMLElement>('[data-message-id]');
        return row ? { id: row.dataset.messageId, top: row.getBoundingClientRect().top } : null;
      }, at);
    const before = await under();
    expect(before).not.toBeNull();
    await burst(200, 'hover');
    await waitFor('"N new" to count the 200 arrivals', () => more.textContent().catch(() => ''), (t) => parseInt(t ?? '', 10) >= 200, { timeout: 10_000 });
    expect(await under()).toEqual(before);
    await panel.hover('[data-testid="view-chat"]');
    await waitFor('the list to follow again once the pointer left', () => more.count(), (n) => n === 0, { timeout: 10_000 });
  });

  it('stopping the service worker during a chat burst loses nothing', async () => {
    const entry = '1_sessionb2';
    post('seed', 'Chat resilience seed', entry);
    const { page, tabId } = await openModeration(env.h, moderatorUrl(entry));
    await page.click('button.kep-sidebar-button[data-kep-module="chat"]').catch(() => undefined);
    const stops: Promise<void>[] = [];
    for (let i = 0; i < 300; i++) {
      if (i === 100) stops.push(env.h.markWorker('before-stop').then(() => env.h.stopServiceWorker()));
      if (i === 200) stops.push(env.h.stopServiceWorker());
      post(`burst-${i % 40}`, `burst message ${i} of 300`, entry);
      if ((i + 1) % 10 === 0) await sleep(50); // pacing: 200 messages a second
    }
    await Promise.all(stops);
    const server = truth(entry).messages.map((x) => x.id);
    expect(server).toHaveLength(301);
    const held = await waitFor(
      "the background's saved chat (one key per message) to hold exactly the server's 301 messages",
      async () => {
        const ids = await env.h.swEval(async (prefix) => {
          const all = (await (globalThis as any).chrome.storage.session.get(null)) as Record<string, string>;
          return Object.entries(all).filter(([k]) => k.startsWith(prefix)).map(([, v]) => (JSON.parse(v) as { id: string }).id);
        }, `chat:${tabId}:m:`);
        return { held: ids.length, distinct: new Set(ids).size, missing: server.filter((x) => !ids.includes(x)).slice(0, 5) };
      },
      (r) => r.held === server.length && r.missing.length === 0,
      { timeout: 30_000, interval: 500 },
    );
    expect(await env.h.workerMarker(), 'the service worker was really restarted').toBeUndefined();
    expect(held.distinct).toBe(301);
  });
});
