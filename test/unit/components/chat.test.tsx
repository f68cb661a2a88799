// The Chat view (components/chat): what the moderator sees and which intents their actions emit.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { signal } from '@preact/signals';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHAT_MAX_ROWS, CHAT_PAGE, ChatView } from '@/components/chat/ChatView';
import { chatCapabilitiesOf, chatProfileOf } from '@/lib/cnc/chat-profile';
import { applyChatPatch, chatMirrorOf, type ChatMeta, type ChatMirror } from '@/lib/model/chat/session';
import { DEFAULT_FLAG_RULES } from '@/lib/model/chat/flags';
import { countMessage, emptyTally, tallyOf } from '@/lib/model/chat/tally';
import type { ChatMessage } from '@/lib/model/chat/types';

const caps = chatCapabilitiesOf(chatProfileOf('kep-2026'), 'kep-2026');
const meta = (over: Partial<ChatMeta> = {}): ChatMeta => ({
  entryId: 'e1',
  me: 'mod',
  capabilities: caps,
  blocked: [],
  rules: DEFAULT_FLAG_RULES,
  flags: {},
  deletions: {},
  commands: [],
  staleSince: null,
  problem: null,
  audit: [],
  ...over,
});
const msg = (n: number, over: Partial<ChatMessage> = {}): ChatMessage => ({
  id: `m${n}`,
  author: { id: n % 2 ? 'alice' : 'bob', name: n % 2 ? 'Alice' : 'Bob' },
  text: `message ${n}`,
  at: 1_000 + n,
  pinned: false,
  deleted: false,
  byModerator: false,
  reactions: {},
  ...over,
});

let host: HTMLElement;
afterEach(() => {
  render(null, host);
  host.remove();
});

function mount(mirror: ChatMirror) {
  host = document.createElement('div');
  document.body.append(host);
  const chat = signal<ChatMirror | null>(mirror);
  const onAction = vi.fn();
  const onLocal = vi.fn();
  act(() => render(<ChatView chat={chat} onAction={onAction} onLocal={onLocal} />, host));
  const q = (id: string) => host.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const all = (id: string) => [...host.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];
  const key = (k: string, target: Element = host.querySelector('[data-testid="chat-list"]')!) =>
    act(() => void target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true })));
  return { chat, onAction, onLocal, q, all, key };
}

