import { describe, expect, it } from 'vitest';
import { decide, DEFAULT_NOTIFY_SETTINGS, EMPTY_NOTIFY_STATE, flushAt, MIN_INTERVAL_MS } from '@/lib/notify/notify-policy';

const away = { panelOpen: false, tabFocused: false };
const ctx = (now: number) => ({ entryId: '1_sessiona1', sessionName: 'Opening keynote', now });
const ids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `q${from + i}`);
const add = (added: string[]) => ({ added, removed: [] });
const NONE = { added: [], removed: [] };

describe('notification policy', () => {
  it('batches new pending questions into one notice naming the session', () => {
    const { notice, state } = decide(EMPTY_NOTIFY_STATE, add(ids(7)), away, DEFAULT_NOTIFY_SETTINGS, ctx(1000));
    expect(notice).toMatchObject({ title: '7 new questions in Opening keynote', count: 7, silent: true });
    expect(decide(state, NONE, away, DEFAULT_NOTIFY_SETTINGS, ctx(100_000)).notice).toBeNull();
  });

  it('rate-limits: what arrives within the interval joins the next notice', () => {
    let { state } = decide(EMPTY_NOTIFY_STATE, add(ids(2)), away, DEFAULT_NOTIFY_SETTINGS, ctx(0));
    let r = decide(state, add(ids(3, 2)), away, DEFAULT_NOTIFY_SETTINGS, ctx(MIN_INTERVAL_MS - 1));
    expect(r.notice).toBeNull();
    r = decide(r.state, add(ids(1, 5)), away, DEFAULT_NOTIFY_SETTINGS, ctx(MIN_INTERVAL_MS));
    expect(r.notice?.count).toBe(4);
    state = r.state;
    expect(state.queued).toEqual([]);
  });

  it('stays quiet while the moderator is looking, and counts what they saw as seen', () => {
    const looking = decide(EMPTY_NOTIFY_STATE, add(ids(3)), { panelOpen: true, tabFocused: true }, DEFAULT_NOTIFY_SETTINGS, ctx(0));
    expect(looking.notice).toBeNull();
    const later = decide(looking.state, add(ids(1, 3)), away, DEFAULT_NOTIFY_SETTINGS, ctx(1));
    expect(later.notice?.count).toBe(1);
  });

  it('notifies when the panel is open but the tab is not focused', () => {
    expect(decide(EMPTY_NOTIFY_STATE, add(ids(1)), { panelOpen: true, tabFocused: false }, DEFAULT_NOTIFY_SETTINGS, ctx(0)).notice?.title).toBe(
      '1 new question in Opening keynote',
    );
  });

  it('respects the mute of a session and the global switch, and the sound setting', () => {
    expect(decide(EMPTY_NOTIFY_STATE, add(ids(2)), away, { ...DEFAULT_NOTIFY_SETTINGS, muted: ['1_sessiona1'] }, ctx(0)).notice).toBeNull();
    expect(decide(EMPTY_NOTIFY_STATE, add(ids(2)), away, { ...DEFAULT_NOTIFY_SETTINGS, enabled: false }, ctx(0)).notice).toBeNull();
    expect(decide(EMPTY_NOTIFY_STATE, add(ids(2)), away, { ...DEFAULT_NOTIFY_SETTINGS, sound: true }, ctx(0)).notice?.silent).toBe(false);
  });

  it('drops queued questions that were handled before the notice went out', () => {
    const first = decide(EMPTY_NOTIFY_STATE, add(['q0']), away, DEFAULT_NOTIFY_SETTINGS, ctx(0));
    const queued = decide(first.state, add(['q1', 'q2']), away, DEFAULT_NOTIFY_SETTINGS, ctx(1));
    const after = decide(queued.state, { added: [], removed: ['q1'] }, away, DEFAULT_NOTIFY_SETTINGS, ctx(MIN_INTERVAL_MS + 1));
    expect(after.notice?.count).toBe(1);
  });

  it('works on the change, not on the whole queue of a busy session', () => {
    // 10,000 already notified; one more arrives: the state it keeps and writes holds that one, not 10,001.
    const first = decide(EMPTY_NOTIFY_STATE, add(ids(10_000)), away, DEFAULT_NOTIFY_SETTINGS, ctx(0));
    expect(first.notice?.count).toBe(10_000);
    const r = decide(first.state, add(['new']), away, DEFAULT_NOTIFY_SETTINGS, ctx(1));
    expect(r.state.queued).toEqual(['new']);
    expect(JSON.stringify(r.state).length).toBeLessThan(100);
  });

  it('says when the notice held back by the rate limit may go out', () => {
    const first = decide(EMPTY_NOTIFY_STATE, add(ids(1)), away, DEFAULT_NOTIFY_SETTINGS, ctx(1_000));
    expect(flushAt(first.state)).toBeNull();
    const held = decide(first.state, add(ids(2, 1)), away, DEFAULT_NOTIFY_SETTINGS, ctx(5_000));
    expect(flushAt(held.state)).toBe(1_000 + MIN_INTERVAL_MS);
  });

  it('promises nothing about a click in its text (that depends on the browser)', () => {
    expect(decide(EMPTY_NOTIFY_STATE, add(ids(3)), away, DEFAULT_NOTIFY_SETTINGS, ctx(0)).notice?.message).not.toMatch(/click/i);
  });
});
