// What goes to a tab's panels when its flagged list changed: the list whole, or its total alone when the
// items (the oldest FLAGGED_LIST_CAP flagged messages) are those every panel of the tab already has. In a
// flood most messages are flagged and the oldest stay: the whole list (~8 KB, routed through the browser to
// every panel and parsed there) went twice a second to say that the total grew.
import type { ChatToPanel } from '../../contracts/chat';
import type { FlaggedChatList } from '../../model/chat/flagged-list';

/** What a list shows besides its total (the items, and whether the widget can delete), as one comparable string. */
function shownOf(list: FlaggedChatList): string {
  return JSON.stringify([list.items, list.canDelete, list.deleteAbsent]);
}

interface Sent {
  /** The list's items (ChatSession hands the same array on while they stand: then no string is made). */
  items: FlaggedChatList['items'];
  canDelete: boolean;
  deleteAbsent: string | null;
  shown: string;
}

export class FlaggedPosts {
  /** Per tab: what the last list sent to all its panels showed besides its total (null: send the next one whole). */
  private sent = new Map<number, Sent | null>();

  /** The message to all the tab's panels for this list. */
  message(tabId: number, list: FlaggedChatList | null): ChatToPanel {
    const last = this.sent.get(tabId);
    if (list && last) {
      const same = list.items === last.items ? list.canDelete === last.canDelete && list.deleteAbsent === last.deleteAbsent : shownOf(list) === last.shown;
      if (same) {
        last.items = list.items;
        return { type: 'chat-flagged-total', tabId, total: list.total, ...(list.letGo ? { letGo: list.letGo } : {}) };
      }
    }
    this.sent.set(tabId, list && { items: list.items, canDelete: list.canDelete, deleteAbsent: list.deleteAbsent, shown: shownOf(list) });
    return { type: 'chat-flagged', tabId, list };
  }

  /**
   * A panel started following the tab with this list (posted to it alone). When it shows other items than
   * the tab's other panels have, the next list goes whole: a total alone would fit only one of them.
   */
  followed(tabId: number, list: FlaggedChatList | null): void {
    const last = this.sent.get(tabId);
    if (!list || !last) return;
    if (list.items !== last.items && shownOf(list) !== last.shown) this.sent.set(tabId, null);
  }

  forget(tabId: number): void {
    this.sent.delete(tabId);
  }
}
