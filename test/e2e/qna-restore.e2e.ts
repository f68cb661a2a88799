// Issue 9, a cold restore of a large session: after the service worker stopped, a panel opened on a session
// of 1,000+ questions gets its head first (true counts, each tab's first rows; lib/session/qna/head.ts),
// says it drew it, and then gets the whole list (lib/session/panel-hub.ts). What the moderator sees: the
// count at once, then search and select all once the rest is there; a question approved while the rest is
// on its way is approved in the whole list.
import { afterEach, describe, expect, it } from 'vitest';
import { ask, moderatorUrl, openModeration, QnaPanel } from './harness/qna';
import { useSandboxChromium } from './harness/setup';
import { waitFor } from './harness/wait';

const env = useSandboxChromium();
afterEach(async () => {
  await env.h.closePagesExceptFirst();
});

const ENTRY = '1_sessionb2';
const N = 1_200;

describe('Q&A after a worker stop, with a large session', () => {
  it('a panel opened after the stop shows the whole count from the head, then the whole list: search finds a question outside the head', async () => {
    const ids: string[] = [];
    for (let i = 0; i < N; i++) ids.push(ask(env.sb, `Restore question ${i} about topic ${i % 97}`, { entryId: ENTRY, userId: `restore-${i % 60}` }));
    const { tabId, panel } = await openModeration(env.h, moderatorUrl(ENTRY));
    await waitFor('the panel to count every question as pending', () => panel.count('pending'), (n) => n === N, { timeout: 60_000 });
    // Every row saved, so the new worker restores them all (not via the content script's resend).
    await waitFor(
      'storage.session to hold the session\'s rows',
      () => env.h.swEval(async (tab) => {
        const s = (globalThis as any).chrome.storage.session;
        const all = await s.get(null);
        let rows = 0;
        for (const [key, value] of Object.entries(all)) {
          if (!key.startsWith(`qna:${tab}:c:`) && !key.startsWith(`qna:${tab}:d:`)) continue;
          const parsed = typeof value === 'string' ? JSON.parse(value) : value;
          rows += Array.isArray(parsed) ? parsed.length : (parsed as { up: unknown[] }).up.length;
        }
        return rows;
      }, tabId),
      (rows) => rows >= N,
      { timeout: 30_000, interval: 250 },
    );
    // Once saves are quiet, the session's panel head is saved with its rows (a restarted worker can show it
    // before it has read them: lib/session/qna/repository.ts HEAD_KEY).
    await waitFor(
      'the panel head to be saved with the rows',
      () => env.h.swEval(async (tab) => {
        const key = `qna:${tab}:h`;
        const value = (await (globalThis as any).chrome.storage.session.get(key))[key];
        return typeof value === 'string' && value ? (JSON.parse(value) as { total: number }).total : 0;
      }, tabId),
      (total) => total === N,
      { timeout: 15_000, interval: 250 },
    );
    await panel.page.close();

    await env.h.markWorker('before-stop');
    await env.h.stopServiceWorker();
    const reopened = new QnaPanel(await env.h.openPanel(tabId));
    await waitFor('the reopened panel to count every question as pending', () => reopened.count('pending').catch(() => -1), (n) => n === N, { timeout: 20_000, interval: 50 });
    expect(await env.h.workerMarker(), 'the service worker was really restarted').toBeUndefined();

    // The whole list came after the head: the "loading the rest" note goes, and the panel had said it drew the head.
    await reopened.tid('qna-loading-rest').waitFor({ state: 'detached', timeout: 20_000 });
    const marks = await env.h.swEval(() => ['cnc:head-posted', 'cnc:head-shown', 'cnc:snapshot-posted'].filter((m) => performance.getEntriesByName(m).length > 0), null);
    expect(marks, 'the worker posted the head, heard the panel drew it, then posted the rest').toEqual(['cnc:head-posted', 'cnc:head-shown', 'cnc:snapshot-posted']);
    const [shown] = await env.h.swEval(() => performance.getEntriesByName('cnc:head-shown').map((m) => m.startTime), null);
    const [rest] = await env.h.swEval(() => performance.getEntriesByName('cnc:snapshot-posted').map((m) => m.startTime), null);
    expect(rest!).toBeGreaterThanOrEqual(shown!);

    // The panel read the saved head itself while it connected (storage.session is readable from its page:
    // lib/panel/saved-head.ts); the worker's state has replaced it: no "connecting" note, rows act again.
    const readable = await reopened.page.evaluate(async (tab) => {
      const key = `qna:${tab}:h`;
      return typeof (await (globalThis as any).chrome.storage.session.get(key))[key];
    }, tabId);
    expect(readable).toBe('string');
    expect(await reopened.tid('qna-connecting').count()).toBe(0);
    expect(await reopened.tid('qna-approve').first().isEnabled()).toBe(true);

    // Search needs every question: the 600th (oldest first, so far below the head's first rows) is found.
    await reopened.search('Restore question 600 about');
    await waitFor('search to list the one question', () => reopened.listCount(), (n) => n === 1, { timeout: 5_000, interval: 50 });
    expect(await reopened.listedIds()).toHaveLength(1);
    expect(await reopened.count('pending')).toBe(N);
  });
});
