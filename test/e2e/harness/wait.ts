// Polling helpers with failure messages that say what was last seen.
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface WaitOptions {
  timeout?: number;
  interval?: number;
}

/**
 * Polls `read` until `ok(value)` holds. On timeout throws `${what}: timed out after Nms; last value: …`.
 * Errors thrown by `read` count as "not yet" and are reported if nothing better was seen.
 */
export async function waitFor<T>(
  what: string,
  read: () => Promise<T> | T,
  ok: (v: T) => boolean,
  { timeout = 15_000, interval = 200 }: WaitOptions = {},
): Promise<T> {
  const t0 = Date.now();
  let last: { value?: T; error?: unknown } = {};
  for (;;) {
    try {
      const v = await read();
      if (ok(v)) return v;
      last = { value: v };
    } catch (error) {
      last = { ...last, error };
    }
    if (Date.now() - t0 > timeout) {
      const lastValue = 'value' in last ? JSON.stringify(last.value) : '(none)';
      const err = last.error ? `; last error: ${String((last.error as Error)?.message ?? last.error).split('\n')[0]}` : '';
      throw new Error(`${what}: timed out after ${timeout}ms; last value: ${lastValue}${err}`);
    }
    await sleep(interval);
  }
}

/** Waits until `read()` equals `expected` (strict), with a message naming both. */
export function waitForValue<T>(what: string, read: () => Promise<T> | T, expected: T, opts?: WaitOptions) {
  return waitFor(`${what} (expected ${JSON.stringify(expected)})`, read, (v) => v === expected, opts);
}

export async function withTimeout<T>(what: string, p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms}ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
