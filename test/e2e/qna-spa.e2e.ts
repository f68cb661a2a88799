// Q&A across an SPA switch: the moderator moves from session A to session B without a page load. The Q&A
// feature is remounted on B's widget (lib/content/features.ts): the panel follows B, lists B's questions,
// and nothing asked in A afterwards reaches it. The production build in Chromium against the sandbox.
import { describe, expect, it } from 'vitest';
import { ask, CNC_ENTRY, QnaPanel, uniqueTag } from './harness/qna';
import { EVENT_HOST } from './harness/sandbox';
import { useSandboxChromium } from './harness/setup';

const ENTRY_B = '1_sessionb2';
const env = useSandboxChromium();

describe('Q&A follows an SPA switch', () => {
  it('after switching from A to B the panel lists B\'s questions, and A\'s later ones never', async () => {
    const tag = uniqueTag();
    const beforeA = ask(env.sb, `${tag} asked in A before the switch`, { userId: 'spa-a1' });
    const page = await env.h.openTab(`https://${EVENT_HOST}/media/t/${CNC_ENTRY}?as=moderator`);
    await page.waitForSelector(`#kep-widget-1[data-kep-entry-id="${CNC_ENTRY}"][data-kep-connection="live"]`, { timeout: 15_000 });
    const panel = new QnaPanel(await env.h.openPanel(await env.h.tabIdOf(page)));
    await panel.waitReady();
    await panel.search(tag);
    await panel.waitItem(beforeA, 'pending');

    await page.click(`a[id="nav-${ENTRY_B}"][data-spa-link]`);
    await page.waitForSelector(`#kep-widget-1[data-kep-entry-id="${ENTRY_B}"][data-kep-connection="live"]`, { timeout: 15_000 });
    const afterA = ask(env.sb, `${tag} asked in A after the switch`, { userId: 'spa-a2' });
    const inB = ask(env.sb, `${tag} asked in B`, { entryId: ENTRY_B, userId: 'spa-b1' });
    await panel.waitReady();
    await panel.search(tag);
    await panel.waitItem(inB, 'pending');
    // B's question was asked after A's: once it shows, A's would have too, had anything still read A.
    expect(await panel.item(afterA).count()).toBe(0);
    // And A's earlier question left the open panel: the background sends B's session whole when it starts,
    // and the panel's mirror is replaced, not merged into A's.
    expect(await panel.item(beforeA).count()).toBe(0);
  });
});
