import { describe, expect, it } from 'vitest';
import { effect, signal } from '@preact/signals';
import { paced, type PacedTimers } from '@/lib/panel/paced';

function fakeTimers() {
  let now = 0;
  const due: Array<{ at: number; fn: () => void; id: number }> = [];
  let ids = 0;
  const timers: PacedTimers = {
    now: () => now,
    setTimeout: (fn, ms) => {
      due.push({ at: now + ms, fn, id: ++ids });
      return ids;
    },
    clearTimeout: (h) => {
      const i = due.findIndex((d) => d.id === h);
      if (i >= 0) due.splice(i, 1);
    },
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      due.sort((a, b) => a.at - b.at);
      const next = due[0];
      if (!next || next.at > end) break;
      due.shift();
      now = next.at;
      next.fn();
    }
    now = end;
  };
  return { timers, advance };
}

describe('paced: a busy signal passed on at most once per gap, never late by more, never dropping the last', () => {
  it('passes a lone change at once; a burst as one update with the latest value after the gap', () => {
    const { timers, advance } = fakeTimers();
    const source = signal(0);
    const p = paced(source, 250, timers);
    const seen: number[] = [];
    const stop = effect(() => void seen.push(p.value.value));
    source.value = 1; // quiet before: at once
    expect(seen).toEqual([0, 1]);
    advance(10);
    for (let i = 2; i <= 20; i++) source.value = i; // a burst within the gap
    expect(seen).toEqual([0, 1]);
    advance(239);
    expect(seen).toEqual([0, 1]);
    advance(1); // 250 ms after the last update: the latest of the burst
    expect(seen).toEqual([0, 1, 20]);
    advance(1000);
    expect(seen).toEqual([0, 1, 20]);
    source.value = 21; // quiet again: at once
    expect(seen).toEqual([0, 1, 20, 21]);
    stop();
    p.dispose();
  });

  it('over a steady stream of 17 changes a second updates at most 4 times a second, and ends on the last value', () => {
    const { timers, advance } = fakeTimers();
    const source = signal(0);
    const p = paced(source, 250, timers);
    let updates = 0;
    const stop = effect(() => void (p.value.value, updates++));
    updates = 0;
    for (let i = 1; i <= 170; i++) {
      source.value = i;
      advance(1000 / 17);
    }
    advance(250);
    expect(updates).toBeLessThanOrEqual(41);
    expect(updates).toBeGreaterThanOrEqual(39);
    expect(p.value.value).toBe(170);
    stop();
    p.dispose();
  });
});
