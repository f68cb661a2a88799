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
