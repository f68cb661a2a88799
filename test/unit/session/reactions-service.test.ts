import { describe, expect, it } from 'vitest';
import { ReactionsService, reactionsKey } from '../../../lib/session/reactions/service';
import type { StorageArea } from '../../../lib/platform/storage';
import type { ReactionsView } from '../../../lib/contracts/reactions';
import type { PerformResult } from '../../../lib/contracts/protocol';
import { sumBuckets } from '../../../lib/model/reactions/meter';

function memoryStorage(): StorageArea & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async <T,>(k: string) => structuredClone(data.get(k)) as T | undefined,
    getAll: async () => Object.fromEntries(data),
    getMany: async (keys) => Object.fromEntries(keys.filter((k) => data.has(k)).map((k) => [k, data.get(k)])),
    set: async (v) => {
      for (const [k, x] of Object.entries(v)) data.set(k, structuredClone(x));
    },
    remove: async (keys) => {
      for (const k of Array.isArray(keys) ? keys : [keys]) data.delete(k);
    },
  };
}

function service(session: StorageArea, clock: { now: number }, views: Array<ReactionsView | null> = [], tell: (...args: unknown[]) => Promise<PerformResult> = async () => ({ ok: true })) {
  const timers: Array<() => void> = [];
  const s = new ReactionsService({ session, now: () => clock.now, setTimeout: (fn) => timers.push(fn), tellTab: tell, onView: (_t, v) => views.push(v) });
  return { s, runTimers: () => timers.splice(0).forEach((f) => f()) };
}

const batch = (totals: Record<string, number>, at: number, extra: Partial<{ enabled: boolean | null; canSwitch: boolean }> = {}) => ({
  entryId: '1_a',
  profileId: 'kep-2026',
  at,
  totals,
  enabled: true,
  canSwitch: true,
  ...extra,
});

describe('ReactionsService', () => {
  it('counts reports into the view and survives a worker restart without losing what came meanwhile', async () => {
    const storage = memoryStorage();
    const clock = { now: 1_000_000 };
    const views: Array<ReactionsView | null> = [];
    const a = service(storage, clock, views);
    await a.s.ingest(7, batch({ clap: 10, like: 0 }, clock.now));
    await a.s.ingest(7, batch({ clap: 13, like: 2 }, (clock.now += 1000)));
    a.runTimers(); // the delayed save and view
    await a.s.save(7);
    expect(views.at(-1)?.counted).toEqual({ clap: 3, like: 2 });
    expect(storage.data.has(reactionsKey(7))).toBe(true);

    // The worker stops; 4 more claps happen; the new worker gets the next totals.
    const b = service(storage, clock);
    await b.s.ingest(7, batch({ clap: 17, like: 2 }, (clock.now += 1000)));
    const view = (await b.s.view(7))!;
    expect(view.counted).toEqual({ clap: 7, like: 2 });
    expect(sumBuckets(view.buckets)).toEqual({ clap: 7, like: 2 });
    expect(view.types).toEqual(['clap', 'like']);
  });

  it('another session in the tab starts a new meter', async () => {
    const storage = memoryStorage();
    const clock = { now: 2_000_000 };
    const { s } = service(storage, clock);
    await s.ingest(1, batch({ clap: 1 }, clock.now));
    await s.ingest(1, batch({ clap: 5 }, clock.now + 10));
    await s.ingest(1, { ...batch({ clap: 100 }, clock.now + 20), entryId: '1_b' });
    expect((await s.view(1))).toMatchObject({ entryId: '1_b', counted: {}, startedAt: clock.now + 20 });
  });

  it('the switch goes through the tab and its failure is shown with the reason', async () => {
    const storage = memoryStorage();
    const clock = { now: 3_000_000 };
    const told: unknown[] = [];
    const views: Array<ReactionsView | null> = [];
    const { s, runTimers } = service(storage, clock, views, async (...args: unknown[]) => {
      told.push(args[1]);
      return { ok: false as const, error: 'The CnC widget shows no switch to turn reactions off.' };
    });
    await s.ingest(2, batch({ clap: 0 }, clock.now));
    await s.act(2, { kind: 'set-enabled', on: false });
    runTimers();
    expect(told).toEqual([{ type: 'reactions-perform', on: false }]);
    const view = (await s.view(2))!;
    expect(view.switchError).toMatch(/no switch/);
    expect(view.switching).toBeNull();
    expect(view.enabled).toBe(true);
  });

  it('a lone change reaches the panel at once; a stream of reports at most twice a second, the last always', async () => {
    const clock = { now: 5_000_000 };
    const timers: Array<{ at: number; fn: () => void }> = [];
    const views: Array<ReactionsView | null> = [];
    const s = new ReactionsService({ session: memoryStorage(), now: () => clock.now, setTimeout: (fn, ms) => timers.push({ at: clock.now + ms, fn }), tellTab: async () => ({ ok: true }), onView: (_t, v) => views.push(v) });
    const until = (to: number) => {
      for (let next = timers.sort((a, b) => a.at - b.at)[0]; next && next.at <= to; next = timers.sort((a, b) => a.at - b.at)[0]) {
        timers.shift();
        clock.now = next.at;
        next.fn();
      }
      clock.now = to;
    };
    await s.ingest(4, batch({ clap: 0 }, clock.now));
    expect(views).toHaveLength(1); // at once
    const start = clock.now;
    // 10 reports a second for 3 seconds.
    for (let i = 1; i <= 30; i++) {
      until(start + 1_000 + i * 100);
      await s.ingest(4, batch({ clap: i }, clock.now));
    }
    until(start + 10_000);
    expect(views.length - 1).toBeLessThanOrEqual(8);
    expect(views.at(-1)?.counted).toEqual({ clap: 30 });
  });

  it('a widget without the moderator switch: the switch is absent, with why', async () => {
    const { s } = service(memoryStorage(), { now: 1 });
    await s.ingest(3, batch({ clap: 0 }, 1, { canSwitch: false }));
    expect((await s.view(3))!.switchAbsent).toMatch(/no switch/);
  });
});
