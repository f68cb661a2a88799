// How often the chat is written to storage.session: each write costs the worker ~1.8 ms whatever its size,
// so messages alone are written once a second; a moderator's command (it must survive a worker stop, and
// the widget cannot send it again) within 250 ms, moving a later save earlier.
import { describe, expect, it } from 'vitest';
import type { ChatBatch } from '@/lib/contracts/chat';
import type { ChatMessage } from '@/lib/model/chat/types';
import { memoryArea } from '../memory-area';
import { chatManager } from './chat-manager.fixture';

const msg = (i: number): ChatMessage => ({ id: `m${i}`, author: { id: `u${i}`, name: `U${i}` }, text: `hello ${i}`, at: 1_000 + i, pinned: false, deleted: false, byModerator: false, reactions: {} });
const batch = (messages: ChatMessage[]): ChatBatch => ({ entryId: 'e1', profileId: 'kep-2026', messages, blocked: null, unreadable: 0, live: true, me: 'mod' });

function setup() {
  let now = 20_000;
  const timers: Array<{ at: number; fn: () => void }> = [];
  const session = memoryArea();
  const chat = chatManager(session, memoryArea(), {
    now: () => now,
    setTimeout: (fn, ms) => void timers.push({ at: now + ms, fn }),
  });
  /** Moves the clock on, running the timers that fall due (in order). */
  const advance = async (ms: number) => {
    const until = now + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const next = timers[0];
      if (!next || next.at > until) break;
      timers.shift();
      now = next.at;
      next.fn();
      for (let i = 0; i < 20; i++) await Promise.resolve();
    }
    now = until;
  };
  const rows = () => [...session.data.keys()].filter((k) => k.startsWith('chat:7:m:')).length;
  return { chat, advance, rows };
}

describe('chat save cadence', () => {
  it('writes new messages once a second, not every 250 ms', async () => {
    const { chat, advance, rows } = setup();
    await chat.onBatch(7, batch([msg(1)]));
    await advance(1_000); // the session's first save (its record)
    expect(rows()).toBe(1);
    await chat.onBatch(7, batch([msg(2)]));
    await advance(300);
    await chat.onBatch(7, batch([msg(3)]));
    await advance(300);
    expect(rows()).toBe(1);
    await advance(400);
    expect(rows()).toBe(3);
  });

  it('a moderator\'s command moves the save earlier: written within 250 ms, with the messages before it', async () => {
    const { chat, advance, rows } = setup();
    await chat.onBatch(7, batch([msg(1)]));
    await advance(1_000);
    await chat.onBatch(7, batch([msg(2)]));
    await advance(100);
    await chat.act(7, { kind: 'pin', messageId: 'm2' });
    await advance(250);
    expect(rows()).toBe(2);
  });
});
