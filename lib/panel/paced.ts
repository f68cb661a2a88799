// A busy signal followed at a human pace. At 200 chat messages a second the background sends ~17 chat
// patches a second, and the Chat view rendered each: rows made and dropped (only the newest 30 are
// rendered), the list laid out again and scrolled to its end, 17 times a second, when nobody reads faster
// than a few updates a second. `paced` passes a change on at once when the last one passed is `gapMs` old
// (a quiet chat's message shows at once), and otherwise once, with the latest value, when that gap is over:
// at most one update per `gapMs`, never more than `gapMs` late, never dropping the last value.
import { effect, signal, type ReadonlySignal } from '@preact/signals';

export interface PacedTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: PacedTimers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface Paced<T> {
  value: ReadonlySignal<T>;
  /** Stops following the source (and drops a pending update). */
  dispose(): void;
}

export function paced<T>(source: ReadonlySignal<T>, gapMs: number, timers: PacedTimers = realTimers): Paced<T> {
  const out = signal(source.peek());
  let last = -Infinity;
  let pending: unknown = null;
  const pass = () => {
    pending = null;
    last = timers.now();
    out.value = source.peek();
  };
  const stop = effect(() => {
    const next = source.value;
    if (next === out.peek() || pending !== null) return;
    const wait = last + gapMs - timers.now();
    if (wait <= 0) pass();
    else pending = timers.setTimeout(pass, wait);
  });
  return {
    value: out,
    dispose() {
      stop();
      if (pending !== null) timers.clearTimeout(pending);
      pending = null;
    },
  };
}
