import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BATCH_MS, PageWatcher, type WatcherDeps } from '@/lib/page/watcher';
import type { PageSnapshot } from '@/lib/page/snapshot';
import { globals } from '../fixtures';

/** A watcher on this document that observes it and has made its first report (fake timers), telling each look. */
function lookingWatcher(deps: Pick<WatcherDeps, 'url' | 'send' | 'looked' | 'signal'>): PageWatcher {
  const w = new PageWatcher({
    doc: document,
    resources: () => [],
    requestGlobals: () => {},
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as number),
    now: () => Date.now(),
    ...deps,
  });
  w.observe();
  w.changed();
  return w;
}

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
    const w = lookingWatcher({ url: () => url, send: () => {}, looked: (_s, root) => looks.push(root), signal: controller.signal });
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

  it('looks when the widget renders late, anywhere in the page', async () => {
    document.body.innerHTML = '<main><section><div id="player"></div></section><aside><div id="cnc"></div></aside></main>';
    const controller = new AbortController();
    const w = new PageWatcher({
      doc: document,
      url: () => url,
      resources: () => [],
      requestGlobals: () => {},
      send: (s) => void sent.push(s),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      signal: controller.signal,
    });
    w.observe();
    w.changed();
    expect(sent.at(-1)!.dom.widgetPresent).toBe(false);
    document.getElementById('cnc')!.innerHTML = '<div><div id="kep-widget-1" data-kep-entry-id="1_sessiona1"></div></div>';
    await Promise.resolve();
    vi.advanceTimersByTime(BATCH_MS);
    expect(sent.at(-1)!.dom.widgetPresent).toBe(true);
    controller.abort();
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

// The sandbox's session page (sandbox/site/pages.ts, assets/app.js): the widget in #cnc, its reactions
// rendered by the page into #cnc-reactions outside the widget root, the player beside them.
const sessionPage = (entryId = '1_sessiona1') =>
  '<header><a href="/">Lobby</a></header><main><section><h1 id="session-title">Session A</h1><div id="player"><div class="playkit"></div></div>' +
  '<div id="cnc-reactions"><div class="kep-reactions"><button>👍</button></div><div class="kep-live-reactions"></div></div></section>' +
  `<aside><div id="cnc-sidebar"></div><div id="cnc"><div id="kep-widget-1" class="kep-widget" data-kep-entry-id="${entryId}">` +
  '<section class="kep-module kep-module-chat" data-kep-module="chat"><ul class="kep-module-list"></ul></section></div></div></aside></main>';

describe('PageWatcher once the widget is attached', () => {
  let sent: PageSnapshot[];
  let looks: Array<Element | null>;
  let controller: AbortController;
  let watcher: PageWatcher;
  /** Mutation callbacks are microtasks; a look may wait out BATCH_MS. */
  const settle = async () => {
    await Promise.resolve();
    vi.advanceTimersByTime(BATCH_MS);
  };

  beforeEach(() => {
    vi.useFakeTimers();
    document.head.innerHTML = '<title>Session A - Kaltura Events</title>';
    document.body.innerHTML = sessionPage();
    sent = [];
    looks = [];
    controller = new AbortController();
    watcher = lookingWatcher({
      url: () => 'https://1234567.events.kaltura.com/media/t/1_sessiona1',
      send: (s) => void sent.push(s),
      looked: (_s, root) => looks.push(root),
      signal: controller.signal,
    });
  });

  afterEach(() => controller.abort());

  it('costs no callback for chat steps inside the widget, floating reactions beside it, or the player', async () => {
    expect(looks).toEqual([document.getElementById('kep-widget-1')]);
    expect(sent[0]!.dom.modules).toEqual(['chat', 'reactions']);
    const callbacks = vi.spyOn(watcher, 'matters');
    const list = document.querySelector('.kep-module-list')!;
    const floating = document.querySelector('.kep-live-reactions')!;
    for (let i = 0; i < 30; i++) {
      list.insertAdjacentHTML('beforeend', `<li class="kep-chat-message" data-kep-message-id="m${i}"><span class="kep-text">hi</span></li>`);
      if (i >= 10) list.firstElementChild!.remove();
      floating.insertAdjacentHTML('beforeend', '<span class="kep-floating">❤️</span>');
      if (i >= 5) floating.firstElementChild!.remove();
      document.querySelector('.playkit')!.innerHTML = `<span>${i}s</span>`;
      await settle();
    }
    expect(callbacks).not.toHaveBeenCalled();
    expect(looks).toHaveLength(1);
    expect(sent).toHaveLength(1);
  });

  it('still looks when the widget is removed, and when another appears after it, anywhere', async () => {
    document.getElementById('kep-widget-1')!.remove();
    await settle();
    expect(looks.at(-1)).toBeNull();
    expect(sent.at(-1)!.dom.widgetPresent).toBe(false);
    // A widget appearing deep in a part of the page the attached watcher did not watch.
    document.querySelector('.playkit')!.innerHTML = '<div><div id="kep-widget-2" class="kep-widget" data-kep-entry-id="1_sessionb2"></div></div>';
    await settle();
    expect(looks.at(-1)?.id).toBe('kep-widget-2');
    expect(sent.at(-1)!.dom.widgetEntryId).toBe('1_sessionb2');
  });

  it('still looks when an ancestor of the widget is replaced (an SPA switch swapping a part of the page)', async () => {
    const aside = document.querySelector('aside')!;
    aside.replaceWith(document.createRange().createContextualFragment(sessionPage('1_sessionb2').replace(/^.*(<aside>.*<\/aside>).*$/, '$1')));
    await settle();
    expect(looks.at(-1)?.isConnected).toBe(true);
    expect(sent.at(-1)!.dom.widgetEntryId).toBe('1_sessionb2');
    // The new widget is watched in turn: its container emptied is seen.
    document.getElementById('cnc')!.replaceChildren();
    await settle();
    expect(sent.at(-1)!.dom.widgetPresent).toBe(false);
  });

  it('still looks when the page title changes', async () => {
    document.title = 'Session B - Kaltura Events';
    await settle();
    expect(sent.at(-1)!.title).toBe('Session B - Kaltura Events');
  });

  it('still looks when the reactions the page rendered outside the widget go', async () => {
    document.getElementById('cnc-reactions')!.replaceChildren();
    await settle();
    expect(sent.at(-1)!.dom.modules).toEqual(['chat']);
  });

  it('still looks when a module panel is added to the widget', async () => {
    document.getElementById('kep-widget-1')!.insertAdjacentHTML('beforeend', '<section class="kep-module kep-module-qna" data-kep-module="qna"></section>');
    await settle();
    expect(sent.at(-1)!.dom.modules).toEqual(['chat', 'qna', 'reactions']);
  });
});
