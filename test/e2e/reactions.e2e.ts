// @vitest-environment node
// Reactions in the production build, Chromium, against the sandbox with a simulated audience: the panel's
// meter counts what the sandbox took (its control-API truth), across a stopped service worker, and the
// moderator turns reactions off and on through the widget's own switch.
// Run: E2E_SKIP_BUILD=1 npx vitest run -c test/e2e/vitest.config.ts test/e2e/reactions.e2e.ts
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/server';
import { CNC_ENTRY, openModeration, type Moderation } from './harness/qna';
import { useSandboxChromium } from './harness/setup';
import { waitFor } from './harness/wait';

const REACT_ONLY = { ask: 0, chat: 2, upvote: 0, react: 10, chatReact: 0, vote: 0 };
const TYPES = ['like', 'love', 'clap', 'laugh', 'wow'];

const env = useSandboxChromium({ sandbox: () => startSandbox({ port: 0, seed: 3 }) });
let m: Moderation;

beforeAll(async () => {
  m = await openModeration(env.h);
  await m.panel.page.click('[data-testid="view-reactions"]', { timeout: 15_000 });
  await m.panel.page.waitForSelector('[data-testid="reactions-view"][data-started-at]', { timeout: 15_000 });
}, 90_000);

// Runs before the set-up's own teardown (after-hooks run last registered first): the audience stops first.
afterAll(async () => {
  await env.sb?.control.audience.stop().catch(() => undefined);
});

async function panelCounted(): Promise<Record<string, number>> {
  return m.panel.page.evaluate((types) => {
    const out: Record<string, number> = {};
    for (const t of types) {
      const cell = document.querySelector(`[data-testid="reactions-counted-${t}"]`);
      if (cell) out[t] = Number(cell.textContent);
    }
    return out;
  }, TYPES);
}

function truthSince(since: number): Record<string, number> {
  const totals = env.sb.control.reactions(CNC_ENTRY, since).totals;
  return Object.fromEntries(TYPES.map((t) => [t, totals[t] ?? 0]));
}

describe('reactions meter', () => {
  it("counts what the audience sent, type by type, and a worker stop in the middle loses nothing", async () => {
    const startedAt = Number(await m.panel.page.getAttribute('[data-testid="reactions-view"]', 'data-started-at'));
    env.sb.control.audience.start({ attendees: 60, rate: 25, seed: 11, entryIds: [CNC_ENTRY], mix: REACT_ONLY });
    // Until the panel's live meter shows the stream, then stop the worker while reactions keep coming.
    await waitFor('the live meter to show reactions', panelCounted, (c) => Object.values(c).reduce((a, b) => a + b, 0) >= 20, { timeout: 20_000 });
    await env.h.stopServiceWorker();
    const before = env.sb.control.audience.status().counts.react.ok;
    await waitFor('more reactions while the worker is stopped', () => env.sb.control.audience.status().counts.react.ok, (n) => n >= before + 40, { timeout: 20_000 });
    await env.sb.control.audience.stop();
    const truth = truthSince(startedAt);
    expect(Object.values(truth).reduce((a, b) => a + b, 0)).toBeGreaterThan(60);
    const seen = await waitFor('the panel counts to equal the sandbox truth', panelCounted, (c) => TYPES.every((t) => c[t] === truth[t]), { timeout: 20_000 }).catch(
      async (e: Error) => ({ error: e.message, panel: await panelCounted() }),
    );
    expect(seen).toEqual(truth);
    // The chart's table alternative agrees for the last 15 minutes (the whole run).
    const window = await m.panel.page.evaluate((types) => types.map((t) => Number(document.querySelector(`[data-testid="reactions-window-${t}"]`)?.textContent)), TYPES);
    expect(window).toEqual(TYPES.map((t) => truth[t]));
  });

  it('turns reactions off and on through the widget: attendees are refused while off', async () => {
    const page = m.panel.page;
    await page.waitForSelector('[data-testid="reactions-switch"]:text-is("Turn reactions off")', { timeout: 10_000 });
    await page.click('[data-testid="reactions-switch"]');
    await m.page.waitForSelector('.kep-reactions[data-kep-enabled="false"]', { timeout: 10_000 });
    await page.waitForSelector('[data-testid="reactions-state"]:text-is("Reactions are off for everyone.")', { timeout: 10_000 });
    expect(env.sb.control.truth(CNC_ENTRY).settings.modules.reactions).toBe(false);
    expect(env.sb.control.act({ entryId: CNC_ENTRY, userId: 'bot-0001', action: { type: 'react', reaction: 'clap' } })).toMatchObject({ ok: false, error: 'MODULE_DISABLED' });
    await page.click('[data-testid="reactions-switch"]:text-is("Turn reactions on")');
    await page.waitForSelector('[data-testid="reactions-state"]:text-is("Reactions are on.")', { timeout: 10_000 });
    expect(env.sb.control.truth(CNC_ENTRY).settings.modules.reactions).toBe(true);
    expect(env.h.errors).toEqual([]);
  });
});
