// The content script's timers, tied to its life without a listener per timer.
//
// WXT's ctx.setTimeout adds an abort listener to the context's signal for every timer it sets, and never
// removes it when the timer fires or is cleared. The report flushers set a timer per burst: at 200 chat
// messages a second that was 20-40 listeners a second kept for the page's life (a hundred thousand in an
// hour, each holding its closure), and each addEventListener scans the listeners already there for a
// duplicate, so every timer cost more than the last. Here a timer checks the life when it fires instead:
// after the life ends it does nothing (what ctx.setTimeout's guard did), and whatever set it stops its own
// timers on its own signal (the flushers, the report port, the features all do).

export interface LifeTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface TimerHost {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export function lifeTimers(life: AbortSignal, host: TimerHost = globalThis as unknown as TimerHost): LifeTimers {
  return {
    setTimeout: (fn, ms) =>
      host.setTimeout(() => {
        if (!life.aborted) fn();
      }, ms),
    clearTimeout: (handle) => host.clearTimeout(handle),
  };
}
