// What the content script's watchers cost the event page at 200 chat messages a second: the work per
// DOM change a user pays for in the page's frame time, counted in DOM calls (not timed).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chatObservedAttributes, chatProfileOf } from '@/lib/cnc/chat-profile';
import { ChatWatcher, sameMessage } from '@/lib/cnc/chat-watcher';
import { observedAttributes, profileById } from '@/lib/cnc/profile';
import { QnaWatcher } from '@/lib/cnc/qna-watcher';
import type { ChatMessage } from '@/lib/model/chat/types';
import type { ChatBatch } from '@/lib/contracts/chat';
import { BATCH_MS, PageWatcher } from '@/lib/page/watcher';
import type { PageSnapshot } from '@/lib/page/snapshot';

const profile = chatProfileOf('kep-2026')!;
const row = (id: string) =>
  `<li class="kep-chat-message" data-kep-message-id="${id}" data-kep-user-id="u-${id}"><span class="kep-sender">A</span>` +
  `<time class="kep-time" datetime="2026-11-29T12:00:00.000Z">12:00</time><span class="kep-text">text ${id}</span>` +
  `<span class="kep-message-reactions"><button class="kep-message-reaction" data-kep-emoji="👍">👍</button></span>` +
  `<span class="kep-mod-controls"><button data-kep-action="pin">Pin</button><button data-kep-action="delete">Delete</button></span></li>`;
const widget = (more = '') =>
  `<div id="kep-widget-1" class="kep-widget kep-moderator" data-kep-entry-id="1_sessiona1" data-kep-connection="live" data-kep-user-id="moderator-1">` +
  `<ul class="kep-blocked-list"></ul><section class="kep-module kep-module-chat" data-kep-module="chat"><ul class="kep-module-list"></ul></section>${more}</div>`;
