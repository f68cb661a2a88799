// A ChatManager over given storage areas, with the kep-2026 profile's capabilities and no real timers: the
// set-up the chat persistence tests share. `overrides` replaces any dependency (a partner, timers).
import { chatCapabilitiesOf, chatProfileOf } from '@/lib/cnc/chat-profile';
import { ChatManager } from '@/lib/session/chat/manager';
import type { StorageArea } from '@/lib/platform/storage';
import type { ChatMessage } from '@/lib/model/chat/types';

export const kepChatCaps = chatCapabilitiesOf(chatProfileOf('kep-2026'), 'kep-2026');

export function chatManager(session: StorageArea, local: StorageArea, overrides: Partial<ConstructorParameters<typeof ChatManager>[0]> = {}): ChatManager {
  return new ChatManager({
    session,
    local,
    now: () => 20_000,
    newId: () => crypto.randomUUID(),
    surfaceFor: () => ({ capabilities: kepChatCaps, perform: async () => undefined }),
    meOf: async () => 'mod',
    partnerOf: async () => 1234,
    rescan: () => undefined,
    onPatch: () => undefined,
    onSnapshot: () => undefined,
    setTimeout: () => undefined,
    ...overrides,
  });
}

/**
 * Message i of a test stream: one of 37 senders, a second apart from t0; every 7th has a link (flagged by
 * the default rules); with `formulas`, every 13th starts with "=" (a cell a spreadsheet would run).
 */
export function streamMessage(t0: number, i: number, over: Partial<ChatMessage> = {}, formulas = false): ChatMessage {
  return {
    id: `m${i}`,
    author: { id: `u${i % 37}`, name: `Attendee ${i % 37}` },
    text: i % 7 === 0 ? `see spam${i}.xyz` : formulas && i % 13 === 0 ? `=HYPERLINK("x")` : `hello ${i}`,
    at: t0 + i * 1_000,
    pinned: false,
    deleted: false,
    byModerator: false,
    reactions: {},
    ...over,
  };
}
