// The panel's mirror of the followed tab's chat (issue 11), next to panel-state.ts: a snapshot when the
// panel starts following a tab, then patches applied in place (lib/model/chat/session.ts). main.tsx feeds
// it every background message after panel-state has seen it (so the followed tab id is current).
import { signal, type ReadonlySignal } from '@preact/signals';
import type { BackgroundToPanel } from '../contracts/protocol';
import { applyChatPatch, chatMirrorOf, type ChatMirror } from '../model/chat/session';
import type { FlaggedChatList } from '../model/chat/flagged-list';

export function createChatState(tabId: ReadonlySignal<number | null>) {
  const chat = signal<ChatMirror | null>(null);
  /** The tab's flagged messages for the Q&A inbox: they come whatever the panel shows (chat-flagged). */
  const flagged = signal<FlaggedChatList | null>(null);
  let version = 0;
  let followed: number | null = null;

  function receive(message: BackgroundToPanel): void {
    if (tabId.value !== followed) {
      followed = tabId.value;
      chat.value = null;
      flagged.value = null;
    }
    switch (message.type) {
      case 'chat':
        if (message.tabId === tabId.value) {
          const mirror = message.snapshot ? chatMirrorOf(message.snapshot, ++version) : null;
          chat.value = mirror;
          // The store indexes its messages by id when first asked: do it after the first render, before the
          // first patch needs it.
          if (mirror) setTimeout(() => void mirror.store.byId, 0);
        }
        return;
      case 'chat-patch': {
        const current = chat.value;
        // Patches before a snapshot have nothing to apply to; the snapshot that follows carries them.
        if (message.tabId !== tabId.value || !current) return;
        const next = applyChatPatch(current, message.patch);
        version = next.version;
        chat.value = next;
        return;
      }
      case 'chat-flagged':
        if (message.tabId === tabId.value) flagged.value = message.list;
        return;
      case 'chat-flagged-total': {
        // The items are those of the list it has (the worker sends the list whole otherwise).
        const list = flagged.value;
        if (message.tabId === tabId.value && list && (list.total !== message.total || (list.letGo ?? 0) !== (message.letGo ?? 0))) {
          flagged.value = { ...list, total: message.total, letGo: message.letGo ?? 0 };
        }
        return;
      }
      default:
        return;
    }
  }
  return { chat, flagged, receive };
}
