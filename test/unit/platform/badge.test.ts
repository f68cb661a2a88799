// The toolbar badge: each value is one call into the browser (and a toolbar repaint there), so a value the
// tab already shows is not set again; after the tab navigates (the browser reset its badge) all of it is.
import { describe, expect, it } from 'vitest';
import { createBadgeSetter, type ActionApi } from '@/lib/platform/badge';

function fakeAction() {
  const calls: string[] = [];
  const api: ActionApi = {
    setBadgeText: async ({ tabId, text }) => void calls.push(`${tabId} text ${text}`),
    setBadgeBackgroundColor: async ({ tabId, color }) => void calls.push(`${tabId} color ${color}`),
    setTitle: async ({ tabId, title }) => void calls.push(`${tabId} title ${title}`),
  };
  return { api, calls };
}

const blue = (count: number) => ({ text: String(count), color: '#0969da', title: `CnC Moderator: ${count} waiting` });

describe('createBadgeSetter', () => {
  it('draws a tab\'s first badge whole, then nothing when nothing changed, and only what changed after', async () => {
    const { api, calls } = fakeAction();
    const badge = createBadgeSetter(api);
    await badge.set(3, blue(41));
    expect(calls).toEqual(['3 text 41', '3 color #0969da', '3 title CnC Moderator: 41 waiting']);

    calls.length = 0;
    await badge.set(3, blue(41));
    expect(calls).toEqual([]);

    // One more question: the count and the title change, the colour does not.
    await badge.set(3, blue(42));
    expect(calls).toEqual(['3 text 42', '3 title CnC Moderator: 42 waiting']);
  });

  it('keeps each tab apart', async () => {
    const { api, calls } = fakeAction();
    const badge = createBadgeSetter(api);
    await badge.set(3, blue(1));
    calls.length = 0;
    await badge.set(4, blue(1));
    expect(calls).toHaveLength(3);
  });

  it('sets everything again after the tab navigated (forget), and after a call failed', async () => {
    const { api, calls } = fakeAction();
    const badge = createBadgeSetter(api);
    await badge.set(3, blue(5));
    badge.forget(3);
    calls.length = 0;
    await badge.set(3, blue(5));
    expect(calls).toEqual(['3 text 5', '3 color #0969da', '3 title CnC Moderator: 5 waiting']);

    // The tab is going away: the call fails, and what the tab shows is not known.
    let fail = true;
    const failing: ActionApi = { ...api, setBadgeText: async (d) => (fail ? Promise.reject(new Error('No tab with id: 3')) : api.setBadgeText(d)) };
    const flaky = createBadgeSetter(failing);
    await flaky.set(3, blue(6));
    fail = false;
    calls.length = 0;
    await flaky.set(3, blue(6));
    expect(calls).toEqual(['3 text 6', '3 color #0969da', '3 title CnC Moderator: 6 waiting']);
  });
});
