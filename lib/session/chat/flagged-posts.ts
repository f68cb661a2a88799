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

export class FlaggedPosts {
  /** Per tab: what the last list sent to all its panels showed besides its total (null: send the next one whole). */
  private shown = new Map<number, string | null>();

  /** The message to all the tab's panels for this list. */
  message(tabId: number, list: FlaggedChatList | null): ChatToPanel {
    const shown = list && shownOf(list);
    if (list && shown === this.shown.get(tabId)) return { type: 'chat-flagged-total', tabId, total: list.total };
    this.shown.set(tabId, shown);
    return { type: 'chat-flagged', tabId, list };
  }

  /**
   * A panel started following the tab with this list (posted to it alone). When it shows other items than
   * the tab's other panels have, the next list goes whole: a total alone would fit only one of them.
   */
  followed(tabId: number, list: FlaggedChatList | null): void {
    if (!list || !this.shown.has(tabId)) return;
    if (shownOf(list) !== this.shown.get(tabId)) this.shown.set(tabId, null);
  }

  forget(tabId: number): void {
    this.shown.delete(tabId);
  }
}
