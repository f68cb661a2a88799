import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chatCapabilitiesOf, chatObservedAttributes, chatProfileOf } from '@/lib/cnc/chat-profile';
import { readBlocked, readMessage } from '@/lib/cnc/chat-reader';
import { CHAT_AT_ONCE, CHAT_HOLD_BACKSTOP_MS, CHAT_FLOW_MS, CHAT_HOLD_BELOW, CHAT_HOLD_MS, CHAT_ISOLATED_MS, CHAT_MAX_WAIT_MS, CHAT_MIN_GAP_MS, ChatWatcher, type ChatWatcherDeps } from '@/lib/cnc/chat-watcher';
import { performChatAction } from '@/lib/cnc/chat-actor';
import type { ChatBatch } from '@/lib/contracts/chat';

const profile = chatProfileOf('kep-2026')!;
// The sandbox widget's markup (sandbox/site/widget-markup.ts, MODELED).
const row = (id: string, text: string, opts: { user?: string; pinned?: boolean; deleted?: boolean; mod?: boolean; likes?: number } = {}) =>
  `<li class="kep-chat-message${opts.pinned ? ' kep-pinned' : ''}${opts.deleted ? ' kep-deleted' : ''}" data-kep-message-id="${id}" data-kep-user-id="${opts.user ?? 'alice'}"${opts.mod ? ' data-kep-role="moderator"' : ''}>` +
  `<span class="kep-sender">Alice</span><time class="kep-time" datetime="2026-11-29T12:00:00.000Z">12:00</time><span class="kep-text">${text}</span>` +
  `<span class="kep-message-reactions"><button class="kep-message-reaction" data-kep-emoji="👍">👍${opts.likes ? ' ' + opts.likes : ''}</button><button class="kep-message-reaction" data-kep-emoji="❤️">❤️</button></span>` +
  `<span class="kep-mod-controls"><button data-kep-action="${opts.pinned ? 'unpin' : 'pin'}">Pin</button><button data-kep-action="delete">Delete</button><button data-kep-action="block" data-kep-user-id="${opts.user ?? 'alice'}">Block</button></span></li>`;

const widget = (rows: string, blocked = '') =>
  `<div id="kep-widget-1" class="kep-widget kep-moderator" data-kep-connection="live" data-kep-user-id="moderator-1">` +
  `<form class="kep-block-form" hidden><input class="kep-block-reason"><button type="submit" data-kep-action="block-confirm">Block</button></form>` +
  `<ul class="kep-blocked-list">${blocked}</ul>` +
  `<section class="kep-module kep-module-chat"><ul class="kep-module-list">${rows}</ul>` +
  `<form class="kep-composer" data-kep-composer="chat"><input class="kep-composer-input"><button class="kep-composer-send" type="submit">Send</button></form></section></div>`;

const mutationsDelivered = () => Promise.resolve().then(() => Promise.resolve());

describe('chat profile and reader', () => {
  it('reads a message row: sender, time, text as text, pinned, deleted, moderator mark, reactions with counts', () => {
    document.body.innerHTML = widget(row('m1', '&lt;b&gt;hi&lt;/b&gt;', { pinned: true, likes: 3 }) + row('m2', 'bye', { deleted: true, mod: true }));
    const rows = document.querySelectorAll(profile.item);
    expect(readMessage(rows[0]!, profile, 0)).toEqual({
      id: 'm1',
      author: { id: 'alice', name: 'Alice' },
      text: '<b>hi</b>',
      at: Date.parse('2026-11-29T12:00:00.000Z'),
      pinned: true,
      deleted: false,
      byModerator: false,
      reactions: { '👍': 3 },
    });
    expect(readMessage(rows[1]!, profile, 0)).toMatchObject({ deleted: true, byModerator: true, pinned: false, reactions: {} });
  });

  it('reads the blocked list with reasons, and offers exactly the actions the profile has controls for', () => {
    document.body.innerHTML = widget('', '<li class="kep-blocked-user" data-kep-user-id="bob"><span class="kep-sender">Bob</span><span class="kep-block-reason-text">spam</span><button data-kep-action="unblock">Unblock</button></li>');
    expect(readBlocked(document.body, profile)).toEqual([{ userId: 'bob', name: 'Bob', reason: 'spam' }]);
    const caps = chatCapabilitiesOf(profile, 'kep-2026');
    expect(caps).toMatchObject({ delete: true, pin: true, unpin: true, block: true, unblock: true, post: true, absent: {} });
    const none = chatCapabilitiesOf({ ...profile, actions: { delete: profile.actions.delete } }, 'p');
    expect(none.pin).toBe(false);
    expect(none.absent.pin).toMatch(/no pin control/);
    expect(chatObservedAttributes(profile)).toEqual(expect.arrayContaining(['class', 'data-kep-message-id', 'data-kep-connection']));
  });
});

