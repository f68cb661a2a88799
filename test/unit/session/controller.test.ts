import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { apiServiceUrl, createController, KS_CHECKS_PER_MINUTE, type ControllerDeps } from '@/lib/session/controller';
import { TabStore } from '@/lib/session/tab-store';
import { sessionStorage } from '@/lib/platform/storage';
import { badgeFor, type BadgeSpec } from '@/lib/notify/badge-policy';
import { MAX_URL_CHARS } from '@/lib/page/hosts';
import { globals, snapshot, v2Ks } from '../fixtures';

const TAB = 7;
const PAGE_KS = v2Ks(1234567);

/** A fetch that answers session.get like Kaltura, or with the error given. */
function kaltura(answer: Record<string, unknown>) {
  return vi.fn(async (_url: string, _init?: RequestInit) => new Response(JSON.stringify(answer), { status: 200 }));
}

const USER_INFO = {
  objectType: 'KalturaSessionInfo',
  sessionType: 0,
  partnerId: 1234567,
  userId: 'attendee-1',
  expiry: 4_000_000_000,
  privileges: 'sview:*,virtualeventid:7654321',
};

describe('background controller', () => {
  let store: TabStore;
  let badges: Map<number, BadgeSpec>;
  let deps: ControllerDeps;

  beforeEach(() => {
    fakeBrowser.reset();
    store = new TabStore(sessionStorage);
    badges = new Map();
    deps = {
      store,
      fetch: kaltura(USER_INFO),
      setState: async (tabId, state) => {
        badges.set(tabId, badgeFor(state));
        return badgeFor(state);
      },
      tellTab: async () => undefined,
      isCovered: async (url) => url.includes('.kaltura.com'),
      now: () => 1_000,
    };
  });

  it('attaches, asks Kaltura about the KS, and fills in type and event', async () => {
    const controller = createController(deps);
    await controller.onSnapshot(TAB, snapshot());
    const record = await store.get(TAB);
    expect(record?.state).toBe('attached');
    expect(record?.context?.ks).toMatchObject({ status: 'valid', type: 'USER', userId: 'attendee-1' });
    expect(record?.context?.virtualEventId).toBe('7654321');
    expect(badges.get(TAB)?.text).toBe('ON');

    const [url, init] = vi.mocked(deps.fetch).mock.calls[0]!;
    expect(url).toBe('https://www.kaltura.com/api_v3/service/session/action/get');
    expect(JSON.parse(String(init?.body))).toMatchObject({ session: PAGE_KS, ks: PAGE_KS, format: 1 });
  });

  it('keeps the KS out of the record the panel receives', async () => {
    await createController(deps).onSnapshot(TAB, snapshot());
    expect(JSON.stringify(await store.get(TAB))).not.toContain(PAGE_KS);
    expect(await store.getKs(TAB)).toBe(PAGE_KS);
  });

  it('asks Kaltura once per KS, not on every snapshot', async () => {
    const controller = createController(deps);
    await controller.onSnapshot(TAB, snapshot());
    await controller.onSnapshot(TAB, snapshot({ url: 'https://1234567.events.kaltura.com/media/t/1_sessionb2' }));
    expect(deps.fetch).toHaveBeenCalledTimes(1);
    expect((await store.get(TAB))?.context).toMatchObject({ entryId: '1_sessionb2', ks: { type: 'USER' } });

    await controller.onSnapshot(TAB, snapshot({ globals: globals({}, v2Ks(1234567, 'other')) }));
    expect(deps.fetch).toHaveBeenCalledTimes(2);
  });

  it('shows an ADMIN KS as such', async () => {
    deps.fetch = kaltura({ ...USER_INFO, sessionType: 2 });
    await createController(deps).onSnapshot(TAB, snapshot());
    expect((await store.get(TAB))?.context?.ks).toMatchObject({ type: 'ADMIN' });
  });

  it('says when Kaltura refuses the KS as expired', async () => {
    deps.fetch = kaltura({ objectType: 'KalturaAPIException', code: 'INVALID_KS', message: 'Invalid KS', args: { ERR_DESC: 'EXPIRED' } });
    await createController(deps).onSnapshot(TAB, snapshot());
    const context = (await store.get(TAB))?.context;
    expect(context?.ks).toMatchObject({ status: 'valid', type: null, checkError: 'the KS has expired.' });
    expect(context?.problems).toContain("Kaltura could not check the page's KS: the KS has expired.");
  });

  it('says when Kaltura cannot be reached, and stays attached', async () => {
    deps.fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    await createController(deps).onSnapshot(TAB, snapshot());
    const record = await store.get(TAB);
    expect(record?.state).toBe('attached');
    expect(record?.context?.problems.join()).toMatch(/could not be reached/);
  });

  it('never sends the KS to a host that is not Kaltura, whatever the page claims', async () => {
    const page = snapshot({ globals: globals({ players: [{ partnerId: 1234567, ks: PAGE_KS, entryId: null, serviceUrl: 'https://evil.example/api' }] }) });
    await createController(deps).onSnapshot(TAB, page);
    expect(vi.mocked(deps.fetch).mock.calls[0]![0]).toMatch(/^https:\/\/www\.kaltura\.com\//);
  });

  it('asks Kaltura about at most a few KSes a minute per tab, however many the page invents', async () => {
    let now = 1_000;
    deps.now = () => now;
    const controller = createController(deps);
    for (let i = 0; i < 50; i++) await controller.onSnapshot(TAB, snapshot({ globals: globals({}, v2Ks(1234567, `invented-${i}`)) }));
    await vi.waitFor(async () => expect((await store.get(TAB))?.context?.problems.join()).toMatch(/changed its KS too often/));
    expect(deps.fetch).toHaveBeenCalledTimes(KS_CHECKS_PER_MINUTE);
    // Once the page calms down, its KS is checked.
    now += 60_000;
    await controller.onSnapshot(TAB, snapshot({ globals: globals({}, v2Ks(1234567, 'invented-49')) }));
    expect(deps.fetch).toHaveBeenCalledTimes(KS_CHECKS_PER_MINUTE + 1);
    expect((await store.get(TAB))?.context?.ks).toMatchObject({ type: 'USER' });
  });

  it('asks once per KS when the page flips between two', async () => {
    const controller = createController(deps);
    const [a, b] = [v2Ks(1234567, 'a'), v2Ks(1234567, 'b')];
    for (let i = 0; i < 10; i++) await controller.onSnapshot(TAB, snapshot({ globals: globals({}, i % 2 ? b : a) }));
    expect(deps.fetch).toHaveBeenCalledTimes(2);
    expect((await store.get(TAB))?.context?.ks).toMatchObject({ type: 'USER' });
  });

  it.each([
    ['https://www.kaltura.com/api_v3', 'https://www.kaltura.com/api_v3'],
    ['https://cdnapisec.kaltura.com/api_v3', 'https://cdnapisec.kaltura.com/api_v3'],
    ['https://api.irp2.ovp.kaltura.com/api_v3', 'https://api.irp2.ovp.kaltura.com/api_v3'],
    ['https://www.kaltura.com:8443/api_v3', 'https://www.kaltura.com/api_v3'],
    ['https://cdnapisec.kaltura.com:444/api_v3', 'https://www.kaltura.com/api_v3'],
    ['https://attacker.mediaspace.kaltura.com/api_v3', 'https://www.kaltura.com/api_v3'],
    ['http://www.kaltura.com/api_v3', 'https://www.kaltura.com/api_v3'],
    ['https://www.kaltura.com.evil.test/api_v3', 'https://www.kaltura.com/api_v3'],
  ])('sends the KS only to a known Kaltura API host on 443: %s → %s', (named, used) => {
    expect(apiServiceUrl(named)).toBe(used);
  });

  it('does not call Kaltura for a malformed KS', async () => {
    await createController(deps).onSnapshot(TAB, snapshot({ globals: globals({}, 'djJ8garbage!!') }));
    expect(deps.fetch).not.toHaveBeenCalled();
    expect((await store.get(TAB))?.context?.ks.status).toBe('malformed');
  });

  it('keeps the record on an SPA URL change, resets it on a real navigation', async () => {
    const controller = createController(deps);
    await controller.onSnapshot(TAB, snapshot());
    await controller.onUrlChanged(TAB, 'https://1234567.events.kaltura.com/media/t/1_sessionb2', false);
    expect((await store.get(TAB))?.state).toBe('attached');

    await controller.onUrlChanged(TAB, 'https://news.example.org/', true);
    expect((await store.get(TAB))?.state).toBe('not-kaltura');
    expect(await store.getKs(TAB)).toBeNull();
    expect(badges.get(TAB)?.text).toBe('');
  });

  it('stores no more of a hostile URL than the cap, whether pushed by the page or named in its snapshot', async () => {
    const huge = `https://1234567.events.kaltura.com/media/t/1_abcd1234?q=${'a'.repeat(200_000)}`;
    const controller = createController(deps);
    await controller.onUrlChanged(TAB, huge, true);
    expect((await store.get(TAB))?.url.length).toBeLessThanOrEqual(MAX_URL_CHARS);
    await controller.onSnapshot(TAB, snapshot({ url: huge }));
    const record = await store.get(TAB);
    expect(record?.url.length).toBeLessThanOrEqual(MAX_URL_CHARS);
    expect(record?.context?.url.length).toBeLessThanOrEqual(MAX_URL_CHARS);
    expect(record?.context?.entryId).toBe('1_abcd1234');
  });

  it('offers access on a custom domain that looks like an event page', async () => {
    const controller = createController(deps);
    await controller.onUrlChanged(TAB, 'https://events.acme.test/media/t/1_sessiona1', true);
    expect((await store.get(TAB))?.state).toBe('needs-access');
  });

  it('forgets a closed tab, KS included', async () => {
    const controller = createController(deps);
    await controller.onSnapshot(TAB, snapshot());
    await controller.onTabRemoved(TAB);
    expect(await store.get(TAB)).toBeNull();
    expect(await store.getKs(TAB)).toBeNull();
  });

  it('survives a restart: a new store over the same storage has every tab', async () => {
    await createController(deps).onSnapshot(TAB, snapshot());
    const restarted = new TabStore(sessionStorage);
    expect((await restarted.get(TAB))?.context?.entryId).toBe('1_sessiona1');
  });

  it('applies snapshots in order even when the KS check is slow', async () => {
    let release!: () => void;
    deps.fetch = vi.fn(
      () => new Promise<Response>((resolve) => (release = () => resolve(new Response(JSON.stringify(USER_INFO))))),
    );
    const controller = createController(deps);
    const first = controller.onSnapshot(TAB, snapshot());
    await vi.waitFor(() => expect(deps.fetch).toHaveBeenCalled());
    await controller.onSnapshot(TAB, snapshot({ url: 'https://1234567.events.kaltura.com/media/t/1_sessionb2' }));
    release();
    await first;
    expect((await store.get(TAB))?.context).toMatchObject({ entryId: '1_sessionb2', ks: { type: 'USER' } });
  });
});