const qnaSection = '<section class="kep-module kep-module-qna" data-kep-module="qna"><ul class="kep-qna-list"></ul></section>';
const question = (id: string) => `<li data-kep-question-id="${id}" data-kep-state="pending"><span class="kep-sender">A</span><p class="kep-text">Q ${id}</p></li>`;
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

  it('chat: rows trimmed from the list are not looked at, one by one; a row added after is read', async () => {
    const root = document.getElementById('kep-widget-1')!;
    const list = root.querySelector('.kep-module-list')!;
    list.innerHTML = Array.from({ length: 30 }, (_, i) => row(`m${i}`)).join('');
    const batches: Array<Omit<ChatBatch, 'entryId' | 'profileId'>> = [];
    const watcher = new ChatWatcher({ root, profile, send: (b) => void batches.push(b), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as number), now: () => Date.now(), signal: controller.signal });
    watcher.observe(chatObservedAttributes(profile));
    watcher.rescan();
    // A frame of the widget: one row appended (the list is now known as the rows' list).
    list.insertAdjacentHTML('beforeend', row('m30'));
    await delivered();
    vi.advanceTimersByTime(300);
    expect(batches.at(-1)!.messages.map((m) => m.id)).toEqual(['m30']);
    const matched = vi.spyOn(Element.prototype, 'matches');
    const range = document.createRange();
    range.setStartBefore(list.firstElementChild!);
    range.setEndAfter(list.children[19]!);
    range.deleteContents(); // the widget's trim: 20 records, one per row
    await delivered();
    vi.advanceTimersByTime(300);
    expect(matched).not.toHaveBeenCalled();
    expect(batches).toHaveLength(2);
    matched.mockRestore();
    list.insertAdjacentHTML('beforeend', row('m31'));
    await delivered();
    vi.advanceTimersByTime(300);
    expect(batches.at(-1)!.messages.map((m) => m.id)).toEqual(['m31']);
  });

  it('chat: questions and floating reactions coming and going do not make it look at the rest of the widget; a block still does', async () => {
    document.body.innerHTML = widget(qnaSection + '<div class="kep-live-reactions"></div>');
    const root = document.getElementById('kep-widget-1')!;
    const batches: Array<Omit<ChatBatch, 'entryId' | 'profileId'>> = [];
    const qna = profileById('kep-2026')!;
    const watcher = new ChatWatcher({
      root,
      profile,
      send: (b) => void batches.push(b),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as number),
      now: () => Date.now(),
      signal: controller.signal,
      foreign: { rows: qna.qna!.list.row, areas: qna.modules.reactions },
    });
    watcher.observe(chatObservedAttributes(profile));
    watcher.rescan();
    expect(batches).toHaveLength(1);
    const rootReads = vi.spyOn(root, 'querySelectorAll');
    const qList = root.querySelector('.kep-qna-list')!;
    const live = root.querySelector('.kep-live-reactions')!;
    for (let i = 0; i < 10; i++) {
      qList.insertAdjacentHTML('beforeend', question(`q${i}`));
      qList.lastElementChild!.setAttribute('class', 'kep-question-new'); // a row's look changing
      qList.lastElementChild!.querySelector('.kep-text')!.textContent = `Q ${i} edited`;
      live.insertAdjacentHTML('beforeend', '<span class="kep-live-reaction">👍</span>');
      if (i > 2) live.firstElementChild!.remove();
      if (i > 4) qList.firstElementChild!.remove();
      await delivered();
      vi.advanceTimersByTime(300);
    }
    expect(rootReads).not.toHaveBeenCalled();
    expect(batches).toHaveLength(1);
    root.querySelector('.kep-blocked-list')!.innerHTML = '<li class="kep-blocked-user" data-kep-user-id="bob"><span class="kep-sender">Bob</span></li>';
    await delivered();
    vi.advanceTimersByTime(300);
    expect(batches.at(-1)!.blocked).toEqual([{ userId: 'bob', name: 'Bob', reason: '' }]);
    root.setAttribute('data-kep-connection', 'stale');
    await delivered();
    vi.advanceTimersByTime(300);
    expect(batches.at(-1)!.live).toBe(false);
  });

  it('Q&A: chat rows coming and going are not searched for questions; a question still is sent', async () => {
    document.body.innerHTML = widget(qnaSection);
    const root = document.getElementById('kep-widget-1')!;
    const chatList = root.querySelector('.kep-module-list')!;
    const sent: string[][] = [];
    const watcher = new QnaWatcher({
      root,
      profile: profileById('kep-2026')!.qna!,
      foreignRows: profile.item,
      send: (b) => void sent.push(b.questions.map((q) => q.id)),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as number),
      now: () => Date.now(),
      signal: controller.signal,
    });
    watcher.observe(observedAttributes());
    watcher.rescan();
    expect(sent).toEqual([[]]);
    const searched = vi.spyOn(Element.prototype, 'querySelectorAll');
    const matched = vi.spyOn(Element.prototype, 'matches');
    for (let i = 0; i < 20; i++) {
      chatList.insertAdjacentHTML('beforeend', row(`m${i}`) + row(`n${i}`));
      if (i > 0) chatList.firstElementChild!.remove();
      await delivered();
      vi.advanceTimersByTime(300);
    }
    expect(searched).not.toHaveBeenCalled();
    // The first chat row tells the chat's list apart; after that its records are skipped whole.
    expect(matched.mock.calls.length).toBeLessThanOrEqual(2);
    expect(sent).toHaveLength(1);
    searched.mockRestore();
    matched.mockRestore();
    root.querySelector('.kep-qna-list')!.insertAdjacentHTML('beforeend', question('q1'));
    await delivered();
    vi.advanceTimersByTime(300);
    expect(sent.at(-1)).toEqual(['q1']);
  });

  it('chat: a row re-rendered as it was is not sent again; a changed reaction count or order is', async () => {
    const root = document.getElementById('kep-widget-1')!;
    const list = root.querySelector('.kep-module-list')!;
    const reacted = (id: string, buttons: string) => row(id).replace(/<span class="kep-message-reactions">.*?<\/span>/, `<span class="kep-message-reactions">${buttons}</span>`);
    const thumbs = (n: number) => `<button class="kep-message-reaction" data-kep-emoji="👍">👍${n ? ` ${n}` : ''}</button>`;
    const heart = (n: number) => `<button class="kep-message-reaction" data-kep-emoji="❤️">❤️${n ? ` ${n}` : ''}</button>`;
    list.innerHTML = reacted('m1', thumbs(1) + heart(2)) + row('m2');
    const batches: Array<Omit<ChatBatch, 'entryId' | 'profileId'>> = [];
    const watcher = new ChatWatcher({ root, profile, send: (b) => void batches.push(b), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as number), now: () => Date.now(), signal: controller.signal });
    watcher.observe(chatObservedAttributes(profile));
    watcher.rescan();
    expect(batches[0]!.messages.map((m) => [m.id, m.reactions])).toEqual([['m1', { '👍': 1, '❤️': 2 }], ['m2', {}]]);
    const step = async (html: string) => {
      list.firstElementChild!.replaceWith(document.createRange().createContextualFragment(html));
      await delivered();
      vi.advanceTimersByTime(300);
    };
    await step(reacted('m1', thumbs(1) + heart(2)));
    expect(batches).toHaveLength(1);
    await step(reacted('m1', thumbs(1) + heart(3)));
    expect(batches.at(-1)!.messages.map((m) => [m.id, m.reactions])).toEqual([['m1', { '👍': 1, '❤️': 3 }]]);
    await step(reacted('m1', heart(3) + thumbs(1)));
    expect(batches).toHaveLength(3);
    await step(reacted('m1', heart(3) + thumbs(1)));
    expect(batches).toHaveLength(3);
  });

  it('sameMessage: every field a user sees counts', () => {
    const m: ChatMessage = { id: 'm1', author: { id: 'u1', name: 'Ann' }, text: 'hi', at: 1, pinned: false, deleted: false, byModerator: false, reactions: { '👍': 1 } };
    expect(sameMessage(m, structuredClone(m))).toBe(true);
    for (const other of [
      { text: 'hi!' },
      { at: 2 },
      { pinned: true },
      { deleted: true },
      { byModerator: true },
      { author: { id: 'u1', name: 'Anne' } },
      { author: { id: null, name: 'Ann' } },
      { reactions: {} },
      { reactions: { '👍': 2 } },
      { reactions: { '👍': 1, '❤️': 1 } },
    ] as Array<Partial<ChatMessage>>) {
      expect(sameMessage(m, { ...m, ...other })).toBe(false);
    }
  });
});
