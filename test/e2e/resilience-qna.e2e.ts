// Issue 6, session resilience for Q&A: a reload of the event tab in the middle of a burst, a service-worker
// stop in the middle of a burst of 500, and the badge with the panel closed. The server's truth is the
// reference: the background's session (storage.session `qna:{tabId}:m` and the chunks and deltas it names) and the panel must hold exactly the
// questions the server holds — none lost, none doubled.
import { countText } from '../../lib/notify/badge-policy';
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ask, CNC_ENTRY, moderatorUrl, openModeration } from './harness/qna';
import { useSandboxChromium } from './harness/setup';
import { sleep, waitFor } from './harness/wait';

const env = useSandboxChromium();
afterEach(async () => {
  await env.h.closePagesExceptFirst();
});

/** Asks `n` questions, `perTick` every `tickMs`; `at(i)` runs before question i (to reload, stop, …). */
async function burst(entryId: string, n: number, prefix: string, perTick: number, tickMs: number, at: Record<number, () => Promise<void>> = {}) {
  const ids: string[] = [];
  const pendingHooks: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    if (at[i]) pendingHooks.push(at[i]!());
    ids.push(ask(env.sb, `${prefix} burst question ${i} of ${n}`, { entryId, userId: `burst-${i % 50}` }));
    if ((i + 1) % perTick === 0) await sleep(tickMs);
  }
  await Promise.all(pendingHooks);
  return ids;
}

function serverIds(entryId: string): string[] {
  return env.sb.control.truth(entryId).questions.map((q) => q.id);
}

/** How many entries repeat a value already seen (0 when all are distinct). */
function repeats(values: readonly string[]): number {
  return values.length - new Set(values).size;
}

/**
 * Compares the background's Q&A session for the tab, and the moderator's widget, with the server's questions.
 * A doubled question is one asked once that is held twice: under two ids (a re-read widget giving it another
 * id), so it is counted by text (every burst text is asked once), on the server (an ask sent twice), in the
 * widget (a row rendered twice) and in the background. Ids are distinct in the stored list by construction
 * (one storage key per id), so counting ids there would say nothing.
 */
async function compareWithServer(tabId: number, entryId: string, page: Page) {
  // The repository saves the rows in chunks named by the manifest `qna:{tabId}:m`, then deltas numbered from
  // its `from` (lib/session/qna/repository.ts): read them as a restarted worker would. A row saved twice
  // would be held twice here (one list per chunk), so doubles still show.
  const heldQs = await env.h.swEval(async (tab) => {
    const s = (globalThis as any).chrome.storage.session;
    const m = (await s.get(`qna:${tab}:m`))[`qna:${tab}:m`] as { chunks: Array<string | null>; from: number } | undefined;
    if (!m) return [];
    const rows: Array<{ id: string; text: string }> = [];
    const chunks = await s.get(m.chunks.filter(Boolean));
    // A chunk or delta is one JSON string (an earlier version stored the value itself).
    for (const key of m.chunks) if (key) rows.push(...((typeof chunks[key] === 'string' ? JSON.parse(chunks[key]) : chunks[key]) ?? []));
    const byId = new Map<string, { id: string; text: string }>();
    const doubles: Array<{ id: string; text: string }> = [];
    for (const q of rows) {
      if (byId.has(q.id)) doubles.push(q);
      else byId.set(q.id, q);
    }
    for (let n = m.from; ; n++) {
      const value = (await s.get(`qna:${tab}:d:${n}`))[`qna:${tab}:d:${n}`];
      const delta = (typeof value === 'string' ? JSON.parse(value) : value) as { up: Array<{ id: string; text: string }>; rm: string[] } | undefined;
      if (!delta) break;
      for (const q of delta.up) byId.set(q.id, q);
      for (const id of delta.rm) byId.delete(id);
    }
    const held = [...byId.values()].map((q) => ({ id: q.id, text: q.text }));
    return [...held, ...doubles.map((q) => ({ id: q.id, text: q.text }))];
  }, tabId);
  const held = heldQs.map((q) => q.id);
  const serverQs = env.sb.control.truth(entryId).questions;
  const server = serverQs.map((q) => q.id);
  const widget = await page.locator('#kep-widget-1 li.kep-question[data-kep-question-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-kep-question-id') ?? ''));
  const heldSet = new Set(held);
  const serverSet = new Set(server);
  return {
    server: server.length,
    held: held.length,
    widget: widget.length,
    doubled: repeats(held) + repeats(heldQs.map((q) => q.text)),
    serverDoubled: repeats(serverQs.map((q) => q.text)),
    widgetDoubled: repeats(widget),
    missing: server.filter((id) => !heldSet.has(id)).length,
    extra: held.filter((id) => !serverSet.has(id)).length,
    firstMissing: server.filter((id) => !heldSet.has(id)).slice(0, 5),
  };
}