describe('chat actor', () => {
  it('clicks the row control, fills the block reason and confirms, posts through the composer', () => {
    document.body.innerHTML = widget(row('m1', 'x'));
    const root = document.getElementById('kep-widget-1')!;
    const clicked: string[] = [];
    root.addEventListener('click', (e) => clicked.push((e.target as Element).getAttribute('data-kep-action') ?? (e.target as Element).className));
    performChatAction(root, { kind: 'delete', messageId: 'm1' }, profile, 'kep-2026');
    performChatAction(root, { kind: 'pin', messageId: 'm1' }, profile, 'kep-2026');
    performChatAction(root, { kind: 'block', userId: 'alice', reason: 'spam links' }, profile, 'kep-2026');
    expect(root.querySelector<HTMLInputElement>('.kep-block-reason')!.value).toBe('spam links');
    performChatAction(root, { kind: 'post', text: 'Hello all' }, profile, 'kep-2026');
    expect(root.querySelector<HTMLInputElement>('.kep-composer-input')!.value).toBe('Hello all');
    expect(clicked).toEqual(['delete', 'pin', 'block', 'block-confirm', 'kep-composer-send']);
    expect(() => performChatAction(root, { kind: 'delete', messageId: 'gone' }, profile, 'kep-2026')).toThrow(/no longer shows/);
    expect(() => performChatAction(root, { kind: 'unpin', messageId: 'm1' }, profile, 'kep-2026')).toThrow(/not found/);
  });

  it("blocks a person who only asked, through the block control on their question's row", () => {
    const question =
      '<section class="kep-module kep-module-qna"><ul class="kep-module-list"><li class="kep-question" data-kep-question-id="q1" data-kep-user-id="dana">' +
      '<span class="kep-sender">Dana</span><p class="kep-text">Slides?</p><span class="kep-mod-controls"><button data-kep-action="block" data-kep-user-id="dana">Block</button></span></li></ul></section>';
    document.body.innerHTML = widget(row('m1', 'x')).replace('</div>', `${question}</div>`);
    const root = document.getElementById('kep-widget-1')!;
    const clicked: string[] = [];
    root.addEventListener('click', (e) => clicked.push(`${(e.target as Element).getAttribute('data-kep-action')}:${(e.target as Element).closest('[data-kep-question-id]') ? 'question' : 'other'}`));
    performChatAction(root, { kind: 'block', userId: 'dana', reason: 'spam' }, profile, 'kep-2026');
    expect(clicked).toEqual(['block:question', 'block-confirm:other']);
    expect(root.querySelector<HTMLInputElement>('.kep-block-reason')!.value).toBe('spam');
    expect(() => performChatAction(root, { kind: 'block', userId: 'nobody', reason: '' }, profile, 'kep-2026')).toThrow(/no block control/);
  });
});

