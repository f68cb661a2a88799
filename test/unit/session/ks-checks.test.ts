import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createController, type ControllerDeps } from '@/lib/session/controller';
import { KS_CHECK_WINDOW_MS, KS_CHECKS_PER_WINDOW, knownApiServiceUrl } from '@/lib/session/ks-checks';
import { TabStore } from '@/lib/session/tab-store';
import { sessionStorage } from '@/lib/platform/storage';
import { badgeFor } from '@/lib/notify/badge-policy';
import { globals, snapshot, v2Ks } from '../fixtures';

describe('KS checks a page can trigger', () => {
  let now: number;
  let deps: ControllerDeps;
  let fetch: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    fakeBrowser.reset();
    now = 1_000;
    fetch = vi.fn(async () => new Response(JSON.stringify({ objectType: 'KalturaSessionInfo', sessionType: 0, partnerId: 1234567, userId: 'u', expiry: 4e9, privileges: '' }), { status: 200 }));
    deps = {
      store: new TabStore(sessionStorage),
      fetch,
      setState: async (_tabId, state) => badgeFor(state),
      tellTab: async () => undefined,
      isCovered: async () => true,
      now: () => now,
    };
  });

  const naming = (salt: string, serviceUrl: string | null = null) =>
    snapshot({ globals: globals({ players: [{ partnerId: 1234567, ks: v2Ks(1234567, salt), entryId: null, serviceUrl }] }) });

  it('a page inventing a new KS in a loop gets a few checks a minute, then more once the minute has passed', async () => {
    const controller = createController(deps);
    for (let i = 0; i < 50; i++) await controller.onSnapshot(7, naming(`s${i}`));
    expect(fetch).toHaveBeenCalledTimes(KS_CHECKS_PER_WINDOW);
    // Another tab has its own allowance.
    await controller.onSnapshot(8, naming('other-tab'));
    expect(fetch).toHaveBeenCalledTimes(KS_CHECKS_PER_WINDOW + 1);
    now += KS_CHECK_WINDOW_MS;
    await controller.onSnapshot(7, naming('later'));
    expect(fetch).toHaveBeenCalledTimes(KS_CHECKS_PER_WINDOW + 2);
  });

  it('sends the KS only to a known API host on 443, whatever service URL the page names', async () => {
    const controller = createController(deps);
    const named = ['https://www.kaltura.com:8443/api_v3', 'https://evil.kaltura.com/api_v3', 'http://www.kaltura.com/api_v3', 'https://user:pw@www.kaltura.com/'];
    for (const [i, url] of named.entries()) {
      now += KS_CHECK_WINDOW_MS;
      await controller.onSnapshot(7, naming(`h${i}`, url));
    }
    expect(fetch.mock.calls.map((c) => new URL(String(c[0])).origin)).toEqual(named.map(() => 'https://www.kaltura.com'));
  });

  it('knows the API hosts', () => {
    expect(knownApiServiceUrl('https://cdnapisec.kaltura.com/api_v3')).toBe('https://cdnapisec.kaltura.com/api_v3');
    expect(knownApiServiceUrl('https://api.nvp1.ovp.kaltura.com')).toBe('https://api.nvp1.ovp.kaltura.com/api_v3');
    expect(knownApiServiceUrl('https://www.kaltura.com:443/api_v3')).toBe('https://www.kaltura.com/api_v3');
    expect(knownApiServiceUrl('https://kmc.kaltura.com/api_v3')).toBeNull();
    expect(knownApiServiceUrl('https://www.kaltura.com.evil.example/')).toBeNull();
  });
});
