// The real panel hub with the chat wired in and one panel connected to it, whose chat state mirrors the
// followed tab's chat (what crosses the port is a copy, as between processes). Shared by the tests of what
// reaches a panel of the chat: chat-shown-streams.test.ts, chat-flagged-list.test.ts.
import { signal } from '@preact/signals';
import { PanelHub } from '@/lib/session/panel-hub';
import { quietHubDeps } from '../hub-deps';
import { wireChat } from '@/lib/session/chat/wiring';
import { createChatState } from '@/lib/panel/chat-state';
import type { BackgroundToContent, BackgroundToPanel } from '@/lib/contracts/protocol';
import type { ChatBatch } from '@/lib/contracts/chat';
import type { ChatMessage } from '@/lib/model/chat/types';
import { memoryArea } from '../memory-area';

export const TAB = 5;

export const msg = (n: number, text: string, over: Partial<ChatMessage> = {}): ChatMessage => ({
  id: `m${n}`,
  author: { id: `u${n % 7}`, name: `User ${n % 7}` },
  text,
  at: 1_000 + n,
  pinned: false,
  deleted: false,
  byModerator: false,
  reactions: {},
  ...over,
});

export const batch = (messages: ChatMessage[]): ChatBatch => ({ entryId: '1_e', profileId: 'kep-2026', messages, blocked: [], unreadable: 0, live: true, me: 'mod' });

/** The worker's clock and timers; by default time stands still and no timer fires. */
export interface HubClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
}

export function chatHub(clock: HubClock = { now: () => 50_000, setTimeout: () => 0 }) {
  const deps = quietHubDeps();
  const hub = new PanelHub(deps);
  let n = 0;
  /** What the background told the tab's content script (tellTab), in order. */
  const told: Array<[number, BackgroundToContent]> = [];
  const chat = wireChat({
    panels: hub.panels,
    usePanel: (feature) => hub.use(feature),
    badges: { setFlagged: async () => undefined },
    tellTab: async (tabId, m) => {
      told.push([tabId, m]);
      return { ok: true } as never;
    },
    session: memoryArea(),
    local: memoryArea(),
    meOf: async () => 'mod',
    partnerOf: async () => 1,
    now: () => clock.now(),
    newId: () => `c${++n}`,
    setTimeout: (fn, ms) => clock.setTimeout(fn, ms),
  });
  const received: BackgroundToPanel[] = [];
  const state = createChatState(signal<number | null>(TAB));
  const port = {
    postMessage: (m: BackgroundToPanel) => {
      const copy = structuredClone(m);
      received.push(copy);
      state.receive(copy);
    },
  };
  hub.connect(port);
  return { hub, chat, port, received, state, told };
}
