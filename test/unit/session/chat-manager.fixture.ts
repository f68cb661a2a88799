// A ChatManager over given storage areas, with the kep-2026 profile's capabilities and no real timers: the
// set-up the chat persistence tests share. `overrides` replaces any dependency (a partner, timers).
import { chatCapabilitiesOf, chatProfileOf } from '@/lib/cnc/chat-profile';
import { ChatManager } from '@/lib/session/chat/manager';
import type { StorageArea } from '@/lib/platform/storage';

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
