import { describe, expect, it } from 'vitest';
import { reinjectOpenTabs } from '@/lib/background/reinject';

/** Open tabs, queried with match patterns as the browser does (`https://*.host/*`, `https://host/*`). */
function openTabs(urls: string[]) {
  const tabs = urls.map((url, i) => ({ id: i + 1, windowId: 1, active: false, url }));
  const matches = (pattern: string, url: string) => {
    const re = new RegExp(`^${pattern.replace(/[.?+^$()[\]{}|\\]/g, '\\$&').replace(/\/\*$/, '/.*').replace('://*\\.', '://(?:[^/]+\\.)?')}$`);
    return re.test(url);
  };
  return {
    query: async (pattern: string) => tabs.filter((t) => matches(pattern, t.url)),
    urlOf: (id: number) => tabs.find((t) => t.id === id)!.url,
  };
}

describe('reinjectOpenTabs (after an install or update)', () => {
  it('runs the content script in the open Kaltura event tabs and in the tabs of custom domains the moderator granted', async () => {
    const tabs = openTabs([
      'https://1234567.events.kaltura.com/media/t/1_abcd1234',
      'https://events.acme.test/media/t/1_abcd1234', // granted
      'https://webinars.other.test/media/t/1_abcd1234', // never granted
      'https://kmc.kaltura.com/index.php/kmcng/content', // the admin console: not ours
    ]);
    const injected: string[] = [];
    await reinjectOpenTabs({
      tabs: { query: tabs.query },
      origins: { granted: async () => ['https://events.acme.test'], inject: async (id) => void injected.push(tabs.urlOf(id)) },
    });
    expect(injected.sort()).toEqual(['https://1234567.events.kaltura.com/media/t/1_abcd1234', 'https://events.acme.test/media/t/1_abcd1234']);
  });

  it('a tab that refuses does not keep the others from their content script, and each tab gets it once', async () => {
    const tabs = openTabs(['https://a.events.kaltura.com/x', 'https://events.acme.test/x', 'https://events.acme.test/y']);
    const injected: number[] = [];
    await reinjectOpenTabs({
      tabs: { query: tabs.query },
      origins: {
        granted: async () => ['https://events.acme.test', 'https://events.acme.test'],
        inject: async (id) => {
          injected.push(id);
          if (id === 1) throw new Error('Frame with ID 0 is showing error page');
        },
      },
    });
    expect(injected).toEqual([1, 2, 3]);
  });
});
