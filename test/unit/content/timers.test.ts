import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lifeTimers } from '@/lib/content/timers';

describe('content-script timers', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a timer per burst leaves nothing behind on the life signal (WXT ctx.setTimeout left a listener per timer)', () => {
    const life = new AbortController();
    const added = vi.spyOn(life.signal, 'addEventListener');
    const timers = lifeTimers(life.signal);
    let fired = 0;
    // An hour of a 200 messages/s chat sets tens of thousands of these; a thousand shows the shape.
    for (let i = 0; i < 1_000; i++) timers.setTimeout(() => fired++, 25);
    vi.advanceTimersByTime(25);
    expect(fired).toBe(1_000);
    expect(added).not.toHaveBeenCalled();
  });

  it('after the life ends a pending timer does nothing; a cleared one never fires', () => {
    const life = new AbortController();
    const timers = lifeTimers(life.signal);
    const late = vi.fn();
    const cleared = vi.fn();
    const live = vi.fn();
    timers.setTimeout(live, 10);
    timers.setTimeout(late, 50);
    timers.clearTimeout(timers.setTimeout(cleared, 10));
    vi.advanceTimersByTime(10);
    expect(live).toHaveBeenCalledOnce();
    life.abort();
    vi.advanceTimersByTime(100);
    expect(late).not.toHaveBeenCalled();
    expect(cleared).not.toHaveBeenCalled();
  });
});
