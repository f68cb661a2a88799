import { afterEach, describe, expect, it } from 'vitest';
import { chatObservedAttributes, chatProfileOf } from '@/lib/cnc/chat-profile';
import { CHAT_ISOLATED_MS, ChatWatcher } from '@/lib/cnc/chat-watcher';

// The chat bench's hop marks (lib/cnc/chat-hops.ts): recorded only where a bench asked for them.
const profile = chatProfileOf('kep-2026')!;
const row = (id: string) =>
  `<li class="kep-chat-message" data-kep-message-id="${id}" data-kep-user-id="alice"><span class="kep-sender">Alice</span><time class="kep-time" datetime="2026-11-29T12:00:00.000Z">12:00</time><span class="kep-text">hi</span></li>`;
const g = globalThis as { __cncChatHops?: unknown[] };

function watch() {
  document.body.innerHTML = `<div id="kep-widget-1" data-kep-connection="live"><ul class="kep-module-list">${row('m1')}</ul></div>`;
  const root = document.getElementById('kep-widget-1')!;
  const controller = new AbortController();
  const watcher = new ChatWatcher({ root, profile, send: () => undefined, setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as number), now: () => Date.now(), signal: controller.signal });
  watcher.observe(chatObservedAttributes(profile));
  watcher.rescan();
  return { list: root.querySelector('ul')!, stop: () => controller.abort() };
}

describe('chat hop marks', () => {
  afterEach(() => delete g.__cncChatHops);

  it('records when a row changed and when its batch went, per message id, once a bench asked', async () => {
    g.__cncChatHops = [];
    const { list, stop } = watch();
    await new Promise((r) => setTimeout(r, CHAT_ISOLATED_MS + 10)); // past the burst gap, and the chat no longer flowing (sent at once)
    list.insertAdjacentHTML('beforeend', row('m2'));
    await new Promise((r) => setTimeout(r, 0));
    const hops = g.__cncChatHops as [string, number, string[]][];
    expect(hops.map(([hop, , ids]) => [hop, ids])).toEqual([['cs-sent', ['m1']], ['cs-mutated', ['m2']], ['cs-sent', ['m2']]]);
    expect(hops[1]![1]).toBeLessThanOrEqual(hops[2]![1]);
    stop();
  });

  it('records nothing when no bench asked', async () => {
    const { list, stop } = watch();
    list.insertAdjacentHTML('beforeend', row('m2'));
    await new Promise((r) => setTimeout(r, 0));
    expect(g.__cncChatHops).toBeUndefined();
    stop();
  });
});