describe('ChatView', () => {
  it('shows sender, time, text as text with dir="auto", and reactions; hostile text stays text', () => {
    const { all } = mount(chatMirrorOf({ meta: meta(), messages: [msg(1, { text: '<img src=x onerror=alert(1)>', reactions: { '👍': 3 } })] }));
    expect(all('chat-text')[0]!.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(all('chat-text')[0]!.getAttribute('dir')).toBe('auto');
    expect(all('chat-sender')[0]!.textContent).toBe('Alice');
    expect(all('chat-reactions')[0]!.textContent).toContain('👍 3');
    expect(host.querySelector('img')).toBeNull();
  });

  it('/ focuses the search box, which filters as one types; Esc leaves the box and keeps the search', () => {
    const { q, all, key } = mount(chatMirrorOf({ meta: meta(), messages: [msg(1), msg(2, { text: 'Where are the slides?' }), msg(3)] }));
    const search = q('chat-search') as HTMLInputElement;
    expect(search.getAttribute('aria-label')).toBe('Search chat');
    key('/');
    expect(document.activeElement).toBe(search);
    act(() => {
      search.value = 'SLIDES';
      search.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(all('chat-item').map((r) => r.dataset.messageId)).toEqual(['m2']);
    key('Escape', search);
    expect(document.activeElement).not.toBe(search);
    expect(search.value).toBe('SLIDES');
    expect(all('chat-item')).toHaveLength(1);
  });

  it('"only flagged" shows flagged messages; d deletes the active flagged one at once with its flag as the reason, o keeps', () => {
    const flags = { m2: [{ rule: 'links' as const, reason: 'Contains a link' }], m3: [{ rule: 'caps' as const, reason: 'Written in ALL CAPS' }] };
    const { q, all, key, onAction, onLocal } = mount(chatMirrorOf({ meta: meta({ flags }), messages: [msg(1), msg(2), msg(3)] }));
    expect(q('chat-flag-count')!.textContent).toBe('2');
    act(() => q('chat-only-flagged')!.click());
    expect(all('chat-item').map((r) => r.dataset.messageId)).toEqual(['m2', 'm3']);
    key('j');
    key('d');
    expect(onAction).toHaveBeenCalledWith({ kind: 'delete', messageId: 'm2', reason: 'Contains a link' });
    key('j');
    key('o');
    expect(onLocal).toHaveBeenCalledWith({ kind: 'keep', messageId: 'm3' });
  });

  it("the reason box has focus in the commit that opens it: a reason typed right after b never reaches the list's keys", async () => {
    const { q, key } = mount(chatMirrorOf({ meta: meta(), messages: [msg(1), msg(2)] }));
    key('j');
    // No act(): the render runs in its microtask, and nothing after the commit (no frame, no timer).
    q('chat-list')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'b', bubbles: true }));
    await Promise.resolve();
    await Promise.resolve();
    expect(q('chat-dock')?.dataset.kind).toBe('block');
    expect(document.activeElement).toBe(q('chat-dock-reason'));
  });

  it('Delete asks for a reason; Block asks for a reason; p pins; an action the widget lacks is not offered, with the reason', () => {
    const noPin = { ...caps, pin: false, absent: { pin: 'No pin control in this widget.' } };
    const { q, all, key, onAction } = mount(chatMirrorOf({ meta: meta({ capabilities: noPin }), messages: [msg(1)] }));
    act(() => all('chat-delete')[0]!.click());
    expect(q('chat-dock')!.dataset.kind).toBe('delete');
    act(() => {
      const input = q('chat-dock-reason') as HTMLInputElement;
      input.value = 'off topic';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    act(() => q('chat-dock-confirm')!.click());
    expect(onAction).toHaveBeenLastCalledWith({ kind: 'delete', messageId: 'm1', reason: 'off topic' });
    act(() => all('chat-block')[0]!.click());
    act(() => q('chat-dock-confirm')!.click());
    expect(onAction).toHaveBeenLastCalledWith({ kind: 'block', userId: 'alice', reason: '' });
    expect(all('chat-pin')).toHaveLength(0);
    expect(q('chat-absent-pin')!.textContent).toBe('No pin control in this widget.');
    key('j');
    key('p');
    expect(onAction).toHaveBeenCalledTimes(2);
  });

  it('never moves under the pointer: arrivals wait behind "N new" while the pointer is in the list', () => {
    const { chat, q, all } = mount(chatMirrorOf({ meta: meta(), messages: [msg(1), msg(2)] }));
    const wrap = host.querySelector('.chat-list-wrap')!;
    act(() => void wrap.dispatchEvent(new Event('pointerenter')));
    act(() => void (chat.value = applyChatPatch(chat.value!, { upserts: [msg(3), msg(4)] })));
    expect(all('chat-item')).toHaveLength(2);
    expect(q('chat-new-items')!.textContent).toBe('2 new');
    // "N new" brings them in even with the pointer still there; later ones wait again.
    act(() => q('chat-new-items')!.click());
    expect(all('chat-item')).toHaveLength(4);
    act(() => void (chat.value = applyChatPatch(chat.value!, { upserts: [msg(5)] })));
    expect(all('chat-item')).toHaveLength(4);
    act(() => void wrap.dispatchEvent(new Event('pointerleave')));
    expect(all('chat-item')).toHaveLength(5);
    expect(q('chat-new-items')).toBeNull();
  });

  it('when the memory cap first lets older messages go, it says so under the list, where the line moves no row', () => {
    const messages = [msg(1), msg(2), msg(3)];
    const { chat, q } = mount(chatMirrorOf({ meta: meta({ tally: tallyOf(messages, {}, {}, []) }), messages }));
    expect(q('chat-not-held')).toBeNull();
    // The worker let m1 go (the patch removes it) and counted m4: the session had 4, 3 are held.
    const delta = { ...emptyTally(), senders: Object.create(null), minutes: Object.create(null) };
    countMessage(delta, undefined, msg(4));
    act(() => void (chat.value = applyChatPatch(chat.value!, { removed: ['m1'], upserts: [msg(4)], tallyDelta: delta })));
    const note = q('chat-not-held')!;
    expect(note.textContent).toMatch(/^1 older message is no longer held here/);
    // After the list in the document: a line above it would push every row on screen down.
    expect(q('chat-list')!.compareDocumentPosition(note) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('a long chat renders only its newest page; earlier pages come in on request and by keys; the DOM stays bounded', () => {
    const { q, all, key } = mount(chatMirrorOf({ meta: meta(), messages: Array.from({ length: 2_000 }, (_, i) => msg(i + 1)) }));
    const ids = () => all('chat-item').map((r) => r.dataset.messageId);
    expect(ids()).toHaveLength(CHAT_PAGE);
    expect(ids().at(-1)).toBe('m2000');
    expect(q('chat-earlier')!.textContent).toBe(`Show ${CHAT_PAGE} earlier of ${2_000 - CHAT_PAGE}`);
    act(() => q('chat-earlier')!.click());
    expect(ids()).toHaveLength(2 * CHAT_PAGE);
    for (let i = 0; i < CHAT_MAX_ROWS / CHAT_PAGE; i++) act(() => q('chat-earlier')!.click());
    expect(ids()).toHaveLength(CHAT_MAX_ROWS);
    expect(ids()[0]).toBe(`m${2_000 - (CHAT_MAX_ROWS / CHAT_PAGE + 2) * CHAT_PAGE + 1}`);
    // j walks down past the rendered slice's end: the next message comes in (and the slice stays bounded).
    const last = ids().at(-1)!;
    act(() => all('chat-item').at(-1)!.click());
    key('j');
    expect(host.querySelector('[aria-current="true"]')!.getAttribute('data-message-id')).toBe(`m${Number(last.slice(1)) + 1}`);
    expect(ids().length).toBeLessThanOrEqual(CHAT_MAX_ROWS);
  }, 30_000);

  it('k walks up past the first rendered message into earlier ones', () => {
    const { all, key } = mount(chatMirrorOf({ meta: meta(), messages: Array.from({ length: 500 }, (_, i) => msg(i + 1)) }));
    key('k');
    expect(host.querySelector('[aria-current="true"]')!.getAttribute('data-message-id')).toBe('m500');
    for (let i = 0; i < CHAT_PAGE + 5; i++) key('k');
    expect(host.querySelector('[aria-current="true"]')!.getAttribute('data-message-id')).toBe(`m${500 - CHAT_PAGE - 5}`);
    expect(all('chat-item').length).toBeLessThanOrEqual(CHAT_MAX_ROWS);
  });

  it("the person card lists everything the person wrote, their blocked state, and deletes all their messages after saying how many", () => {
    const { q, all, onAction } = mount(
      chatMirrorOf({ meta: meta({ blocked: [{ userId: 'alice', name: 'Alice', reason: 'spam' }] }), messages: [msg(1), msg(2), msg(3), msg(5, { deleted: true })] }),
    );
    act(() => all('chat-sender')[0]!.click());
    expect(q('chat-card-state')!.textContent).toBe('Blocked: spam');
    expect(q('chat-card-messages')!.querySelectorAll('li')).toHaveLength(3);
    act(() => q('chat-card-delete-all')!.click());
    expect(q('chat-card-confirm-text')!.textContent).toContain('Delete 2 messages by Alice?');
    act(() => q('chat-card-confirm')!.click());
    expect(onAction.mock.calls.map((c) => c[0].messageId)).toEqual(['m1', 'm3']);
  });
});
