// The page's custom-profile watch: a page whose origin has no custom profile, and whose Teach view was never
// opened, does not listen to storage changes at all (the browser hands every listening page the old and new
// values of each storage.local write the extension makes); one with a custom profile, or talked to by the
// Teach view, hears its origin's profile saved, imported or removed, and nothing else.
import { describe, expect, it, vi } from 'vitest';
import { PageProfileWatch, TeachFeature, type StorageChangeEvents } from '@/lib/content/teach';
import { CUSTOM_PROFILES_KEY } from '@/lib/cnc/custom-profiles';

const URL_ = 'https://events.acme.test/media/t/1_abcd1234';

/** Storage events as the browser dispatches them to this page: only to listeners that are there. */
function fakeEvents(withLocalArea = true) {
  const any = new Set<(c: Record<string, unknown>, area: string) => void>();
  const local = new Set<(c: Record<string, unknown>) => void>();
  const events: StorageChangeEvents = {
    onChanged: { addListener: (l) => void any.add(l), removeListener: (l) => void any.delete(l) },
    local: withLocalArea ? { onChanged: { addListener: (l) => void local.add(l), removeListener: (l) => void local.delete(l) } } : undefined,
  };
  return {
    events,
    /** How many listeners this page has: each is handed every write of its area. */
    listeners: () => any.size + local.size,
    write(area: 'local' | 'session', changes: Record<string, unknown>) {
      any.forEach((l) => l(changes, area));
      if (area === 'local') local.forEach((l) => l(changes));
    },
  };
}

function watch(events: StorageChangeEvents, signal = new AbortController().signal) {
  const reinstall = vi.fn(async (_origin: string) => ['taught']);
  const changed = vi.fn();
  const w = new PageProfileWatch({ url: URL_, changed, signal, reinstall, events });
  return { w, reinstall, changed };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('PageProfileWatch', () => {
  it('a page without a custom profile, whose Teach view was never opened, has no storage listener', async () => {
    const f = fakeEvents();
    const { reinstall } = watch(f.events);
    f.write('session', { 'chat:1:ix': [1, 2, 3] });
    f.write('local', { 'chat-audit:1': {} });
    expect(f.listeners()).toBe(0);
    await flush();
    expect(reinstall).not.toHaveBeenCalled();
  });

  it("once listening, reinstalls and remounts on its custom profiles key only, and only for the local area", async () => {
    const f = fakeEvents();
    const { w, reinstall, changed } = watch(f.events);
    w.listen();
    w.listen(); // once
    expect(f.listeners()).toBe(1);
    f.write('session', { [CUSTOM_PROFILES_KEY]: {} });
    f.write('local', { 'chat-audit:1': {} });
    await flush();
    expect(reinstall).not.toHaveBeenCalled();
    f.write('local', { [CUSTOM_PROFILES_KEY]: {} });
    await flush();
    expect(reinstall).toHaveBeenCalledWith('https://events.acme.test');
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('without the local area\'s own event, filters storage.onChanged by area', async () => {
    const f = fakeEvents(false);
    const { w, changed } = watch(f.events);
    w.listen();
    f.write('session', { [CUSTOM_PROFILES_KEY]: {} });
    await flush();
    expect(changed).not.toHaveBeenCalled();
    f.write('local', { [CUSTOM_PROFILES_KEY]: {} });
    await flush();
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('starts listening when the Teach view talks to the page, and stops when the script\'s life ends', async () => {
    const f = fakeEvents();
    const life = new AbortController();
    const { w, changed } = watch(f.events, life.signal);
    const teach = new TeachFeature({ doc: document, url: () => URL_, now: () => 0, signal: life.signal, used: () => w.listen() });
    expect(teach.onMessage({ type: 'not-teach' })).toBeUndefined();
    expect(f.listeners()).toBe(0);
    await teach.onMessage({ type: 'teach-view' });
    expect(f.listeners()).toBe(1);
    f.write('local', { [CUSTOM_PROFILES_KEY]: {} });
    await flush();
    expect(changed).toHaveBeenCalledTimes(1);
    life.abort();
    expect(f.listeners()).toBe(0);
  });
});
