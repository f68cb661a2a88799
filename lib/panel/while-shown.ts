// A view kept mounted while hidden (components/App.tsx keeps each view's state across view switches) must
// not keep following a busy signal: a hidden Chat view re-rendered its rows on every chat patch (17 a second
// at 200 messages/s), for nobody to see. `whileShown` follows `source` while `shown` is true; while it is
// false it holds the last value and does not even read `source`, so its subscribers are not woken; shown
// again, it gives the latest value at once.
import { computed, type ReadonlySignal } from '@preact/signals';

export function whileShown<T>(source: ReadonlySignal<T>, shown: ReadonlySignal<boolean>): ReadonlySignal<T> {
  let last = source.peek();
  return computed(() => (shown.value ? (last = source.value) : last));
}

/**
 * The background's busy streams a panel shows, from its view (and an open person card): the background
 * sends the chat's patches and the live reactions meter only to a panel that shows them (at 60 audience
 * actions a second, ~17 chat patches and 2 meters a second that a panel on Q&A only parsed and held), and
 * catches the panel up at once when it starts showing them.
 * - chat: the Chat view, the session report (it counts the chat), a person card (their messages, block).
 * - reactions: the meter, the settings (the widget's reactions switch) and the report (its chart). Hidden,
 *   the panel still gets the meter's session and switch when they change (the Reactions tab depends on it).
 */
export interface ShownStreams {
  chat: boolean;
  reactions: boolean;
}

export function streamsShown(view: string, personCardOpen: boolean): ShownStreams {
  return {
    chat: view === 'chat' || view === 'report' || personCardOpen,
    reactions: view === 'reactions' || view === 'settings' || view === 'report',
  };
}
