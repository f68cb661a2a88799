// @vitest-environment node
// How the background picks where an announcement goes from a tab, and the legacy webcast path: a
// Kaltura-QnA Announcement annotation posted with the ADMIN session (sandbox API v3, in process).
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { fetchHost } from '../sandbox/helpers';
import type { BackgroundToContent } from '@/lib/contracts/protocol';
import type { PageContext, TabRecord } from '@/lib/model/context';
import { alarms } from '@/lib/platform/alarms';
import { localStorage, sessionStorage } from '@/lib/platform/storage';
import { AdminSessions } from '@/lib/session/admin-sessions';
import { createEventTools } from '@/lib/session/announcements/wiring';
import { TabStore } from '@/lib/session/tab-store';

const PID = 1234567;
let sb: Sandbox;

const fetchVia = async (url: string, init?: RequestInit) => {
  const u = new URL(url);
  const r = await fetchHost(sb.port, u.host, u.pathname + u.search, {
    method: init?.method ?? 'GET',
    headers: init?.headers as Record<string, string>,
    body: typeof init?.body === 'string' ? init.body : undefined,
  });
  return new Response(r.body, { status: r.status, headers: { 'Content-Type': 'application/json' } });
};

const context = (entryId: string, over: Partial<PageContext> = {}): PageContext => ({
  url: `https://${PID}.events.kaltura.com/media/t/${entryId}`,
  title: 'Session',
  site: 'events',
  partnerId: PID,
  entryId,
  virtualEventId: '7654321',
  region: 'nvp1',
  cnc: { present: true, modules: ['announcements'], moderatorView: true },
  ks: { status: 'valid', partnerId: PID, type: 'USER', userId: 'moderator-1' },
  problems: [],
  diagnostics: { profileId: 'kep-2026', matched: [] },
  ...over,
});

function setup(fetch = fetchVia) {
  const store = new TabStore(sessionStorage);
  const admin = new AdminSessions({ session: sessionStorage, local: localStorage, fetch, now: Date.now });
  const told: Array<{ tabId: number; message: BackgroundToContent }> = [];
  const posted: unknown[] = [];
  const tools = createEventTools({
    store,
    admin,
    fetch,
    local: localStorage,
    alarms,
    tellTab: async (tabId, message) => {
      told.push({ tabId, message });
      return { ok: true };
    },
    followedTabs: () => [1, 2],
    postToTab: (_tabId, message) => void posted.push(message),
    meOf: async () => 'moderator-1',
    now: Date.now,
    newId: () => crypto.randomUUID(),
    setTimeout: () => 0,
  });
  const put = (tabId: number, state: TabRecord['state'], ctx: PageContext) => store.put({ tabId, url: ctx.url, state, context: ctx, updatedAt: 0 });
  return { store, tools, told, posted, put };
}

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
}, 60_000);
afterAll(async () => {
  sb.state.close();
  await sb.close();
});
beforeEach(() => fakeBrowser.reset());

describe('announcement surfaces from a tab', () => {
  it('a moderator widget announces through the content script; an attendee widget says why it cannot', async () => {
    const { tools, told, put } = setup();
    await put(1, 'attached', context('1_sessiona1'));
    const view = await tools.announcementsView(1);
    expect(view).toMatchObject({ surface: 'cnc-widget', surfaceProblem: null, pinProblem: expect.stringMatching(/no pin control/) });
    await tools.onAnnouncementsAction(1, { kind: 'send', id: 'a1', text: 'Hello all', pin: false });
    expect(told).toEqual([{ tabId: 1, message: { type: 'announce-perform', id: 'a1', text: 'Hello all', pin: false } }]);
    // Pinning is refused before anything goes out: this widget has no pin control.
    await tools.onAnnouncementsAction(1, { kind: 'send', id: 'a2', text: 'Pinned?', pin: true });
    expect(told).toHaveLength(1);
    expect((await tools.announcementsView(1))!.error).toMatch(/no pin control/);

    await put(2, 'attached', context('1_sessionb2', { cnc: { present: true, modules: [], moderatorView: false } }));
    expect(await tools.announcementsView(2)).toMatchObject({ surface: null, surfaceProblem: expect.stringMatching(/not in moderator mode/) });
  });

  it('the webcast surface posts a Kaltura-QnA Announcement annotation with the ADMIN session', async () => {
    const { tools, put } = setup();
    const entryId = '1_webcast3';
    await put(1, 'kaltura-no-cnc', context(entryId, { cnc: { present: false, modules: [], moderatorView: false }, diagnostics: { profileId: 'none', matched: [] } }));
    expect(await tools.announcementsView(1)).toMatchObject({ surface: null, surfaceProblem: expect.stringMatching(/ADMIN session/) });

    const ks = sb.state.issueKs({ partnerId: PID, type: 2, userId: 'admin', privileges: '' });
    await sessionStorage.set({ [`admin:${PID}`]: { ks, userId: 'admin', expiresAt: Math.floor(Date.now() / 1000) + 3600 } });
    expect(await tools.announcementsView(1)).toMatchObject({ surface: 'qna-annotation', surfaceProblem: null, pinProblem: null });

    await tools.onAnnouncementsAction(1, { kind: 'send', id: 'w1', text: 'The replay is up.', pin: false });
    const view = (await tools.announcementsView(1))!;
    expect(view.history[0]).toMatchObject({ id: 'w1', surface: 'qna-annotation', result: { status: 'sent' } });
    const annotation = sb.state.cuePoints.all().find((c) => c.entryId === entryId && c.text === 'The replay is up.');
    expect(annotation).toMatchObject({ objectType: 'KalturaAnnotation', systemName: 'w1' });
    const metadata = sb.state.metadata.all().find((m) => m.objectId === annotation!.id);
    expect(metadata?.xml).toContain('<Type>Announcement</Type>');
  });
});

