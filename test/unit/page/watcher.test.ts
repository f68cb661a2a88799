import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BATCH_MS, PageWatcher } from '@/lib/page/watcher';
import type { PageSnapshot } from '@/lib/page/snapshot';
import { globals } from '../fixtures';

describe('PageWatcher', () => {
  let sent: PageSnapshot[];
  let requests: number;
  let watcher: PageWatcher;
  let url: string;

  beforeEach(() => {
    vi.useFakeTimers();
    document.body.innerHTML = '';
    sent = [];
    requests = 0;
    url = 'https://1234567.events.kaltura.com/media/t/1_sessiona1';
    watcher = new PageWatcher({
      doc: document,
      url: () => url,
      resources: () => [],
      requestGlobals: () => requests++,
      send: (s) => void sent.push(s),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
    });
  });

  it('reports the first change at once, and a burst of 500 more as one snapshot', () => {
    watcher.changed();
    expect(sent).toHaveLength(1);
    for (let i = 0; i < 500; i++) {
      document.title = `title ${i}`;
      watcher.changed();
    }
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(BATCH_MS);
    expect(sent).toHaveLength(2);
    expect(sent[1]?.title).toBe('title 499');
    expect(requests).toBe(1);
  });

  it('does not hold a change behind a snapshot not yet acknowledged (the report port acks lazily)', () => {
    const pending: PageSnapshot[] = [];
    const w = new PageWatcher({
      doc: document,
      url: () => url,
      resources: () => [],
      requestGlobals: () => {},
      // Never settles here: the ack comes up to a second later.
      send: (s) => (pending.push(s), new Promise<boolean>(() => {})),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as number),
      now: () => Date.now(),
    });
    document.title = 'first';
    w.changed();
    vi.advanceTimersByTime(BATCH_MS);
    document.title = 'after the gap';
    w.changed();
    // The gap since the first snapshot is over: this one goes at once, not BATCH_MS after the change.
    expect(pending.map((s) => s.title)).toEqual(['first', 'after the gap']);
  });

  it('batches the bridge\'s globals like any other change', () => {
    watcher.changed();
    for (let i = 0; i < 100; i++) watcher.onGlobals(globals());
    vi.advanceTimersByTime(BATCH_MS);
    expect(sent).toHaveLength(2);
    expect(sent[1]?.globals).not.toBeNull();
  });

  it('does not look again for chat or Q&A changes inside the widget, but does when the widget is replaced', async () => {
    document.body.innerHTML = '<div id="kep-widget-1" class="kep-moderator" data-kep-entry-id="1_sessiona1"><ul class="kep-chat"></ul></div>';
    const looks: Array<Element | null> = [];
    const controller = new AbortController();
    const w = new PageWatcher({
      doc: document,
      url: () => url,
      resources: () => [],
      requestGlobals: () => {},
      send: () => {},
      looked: (_s, root) => looks.push(root),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as number),
      now: () => Date.now(),
      signal: controller.signal,
    });
    w.observe();
    w.changed();
    expect(looks).toHaveLength(1);
    const chat = document.querySelector('.kep-chat')!;
    for (let i = 0; i < 50; i++) {
      chat.insertAdjacentHTML('beforeend', `<li class="kep-chat-message" data-kep-message-id="m${i}"><span class="kep-text">hi ${i}</span></li>`);
      await Promise.resolve();
      vi.advanceTimersByTime(BATCH_MS);
    }
    expect(looks).toHaveLength(1);
    // Classes toggling anywhere (hover states, animations) are not worth a look either.
    document.body.classList.toggle('hovered');
    chat.firstElementChild!.classList.add('kep-highlight');
    await Promise.resolve();
    vi.advanceTimersByTime(BATCH_MS);
    expect(looks).toHaveLength(1);
    // The same root naming another session (an SPA switch that keeps the widget element) is.
    looks[0]!.setAttribute('data-kep-entry-id', '1_sessionb2');
    await Promise.resolve();
    vi.advanceTimersByTime(BATCH_MS);
    expect(looks).toHaveLength(2);
    looks.pop();
    const old = looks[0];
    document.body.innerHTML = '<div id="kep-widget-1" class="kep-moderator" data-kep-entry-id="1_sessiona1"></div>';
    await Promise.resolve();
    vi.advanceTimersByTime(BATCH_MS);
    expect(looks).toHaveLength(2);
    expect(looks[1]).not.toBe(old);
    expect(looks[1]?.isConnected).toBe(true);
    controller.abort();
    document.body.innerHTML = '';
    await Promise.resolve();
    vi.advanceTimersByTime(BATCH_MS * 4);
    expect(looks).toHaveLength(2);
  });

  it('asks the bridge again only when the page changes shape, not on every DOM change', () => {
    watcher.changed();
    vi.advanceTimersByTime(BATCH_MS);
    document.body.innerHTML = '<p>chat message</p>';
    watcher.changed();
    vi.advanceTimersByTime(BATCH_MS);
    expect(requests).toBe(1);
    document.body.innerHTML = '<div id="kep-widget-1" data-kep-entry-id="1_sessionb2"></div>';
    watcher.changed();
    vi.advanceTimersByTime(BATCH_MS);
    expect(requests).toBe(2);
    url = 'https://1234567.events.kaltura.com/media/t/1_other';
    watcher.changed();
    vi.advanceTimersByTime(BATCH_MS);
    expect(requests).toBe(3);
  });

  it('sends nothing when nothing changed, and again when something did', () => {
    watcher.changed();
    vi.advanceTimersByTime(BATCH_MS);
    watcher.changed();
    vi.advanceTimersByTime(BATCH_MS);
    expect(sent).toHaveLength(1);
    document.body.innerHTML = '<div id="kep-widget-1"></div>';
    watcher.changed();
    vi.advanceTimersByTime(BATCH_MS);
    expect(sent).toHaveLength(2);
    expect(sent[1]?.dom.widgetPresent).toBe(true);
  });

  it('sends the new URL after an SPA navigation, and the globals when they arrive', () => {
    watcher.changed();
    vi.advanceTimersByTime(BATCH_MS);
    url = 'https://1234567.events.kaltura.com/media/t/1_sessionb2';
    watcher.changed();
    vi.advanceTimersByTime(BATCH_MS);
    expect(sent.at(-1)?.url).toContain('1_sessionb2');
    watcher.onGlobals(globals());
    expect(sent.at(-1)?.globals?.players[0]?.entryId).toBe('1_sessiona1');
  });

  it('resends on request even if unchanged', () => {
    watcher.flush();
    watcher.resend();
    expect(sent).toHaveLength(2);
  });
});
