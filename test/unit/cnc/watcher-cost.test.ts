// What the content script's watchers cost the event page at 200 chat messages a second: the work per
// DOM change a user pays for in the page's frame time, counted in DOM calls (not timed).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chatObservedAttributes, chatProfileOf } from '@/lib/cnc/chat-profile';
import { ChatWatcher } from '@/lib/cnc/chat-watcher';
import type { ChatBatch } from '@/lib/contracts/chat';
import { BATCH_MS, PageWatcher } from '@/lib/page/watcher';
import type { PageSnapshot } from '@/lib/page/snapshot';

const profile = chatProfileOf('kep-2026')!;
const row = (id: string) =>
  `<li class="kep-chat-message" data-kep-message-id="${id}" data-kep-user-id="u-${id}"><span class="kep-sender">A</span>` +
  `<time class="kep-time" datetime="2026-11-29T12:00:00.000Z">12:00</time><span class="kep-text">text ${id}</span>` +
  `<span class="kep-message-reactions"><button class="kep-message-reaction" data-kep-emoji="👍">👍</button></span>` +
  `<span class="kep-mod-controls"><button data-kep-action="pin">Pin</button><button data-kep-action="delete">Delete</button></span></li>`;
const widget = () =>
  `<div id="kep-widget-1" class="kep-widget kep-moderator" data-kep-entry-id="1_sessiona1" data-kep-connection="live" data-kep-user-id="moderator-1">` +
  `<ul class="kep-blocked-list"></ul><section class="kep-module kep-module-chat" data-kep-module="chat"><ul class="kep-module-list"></ul></section></div>`;
const delivered = () => Promise.resolve().then(() => Promise.resolve());

describe('watcher cost per chat row', () => {
  let controller: AbortController;
  beforeEach(() => {
    vi.useFakeTimers();
    controller = new AbortController();
    document.body.innerHTML = widget();
  });
  afterEach(() => {
    controller.abort();
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('chat: the widget trimming its oldest rows sends nothing and reads nothing outside the rows; new rows are sent, a blocked person still is', async () => {
    const root = document.getElementById('kep-widget-1')!;
    const list = root.querySelector('.kep-module-list')!;
    list.innerHTML = Array.from({ length: 150 }, (_, i) => row(`m${i}`)).join('');
    const batches: Array<Omit<ChatBatch, 'entryId' | 'profileId'>> = [];
    const watcher = new ChatWatcher({ root, profile, send: (b) => void batches.push(b), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as number), now: () => Date.now(), signal: controller.signal });
    watcher.observe(chatObservedAttributes(profile));
    watcher.rescan();
    expect(batches).toHaveLength(1);
    const rootReads = vi.spyOn(root, 'querySelectorAll');
    for (let i = 0; i < 50; i++) list.firstElementChild!.remove();
    await delivered();
    vi.advanceTimersByTime(300);
    expect(batches).toHaveLength(1);
    expect(rootReads).not.toHaveBeenCalled();
    // A frame of new rows: only they are read and sent, still without a look at the blocked list.
    list.insertAdjacentHTML('beforeend', row("m150") + row("m151"));
    await delivered();
    vi.advanceTimersByTime(300);
    expect(batches.at(-1)!.messages.map((m) => m.id)).toEqual(["m150", "m151"]);
    expect(rootReads).not.toHaveBeenCalled();
    root.querySelector('.kep-blocked-list')!.innerHTML = '<li class="kep-blocked-user" data-kep-user-id="bob"><span class="kep-sender">Bob</span></li>';
    await delivered();
    vi.advanceTimersByTime(300);
    expect(batches.at(-1)!.blocked).toEqual([{ userId: 'bob', name: 'Bob', reason: '' }]);
  });

  it('page watcher: chat rows inside a module panel are not searched for widget structure; a module panel appearing still is looked at', async () => {
    const sent: PageSnapshot[] = [];
    const watcher = new PageWatcher({
      doc: document,
      url: () => 'https://1234567.events.kaltura.com/chatandcollaboration/index/moderator?entryId=1_sessiona1',
      resources: () => [],
      requestGlobals: () => {},
      send: (s) => void sent.push(s),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as number),
      now: () => Date.now(),
      signal: controller.signal,
    });
    watcher.observe();
    watcher.changed();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.dom.modules).toEqual(['chat']);
    const list = document.querySelector('.kep-module-list')!;
    const searched = vi.spyOn(Element.prototype, 'querySelector');
    for (let i = 0; i < 20; i++) {
      list.insertAdjacentHTML('beforeend', row(`m${i}`));
      list.firstElementChild!.remove();
      await delivered();
      vi.advanceTimersByTime(BATCH_MS);
    }
    expect(searched).not.toHaveBeenCalled();
    expect(sent).toHaveLength(1);
    searched.mockRestore();
    document.getElementById('kep-widget-1')!.insertAdjacentHTML('beforeend', '<section class="kep-module kep-module-qna" data-kep-module="qna"><ul class="kep-module-list"></ul></section>');
    await delivered();
    vi.advanceTimersByTime(BATCH_MS);
    expect(sent.at(-1)!.dom.modules).toEqual(expect.arrayContaining(['chat', 'qna']));
  });
});