// Any *.kaltura.com page can name an entry id. A tab to the left that names the moderator's session must
// receive nothing of it, and lend it no credentials.
describe('tab binding', () => {
  const ENTRY = '1_sessiona1';
  const HOSTILE = 1;
  const MINE = 2;
  const hostile = context(ENTRY, { url: `https://attacker.mediaspace.kaltura.com/media/t/${ENTRY}` });

  async function scheduleFromMine(tools: ReturnType<typeof setup>['tools'], id: string) {
    await tools.onAnnouncementsAction(MINE, { kind: 'schedule', id, text: `Scheduled ${id}`, sendAt: Date.now(), pin: false });
  }
  async function historyOf(tools: ReturnType<typeof setup>['tools'], tabId: number, id: string) {
    let entry: NonNullable<Awaited<ReturnType<typeof tools.announcementsView>>>['history'][number] | undefined;
    await vi.waitFor(async () => {
      entry = (await tools.announcementsView(tabId))!.history.find((h) => h.id === id);
      expect(entry).toBeDefined();
    });
    return entry!;
  }

  it('a scheduled announcement goes to the tab that scheduled it, not to the first tab naming its entry', async () => {
    const { tools, told, put } = setup();
    await put(HOSTILE, 'attached', hostile);
    await put(MINE, 'attached', context(ENTRY));
    await scheduleFromMine(tools, 's1');
    tools.onAlarm('announcements');
    expect(await historyOf(tools, MINE, 's1')).toMatchObject({ result: { status: 'sent' } });
    expect(told.map((t) => t.tabId)).toEqual([MINE]);
  });

  it('when the tab that scheduled it is closed, it fails with that reason and goes nowhere else', async () => {
    const { store, tools, told, put } = setup();
    await put(HOSTILE, 'attached', hostile);
    await put(MINE, 'attached', context(ENTRY));
    await scheduleFromMine(tools, 's2');
    await store.remove(MINE);
    tools.onAlarm('announcements');
    expect(await historyOf(tools, HOSTILE, 's2')).toMatchObject({ result: { status: 'failed', reason: 'The tab that scheduled it was closed.' } });
    expect(told).toEqual([]);
  });

  it('when that tab now shows another site, it fails and is not sent there', async () => {
    const { tools, told, put } = setup();
    await put(MINE, 'attached', context(ENTRY));
    await scheduleFromMine(tools, 's3');
    // The same tab, the same entry id, another site.
    await put(MINE, 'attached', hostile);
    tools.onAlarm('announcements');
    expect(await historyOf(tools, MINE, 's3')).toMatchObject({ result: { status: 'failed', reason: expect.stringMatching(/now shows another page/) } });
    expect(told).toEqual([]);
  });

  it("polls go out with the KS of the tab the moderator acted in, never another tab's", async () => {
    const auth: string[] = [];
    const { store, tools, put } = setup(async (url, init) => {
      auth.push(String((init?.headers as Record<string, string>)?.Authorization ?? ''));
      return fetchVia(url, init);
    });
    await put(HOSTILE, 'attached', hostile);
    await put(MINE, 'attached', context(ENTRY));
    await store.setKs(HOSTILE, sb.state.issueKs({ partnerId: PID, type: 0, userId: 'attacker', privileges: '' }));
    // My page has no KS (and no ADMIN session is connected): the hostile tab's KS is no substitute.
    await tools.onPollsAction(MINE, { kind: 'refresh' });
    expect(auth).toEqual([]);
    expect((await tools.pollsView(MINE))?.problem).toMatch(/No session key/);

    const mine = sb.state.issueKs({ partnerId: PID, type: 0, userId: 'moderator-1', privileges: '' });
    await store.setKs(MINE, mine);
    await tools.onPollsAction(MINE, { kind: 'refresh' });
    expect(auth.length).toBeGreaterThan(0);
    expect(new Set(auth)).toEqual(new Set([`Bearer ${mine}`]));
  });
});