const exact = (r: Awaited<ReturnType<typeof compareWithServer>>) =>
  r.missing === 0 && r.extra === 0 && r.doubled === 0 && r.serverDoubled === 0 && r.widgetDoubled === 0 && r.held === r.server && r.widget === r.server;

describe('Q&A session resilience (Chromium)', () => {
  it('with the panel closed, new questions raise the badge', async () => {
    const entry = CNC_ENTRY;
    const page = await env.h.openTab(moderatorUrl(entry));
    await page.waitForSelector('#kep-widget-1[data-kep-connection="live"]', { timeout: 15_000 });
    const tabId = await env.h.tabIdOf(page);
    const panels = env.h.context.pages().filter((p) => p.url().includes('sidepanel.html'));
    expect(panels.length, 'no panel page is open').toBe(0);
    const pendingOnServer = () => env.sb.control.truth(entry).questions.filter((q) => q.state === 'pending').length;
    const expected = (n: number) => (n === 0 ? 'ON' : countText(n));
    const before = await waitFor('the badge to count the pending questions', () => env.h.badgeText(tabId), (t) => t === expected(pendingOnServer()), { timeout: 10_000 });
    for (let i = 0; i < 3; i++) ask(env.sb, `Badge question ${i}`, { entryId: entry, userId: `badge-${i}` });
    const after = await waitFor(
      `the badge to rise from "${before}" to the new pending count`,
      async () => ({ badge: await env.h.badgeText(tabId), expected: expected(pendingOnServer()) }),
      (v) => v.badge === v.expected && v.badge !== before,
      { timeout: 10_000 },
    );
    expect(after.badge).toBe(expected(pendingOnServer()));
    // One batched desktop notification for the tab, naming how many questions came in.
    const shown = await waitFor(
      'a notification for the tab',
      () => env.h.notifications(),
      (all) => Object.keys(all).length > 0,
      { timeout: 10_000 },
    );
    expect(Object.keys(shown)).toEqual([`cnc-moderator:${tabId}`]);
  });

  it('reloading the event tab during a burst of questions loses none and duplicates none', async () => {
    ask(env.sb, 'Resilience seed A', { userId: 'seed' });
    const { page, tabId, panel } = await openModeration(env.h, moderatorUrl(CNC_ENTRY));
    const t0 = Date.now();
    await burst(CNC_ENTRY, 200, 'reload', 10, 50, {
      60: async () => {
        await page.reload({ waitUntil: 'load' });
      },
      140: async () => {
        await page.reload({ waitUntil: 'load' });
      },
    });
    await page.waitForSelector('#kep-widget-1[data-kep-connection="live"]', { timeout: 15_000 });
    const total = serverIds(CNC_ENTRY).length;
    const result = await waitFor(
      'the background session and the widget to hold exactly the server\'s questions, none doubled',
      () => compareWithServer(tabId, CNC_ENTRY, page),
      exact,
      { timeout: 20_000, interval: 500 },
    );
    expect(result.server).toBe(total);
    // The panel's counts add up to the server's count, and its Pending list (no search) holds them all.
    await waitFor('panel counts to add up to the server total', () => panel.counts(), (c) => c.pending + c.approved + c.answered + c.dismissed === total, {
      timeout: 10_000,
    });
    await panel.showTab('pending');
    expect(await panel.listCount(), 'pending list length').toBe(total);
    console.log(`[resilience] reload during a burst of 200: reconciled ${total} questions, ${Date.now() - t0} ms`);
  });

  it('stopping the service worker during a burst of 500 questions loses none', async () => {
    const entry = '1_sessionb2';
    ask(env.sb, 'Resilience seed B', { entryId: entry, userId: 'seed' });
    const { page, tabId, panel } = await openModeration(env.h, moderatorUrl(entry));
    const t0 = Date.now();
    await burst(entry, 500, 'sw', 25, 50, {
      150: async () => {
        await env.h.markWorker('before-stop');
        await env.h.stopServiceWorker();
      },
      350: async () => {
        await env.h.stopServiceWorker();
      },
    });
    const total = serverIds(entry).length;
    expect(total).toBe(501);
    const result = await waitFor(
      'the background session (after the restarts) and the widget to hold exactly the server\'s 501 questions, none doubled',
      () => compareWithServer(tabId, entry, page),
      exact,
      { timeout: 30_000, interval: 500 },
    );
    expect(await env.h.workerMarker(), 'the service worker was really restarted').toBeUndefined();
    expect(result.held).toBe(501);
    await waitFor('panel counts to add up to 501', () => panel.counts(), (c) => c.pending + c.approved + c.answered + c.dismissed === 501, { timeout: 15_000 });
    console.log(`[resilience] worker stopped twice during a burst of 500: ${Date.now() - t0} ms`);
  });

});
