import { describe, expect, it } from 'vitest';
import { decide, DEFAULT_NOTIFY_SETTINGS, EMPTY_NOTIFY_STATE, flushAt, MIN_INTERVAL_MS } from '@/lib/notify/notify-policy';

const away = { panelOpen: false, tabFocused: false };
const ctx = (now: number) => ({ entryId: '1_sessiona1', sessionName: 'Opening keynote', now });
const ids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `q${from + i}`);

describe('notification policy', () => {
  it('batches new pending questions into one notice naming the session', () => {
    const { notice, state } = decide(EMPTY_NOTIFY_STATE, ids(7), away, DEFAULT_NOTIFY_SETTINGS, ctx(1000));
    expect(notice).toMatchObject({ title: '7 new questions in Opening keynote', count: 7, silent: true });
    expect(decide(state, ids(7), away, DEFAULT_NOTIFY_SETTINGS, ctx(100_000)).notice).toBeNull();
  });

  it('rate-limits: what arrives within the interval joins the next notice', () => {
    let { state } = decide(EMPTY_NOTIFY_STATE, ids(2), away, DEFAULT_NOTIFY_SETTINGS, ctx(0));
    let r = decide(state, ids(5), away, DEFAULT_NOTIFY_SETTINGS, ctx(MIN_INTERVAL_MS - 1));
    expect(r.notice).toBeNull();
    r = decide(r.state, ids(6), away, DEFAULT_NOTIFY_SETTINGS, ctx(MIN_INTERVAL_MS));
    expect(r.notice?.count).toBe(4);
    state = r.state;
    expect(state.queued).toEqual([]);
  });

  it('stays quiet while the moderator is looking, and counts what they saw as seen', () => {
    const looking = decide(EMPTY_NOTIFY_STATE, ids(3), { panelOpen: true, tabFocused: true }, DEFAULT_NOTIFY_SETTINGS, ctx(0));
    expect(looking.notice).toBeNull();
    const later = decide(looking.state, ids(4), away, DEFAULT_NOTIFY_SETTINGS, ctx(1));
    expect(later.notice?.count).toBe(1);
  });

  it('notifies when the panel is open but the tab is not focused', () => {
    expect(decide(EMPTY_NOTIFY_STATE, ids(1), { panelOpen: true, tabFocused: false }, DEFAULT_NOTIFY_SETTINGS, ctx(0)).notice?.title).toBe(
      '1 new question in Opening keynote',
    );
  });

  it('respects the mute of a session and the global switch, and the sound setting', () => {
    expect(decide(EMPTY_NOTIFY_STATE, ids(2), away, { ...DEFAULT_NOTIFY_SETTINGS, muted: ['1_sessiona1'] }, ctx(0)).notice).toBeNull();
    expect(decide(EMPTY_NOTIFY_STATE, ids(2), away, { ...DEFAULT_NOTIFY_SETTINGS, enabled: false }, ctx(0)).notice).toBeNull();
    expect(decide(EMPTY_NOTIFY_STATE, ids(2), away, { ...DEFAULT_NOTIFY_SETTINGS, sound: true }, ctx(0)).notice?.silent).toBe(false);
  });

  it('drops queued questions that were handled before the notice went out', () => {
    const first = decide(EMPTY_NOTIFY_STATE, ids(1), away, DEFAULT_NOTIFY_SETTINGS, ctx(0));
    const queued = decide(first.state, ['q0', 'q1', 'q2'], away, DEFAULT_NOTIFY_SETTINGS, ctx(1));
    const after = decide(queued.state, ['q0', 'q2'], away, DEFAULT_NOTIFY_SETTINGS, ctx(MIN_INTERVAL_MS + 1));
    expect(after.notice?.count).toBe(1);
  });

  it('does work in proportion to the pending questions, not their square (a busy session)', () => {
    const n = 5_000;
    const first = decide(EMPTY_NOTIFY_STATE, ['seed'], away, DEFAULT_NOTIFY_SETTINGS, ctx(0));
    // Inside the rate limit: all n are queued, and each of them is checked against the pending list.
    let reads = 0;
    const pending = new Proxy(ids(n), {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads += 1;
        return Reflect.get(target, key, receiver);
      },
    });
    const r = decide(first.state, pending, away, DEFAULT_NOTIFY_SETTINGS, ctx(1));
    expect(r.state.queued).toHaveLength(n);
    expect(reads).toBeLessThan(10 * n);
  });

  it('says when the notice held back by the rate limit may go out', () => {
    const first = decide(EMPTY_NOTIFY_STATE, ids(1), away, DEFAULT_NOTIFY_SETTINGS, ctx(1_000));
    expect(flushAt(first.state)).toBeNull();
    const held = decide(first.state, ids(3), away, DEFAULT_NOTIFY_SETTINGS, ctx(5_000));
    expect(flushAt(held.state)).toBe(1_000 + MIN_INTERVAL_MS);
  });

  it('promises nothing about a click in its text (that depends on the browser)', () => {
    expect(decide(EMPTY_NOTIFY_STATE, ids(3), away, DEFAULT_NOTIFY_SETTINGS, ctx(0)).notice?.message).not.toMatch(/click/i);
  });
});
