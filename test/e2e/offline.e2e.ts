// The widget loses its connection to Kaltura (its socket drops) without any question changing: the panel
// says so at once ("Stale since …"), and recovers by itself when the widget is live again. The production
// build in Chromium against the sandbox; the connection is cut by routing the widget's WebSocket
// (Playwright's routeWebSocket), so the sandbox's own widget notices exactly as it would a network drop.
import { beforeAll, describe, expect, it } from 'vitest';
import type { WebSocketRoute } from 'playwright-core';
import { SOCKET_PATH } from '../../sandbox/cnc/protocol';
import { ask, openModeration, waitTruth } from './harness/qna';
import { useSandboxChromium } from './harness/setup';
import { waitFor } from './harness/wait';

const env = useSandboxChromium();
let seedId: string;
beforeAll(() => {
  seedId = ask(env.sb, 'Seed question: is this thing on?', { userId: 'seed-user' });
});

describe('the widget loses its connection', () => {
  it('the panel shows it stale at once, with no new question, and recovers when the widget reconnects', async () => {
    let cut = false;
    const sockets = new Set<WebSocketRoute>();
    await env.h.context.routeWebSocket(
      (url) => url.pathname === SOCKET_PATH,
      (ws) => {
        // While cut, every reconnect attempt fails as a dropped network would.
        if (cut) return void ws.close({ code: 1006 }).catch(() => ws.close());
        ws.connectToServer();
        sockets.add(ws);
      },
    );
    const { page, panel, tabId } = await openModeration(env.h);
    await panel.waitState('attached', 20_000);
    const stale = panel.tid('qna-stale');
    expect(await stale.count()).toBe(0);
    const questionsBefore = env.sb.control.truth('1_sessiona1').questions.length;

    cut = true;
    for (const ws of sockets) await ws.close().catch(() => {});
    sockets.clear();
    await page.waitForSelector('#kep-widget-1:not([data-kep-connection="live"])', { timeout: 10_000 });
    await stale.waitFor({ state: 'visible', timeout: 5_000 });
    expect(await stale.textContent()).toMatch(/since \d\d:\d\d:\d\d/);
    // The header no longer says "Attached", and the badge no longer says ON or a blue count.
    await panel.waitText('status', /^Offline since \d\d:\d\d:\d\d/, 5_000);
    await waitFor('the badge to say the widget is offline', () => env.h.badgeText(tabId), (t) => t === 'OFF', { timeout: 5_000 });
    // Nothing changed in the Q&A itself: it was the connection alone that the panel reported.
    expect(env.sb.control.truth('1_sessiona1').questions.length).toBe(questionsBefore);

    // An approve while offline waits in the outbox with the reason; nothing is clicked in a dead widget.
    await panel.waitItem(seedId, 'pending');
    await panel.rowAction(seedId, 'qna-approve');
    const command = panel.item(seedId).locator('[data-testid="qna-command"]');
    await waitFor('the approve to wait, with the reason', () => command.getAttribute('data-command-state'), (s) => s === 'queued', { timeout: 5_000 });
    expect(await command.textContent()).toMatch(/Approve: not sent yet\. Waiting for the connection to Kaltura/);
    expect(env.sb.control.truth('1_sessiona1').questions.find((q) => q.id === seedId)?.state).toBe('pending');

    cut = false;
    await page.waitForSelector('#kep-widget-1[data-kep-connection="live"]', { timeout: 20_000 });
    await waitFor('the stale banner to go once the widget is live again', () => stale.count(), (n) => n === 0, { timeout: 5_000 });
    await panel.waitState('attached', 5_000);
    await panel.waitText('status', 'Attached to Chat & Collaborate', 5_000);
    // Back online, the held approve goes out by itself.
    await waitTruth(env.sb, 'approved after the widget reconnected', seedId, (q) => q.state === 'approved', 15_000);
  });
});