describe('ChatWatcher', () => {
  let batches: Array<Omit<ChatBatch, 'entryId' | 'profileId'>>;
  let controller: AbortController;
  beforeEach(() => {
    vi.useFakeTimers();
    batches = [];
    controller = new AbortController();
  });
  afterEach(() => {
    controller.abort();
    vi.useRealTimers();
  });

  /** The sandbox widget with a watcher on it (the page's timers, faked), its posts recorded, after a quiet second. */
  const stepped = (more: Partial<ChatWatcherDeps> = {}) => {
    document.body.innerHTML = widget(row('m1', 'one'));
    const root = document.getElementById('kep-widget-1')!;
    const list = root.querySelector('.kep-module-list')!;
    const sent: Array<{ at: number; ids: string[] }> = [];
    const watcher = new ChatWatcher({
      root,
      profile,
      send: (b) => void sent.push({ at: Date.now(), ids: b.messages.map((m) => m.id) }),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as number),
      now: () => Date.now(),
      signal: controller.signal,
      ...more,
    });
    watcher.observe(chatObservedAttributes(profile));
    watcher.rescan();
    vi.advanceTimersByTime(1_000);
    /** The widget lists these messages in one step. */
    const step = async (...ids: string[]) => {
      list.insertAdjacentHTML('beforeend', ids.map((id) => row(id, id)).join(''));
      await mutationsDelivered();
    };
    return { watcher, sent, step };
  };

  it('sends only rows that changed; a re-render of the same rows sends nothing; the blocked list when it changes', async () => {
    document.body.innerHTML = widget(row('m1', 'one') + row('m2', 'two'));
    const root = document.getElementById('kep-widget-1')!;
    const watcher = new ChatWatcher({ root, profile, send: (b) => void batches.push(b), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as number), now: () => Date.now(), signal: controller.signal });
    watcher.observe(chatObservedAttributes(profile));
    watcher.rescan();
    expect(batches).toHaveLength(1);
    expect(batches[0]!.messages.map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(batches[0]!.blocked).toEqual([]);
    const list = root.querySelector('.kep-module-list')!;
    // The widget re-renders every row (as it does on a block): nothing changed, nothing sent.
    list.innerHTML = row('m1', 'one') + row('m2', 'two');
    await mutationsDelivered();
    vi.advanceTimersByTime(300);
    expect(batches).toHaveLength(1);
    list.insertAdjacentHTML('beforeend', row('m3', 'three'));
    list.firstElementChild!.classList.add('kep-deleted');
    root.querySelector('.kep-blocked-list')!.innerHTML = '<li class="kep-blocked-user" data-kep-user-id="bob"><span class="kep-sender">Bob</span></li>';
    await mutationsDelivered();
    vi.advanceTimersByTime(300);
    expect(batches).toHaveLength(2);
    expect(batches[1]!.messages.map((m) => [m.id, m.deleted])).toEqual(expect.arrayContaining([['m1', true], ['m3', false]]));
    expect(batches[1]!.messages).toHaveLength(2);
    expect(batches[1]!.blocked).toEqual([{ userId: 'bob', name: 'Bob', reason: '' }]);
    // Connection lost: reported with no row change.
    root.setAttribute('data-kep-connection', 'stale');
    await mutationsDelivered();
    vi.advanceTimersByTime(300);
    expect(batches.at(-1)).toMatchObject({ live: false, messages: [], blocked: null });
  });
  it('a rescan after a worker restart sends again what the widget has trimmed since, with what it still shows', async () => {
    document.body.innerHTML = widget(row('m1', 'one') + row('m2', 'two'));
    const root = document.getElementById('kep-widget-1')!;
    const watcher = new ChatWatcher({ root, profile, send: (b) => void batches.push(b), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as number), now: () => Date.now(), signal: controller.signal });
    watcher.observe(chatObservedAttributes(profile));
    watcher.rescan();
    expect(batches.at(-1)!.messages.map((m) => m.id)).toEqual(['m1', 'm2']);
    // The widget keeps its newest rows only: m1 leaves the page, m3 arrives.
    const list = root.querySelector('.kep-module-list')!;
    list.firstElementChild!.remove();
    list.insertAdjacentHTML('beforeend', row('m3', 'three'));
    await mutationsDelivered();
    vi.advanceTimersByTime(300);
    // A new worker asks for everything (the stopped one may not have saved m1): m1 goes again from memory.
    watcher.rescan(true);
    vi.advanceTimersByTime(300);
    expect(batches.at(-1)!.messages.map((m) => [m.id, m.text])).toEqual([['m1', 'one'], ['m2', 'two'], ['m3', 'three']]);
  });
  it('sends a message at once when the pipe is idle; a burst goes out together after a short gap, and a slow ack does not hold the next', async () => {
    document.body.innerHTML = widget(row('m1', 'one'));
    const root = document.getElementById('kep-widget-1')!;
    const list = root.querySelector('.kep-module-list')!;
    const sentAt: Array<{ at: number; ids: string[] }> = [];
    let ack: (() => void) | null = null;
    let slow = false;
    const watcher = new ChatWatcher({
      root,
      profile,
      send: (b) => {
        sentAt.push({ at: Date.now(), ids: b.messages.map((m) => m.id) });
        if (slow) return new Promise<boolean>((resolve) => (ack = () => resolve(true)));
      },
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as number),
      now: () => Date.now(),
      signal: controller.signal,
    });
    watcher.observe(chatObservedAttributes(profile));
    watcher.rescan();
    vi.advanceTimersByTime(1_000); // quiet
    const t0 = Date.now();
    list.insertAdjacentHTML('beforeend', row('m2', 'two'));
    await mutationsDelivered();
    expect(sentAt.at(-1)).toEqual({ at: t0, ids: ['m2'] }); // idle: at once, no window
    // A burst: three more within the gap go out together, once, when the gap ends.
    for (const id of ['m3', 'm4', 'm5']) {
      list.insertAdjacentHTML('beforeend', row(id, id));
      await mutationsDelivered();
      vi.advanceTimersByTime(2);
    }
    expect(sentAt).toHaveLength(2); // the rescan's and m2's
    vi.advanceTimersByTime(CHAT_MIN_GAP_MS - 6);
    expect(sentAt.at(-1)).toEqual({ at: t0 + CHAT_MIN_GAP_MS, ids: ['m3', 'm4', 'm5'] });
    expect(CHAT_MIN_GAP_MS).toBeLessThanOrEqual(25);
    // A send whose ack does not come (a loaded worker): the next change does not wait for it, only for the
    // gap (the report port keeps every batch until acknowledged, in order).
    vi.advanceTimersByTime(1_000);
    slow = true;
    list.insertAdjacentHTML('beforeend', row('m6', 'six'));
    await mutationsDelivered();
    const t1 = Date.now();
    expect(sentAt.at(-1)).toEqual({ at: t1, ids: ['m6'] });
    list.insertAdjacentHTML('beforeend', row('m7', 'seven'));
    await mutationsDelivered();
    vi.advanceTimersByTime(CHAT_MIN_GAP_MS - 1);
    expect(sentAt.at(-1)!.ids).toEqual(['m6']);
    vi.advanceTimersByTime(1);
    expect(sentAt.at(-1)).toEqual({ at: t1 + CHAT_MIN_GAP_MS, ids: ['m7'] });
    expect(CHAT_MAX_WAIT_MS).toBeLessThanOrEqual(100);
    expect(ack).not.toBeNull();
  });

  it('in a chat flowing at a few dozen a second, sends lone messages of two widget steps as one batch; a step of several, a message after a quiet spell, a chat starting or a fast chat, at once', async () => {
    const { sent, step } = stepped();
    const t0 = Date.now();
    await step('m2'); // after a quiet spell: at once
    expect(sent.at(-1)).toEqual({ at: t0, ids: ['m2'] });
    // The chat's first second: each step at once (a chat starting, or back from a stall, is not held).
    for (let i = 0; i < CHAT_FLOW_MS / 100 - 1; i++) {
      vi.advanceTimersByTime(100);
      const at = Date.now();
      await step(`s${i}`);
      expect(sent.at(-1)).toEqual({ at, ids: [`s${i}`] });
    }
    const before = sent.length;
    vi.advanceTimersByTime(130);
    const t1 = Date.now();
    await step('m3'); // flowing for a second, at ~10 a second: held
    vi.advanceTimersByTime(30);
    await step('m4'); // the next step's joins it
    vi.advanceTimersByTime(CHAT_HOLD_MS - 30);
    expect(sent.length).toBe(before); // no timer ends the hold of a flowing chat
    await step('m4b'); // its first step after CHAT_HOLD_MS: they go as one
    expect(sent.slice(before)).toEqual([{ at: t1 + CHAT_HOLD_MS, ids: ['m3', 'm4', 'm4b'] }]);
    // A step of CHAT_AT_ONCE messages (200 messages a second) is not held.
    vi.advanceTimersByTime(CHAT_MIN_GAP_MS);
    const t2 = Date.now();
    await step(...Array.from({ length: CHAT_AT_ONCE }, (_, i) => `b${i}`));
    expect(sent.at(-1)).toEqual({ at: t2, ids: Array.from({ length: CHAT_AT_ONCE }, (_, i) => `b${i}`) });
    // Nothing lost, nothing held for long: a lone message at the end (the chat stopped) goes by the backstop.
    vi.advanceTimersByTime(30);
    await step('m5');
    vi.advanceTimersByTime(CHAT_HOLD_MS + CHAT_HOLD_BACKSTOP_MS - 1);
    expect(sent.at(-1)!.ids).not.toContain('m5');
    vi.advanceTimersByTime(1);
    expect(sent.slice(before).flatMap((b) => b.ids)).toEqual(['m3', 'm4', 'm4b', ...Array.from({ length: CHAT_AT_ONCE }, (_, i) => `b${i}`), 'm5']);
    expect(sent.at(-1)!.ids).toEqual(['m5']);
    // Quiet again: at once.
    vi.advanceTimersByTime(CHAT_ISOLATED_MS);
    const t3 = Date.now();
    await step('m6');
    expect(sent.at(-1)).toEqual({ at: t3, ids: ['m6'] });
    // A fast chat (CHAT_HOLD_BELOW messages in the last second and more) is never held: a lone message in it
    // goes at once (its way to the panel at 200 messages a second is a goal).
    for (let i = 0; i < Math.ceil(CHAT_HOLD_BELOW / CHAT_AT_ONCE); i++) {
      vi.advanceTimersByTime(30);
      await step(...Array.from({ length: CHAT_AT_ONCE }, (_, k) => `f${i}-${k}`));
    }
    vi.advanceTimersByTime(30);
    const t4 = Date.now();
    await step('m7');
    expect(sent.at(-1)).toEqual({ at: t4, ids: ['m7'] });
  });
  it('while no panel shows the chat, a fast chat posts several steps at once, others do not wait for it, and it goes at once when a panel shows it', async () => {
    let shown = false;
    const { watcher, sent, step: list } = stepped({ shown: () => shown });
    let n = 0;
    /** A step of `count` new messages; their ids. */
    const step = async (count: number) => {
      const ids = Array.from({ length: count }, () => `x${n++}`);
      await list(...ids);
      return ids;
    };
    // A lone message after a quiet spell goes at once, seen or not.
    const t0 = Date.now();
    expect(await step(1)).toEqual(['x0']);
    expect(sent.at(-1)).toEqual({ at: t0, ids: ['x0'] });
    // Two seconds at 200 messages a second: a step of six every 30 ms.
    const from = sent.length;
    const all: string[] = [];
    for (let i = 0; i < 66; i++) {
      vi.advanceTimersByTime(30);
      all.push(...(await step(6)));
      if (i === 40) expect(watcher.holdUntil()).toBeNull(); // others' reports do not wait for this hold
    }
    const posts = sent.slice(from);
    expect(posts.length).toBeLessThanOrEqual(14); // was 66: a post every widget step
    for (let i = 1; i < posts.length; i++) expect(posts[i]!.at - posts[i - 1]!.at).toBeLessThanOrEqual(CHAT_HOLD_MS + 30);
    // A panel shows the chat: what is held goes now, and each step after it goes at once.
    shown = true;
    const t1 = Date.now();
    watcher.ride(); // ChatAttachment.setPace('shown')
    expect(sent.at(-1)!.at).toBe(t1);
    expect(sent.slice(from).flatMap((p) => p.ids)).toEqual(all); // nothing lost, in order
    vi.advanceTimersByTime(30);
    const t2 = Date.now();
    const next = await step(6);
    expect(sent.at(-1)).toEqual({ at: t2, ids: next });
  });

  it('messages held for company are sent, under their entry, when the mount ends inside the hold (a session switch, a re-render)', async () => {
    const { sent, step } = stepped();
    const ids = () => sent.flatMap((p) => p.ids);
    // A chat flowing for a second at ~10 messages a second.
    for (let i = 0; i < CHAT_FLOW_MS / 100; i++) {
      vi.advanceTimersByTime(100);
      await step(`s${i}`);
    }
    vi.advanceTimersByTime(130);
    await step('held');
    vi.advanceTimersByTime(CHAT_HOLD_MS / 2);
    expect(ids()).not.toContain('held'); // held for the next step's
    controller.abort(); // the feature's mount ends inside the hold
    expect(sent.at(-1)!.ids).toContain('held');
    vi.advanceTimersByTime(CHAT_HOLD_MS * 4);
    expect(ids().filter((id) => id === 'held')).toHaveLength(1); // once
    expect(ids()).toEqual(['m1', ...Array.from({ length: CHAT_FLOW_MS / 100 }, (_, i) => `s${i}`), 'held']); // nothing lost
  });
  it('messages held for company ride along when another report is posted (ride), sooner and in no post of their own', async () => {
    const { watcher, sent, step } = stepped();
    for (let i = 0; i < CHAT_FLOW_MS / 100; i++) {
      vi.advanceTimersByTime(100);
      await step(`s${i}`);
    }
    watcher.ride(); // nothing held: nothing sent
    const before = sent.length;
    vi.advanceTimersByTime(130);
    await step('held');
    expect(sent).toHaveLength(before);
    vi.advanceTimersByTime(10);
    const t = Date.now();
    watcher.ride(); // a Q&A report is being posted
    expect(sent.slice(before)).toEqual([{ at: t, ids: ['held'] }]);
    vi.advanceTimersByTime(CHAT_HOLD_MS * 2);
    expect(sent.slice(before)).toEqual([{ at: t, ids: ['held'] }]); // once: the hold's timer sends nothing again
  });
});
