// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PollStore, PollValidationFailure, type PollEvent } from '../../../sandbox/polls/store';
import { ActivityLog } from '../../../sandbox/activity';

let now = 1_700_000_000;
const stores: PollStore[] = [];
function store(contextTimes?: (id: string) => { startDate?: number; endDate?: number }) {
  const s = new PollStore({ now: () => now, tickMs: 0, contextTimes });
  stores.push(s);
  return s;
}
afterEach(() => {
  vi.useRealTimers();
  stores.splice(0).forEach((s) => s.close());
  now = 1_700_000_000;
});
const base = { contextId: '1_sessiona1', content: { question: 'Best colour?', options: ['Red', 'Blue', 'Green'] } };

describe('PollStore', () => {
  it('creates a Draft OptionsPoll with option ids and timestamps; emits poll-changed', () => {
    const s = store();
    const events: PollEvent[] = [];
    s.on((e) => events.push(e));
    const p = s.create(base);
    expect(p).toMatchObject({ state: 'Draft', type: 'OptionsPoll', showResults: false, isEnded: false, contextId: '1_sessiona1' });
    expect(p._id).toMatch(/^[0-9a-f]{24}$/);
    expect(p.content.options.map((o) => o.text)).toEqual(['Red', 'Blue', 'Green']);
    expect(new Set(p.content.options.map((o) => o.id)).size).toBe(3);
    expect(p.createdAt).toBe(new Date(now * 1000).toISOString());
    expect(events.map((e) => e.type)).toEqual(['poll-changed']);
    expect(s.list('1_sessiona1')).toHaveLength(1);
    expect(s.list('other')).toHaveLength(0);
  });

  it('validates: empty question, < 2 or > 8 options, duplicates', () => {
    const s = store();
    const field = (input: unknown) => {
      try {
        s.create(input as never);
        return null;
      } catch (e) {
        return (e as PollValidationFailure).detail.field;
      }
    };
    expect(field({ ...base, content: { question: '  ', options: ['a', 'b'] } })).toBe('content.question');
    expect(field({ ...base, content: { question: 'q', options: ['a'] } })).toBe('content.options');
    expect(field({ ...base, content: { question: 'q', options: ['1', '2', '3', '4', '5', '6', '7', '8', '9'] } })).toBe('content.options');
    expect(field({ ...base, content: { question: 'q', options: ['Yes', 'yes '] } })).toBe('content.options');
    expect(field({ ...base, state: 'Live' })).toBe('state');
    expect(field({ contextId: 'c', type: 'OpenAnswers', content: { question: 'Why?' } })).toBeNull();
  });

  it('votes only while Published; one vote per user, a re-vote replaces; results aggregate', () => {
    const s = store();
    const p = s.create(base);
    const [red, blue] = p.content.options;
    expect(s.vote(p._id, 'u1', { optionIds: [red!.id] })).toEqual({ error: 'POLL_NOT_PUBLISHED' });
    s.update(p._id, { state: 'Published' });
    expect(s.vote(p._id, 'u1', { optionIds: [red!.id] })).toEqual({ ok: true });
    expect(s.vote(p._id, 'u2', { optionIds: [red!.id] })).toEqual({ ok: true });
    expect(s.vote(p._id, 'u1', { optionIds: [blue!.id] })).toEqual({ ok: true });
    expect(s.vote(p._id, 'u3', { optionIds: ['nope'] })).toEqual({ error: 'INVALID_OPTION' });
    expect(s.vote(p._id, 'u3', { optionIds: [red!.id, blue!.id] })).toEqual({ error: 'SINGLE_CHOICE' });
    expect(s.results(p._id)).toMatchObject({ totals: { [red!.id]: 1, [blue!.id]: 1 }, answers: 2 });
    s.update(p._id, { state: 'UnPublished' });
    expect(s.get(p._id)!.isEnded).toBe(true);
    expect(s.vote(p._id, 'u4', { optionIds: [red!.id] })).toEqual({ error: 'POLL_NOT_PUBLISHED' });
  });

  it('open answers collect texts', () => {
    const s = store();
    const p = s.create({ contextId: 'c', type: 'OpenAnswers', state: 'Published', content: { question: 'Why?' } });
    expect(s.vote(p._id, 'u1', { text: '' })).toEqual({ error: 'EMPTY_ANSWER' });
    s.vote(p._id, 'u1', { text: 'because' });
    s.vote(p._id, 'u2', { text: 'why not' });
    expect(s.results(p._id)).toMatchObject({ answers: 2, texts: ['because', 'why not'] });
  });

  it('scheduling publishes at the scheduled time; autoClose unpublishes after its duration', () => {
    const s = store();
    const changes: string[] = [];
    s.on((e) => changes.push(`${e.type}:${e.poll.state}`));
    const at = new Date((now + 60) * 1000).toISOString();
    const p = s.create({ ...base, state: 'Scheduled', scheduling: { schedulingType: 'absolute', scheduledTime: at }, autoCloseMilliseconds: 30_000 });
    s.tick();
    expect(s.get(p._id)!.state).toBe('Scheduled');
    now += 60;
    s.tick();
    expect(s.get(p._id)).toMatchObject({ state: 'Published', publishedAt: at });
    now += 29;
    s.tick();
    expect(s.get(p._id)!.state).toBe('Published');
    now += 1;
    s.tick();
    expect(s.get(p._id)).toMatchObject({ state: 'UnPublished', isEnded: true });
    expect(changes).toEqual(['poll-changed:Scheduled', 'poll-changed:Published', 'poll-changed:UnPublished']);
  });

  it('relative scheduling uses the context start date', () => {
    const start = now + 100;
    const s = store(() => ({ startDate: start }));
    const p = s.create({ ...base, state: 'Scheduled', scheduling: { schedulingType: 'relative', relativeScheduling: { offsetMilliseconds: -50_000, attribute: 'startDate' } } });
    now += 49;
    s.tick();
    expect(s.get(p._id)!.state).toBe('Scheduled');
    now += 1;
    s.tick();
    expect(s.get(p._id)!.state).toBe('Published');
  });

  it('the owned timer drives transitions and close() stops it', () => {
    // Fake timers: the store's own interval runs when the test moves time, not after a real sleep.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    const s = new PollStore({ now: () => now, tickMs: 10 });
    stores.push(s);
    const p = s.create({ ...base, state: 'Published', autoCloseMilliseconds: 1000 });
    now += 2;
    // Due, but nothing moves it until the timer fires.
    expect(s.get(p._id)!.state).toBe('Published');
    vi.advanceTimersByTime(10);
    expect(s.get(p._id)!.state).toBe('UnPublished');
    s.close();
    const q = s.create({ ...base, state: 'Published', autoCloseMilliseconds: 1000 });
    now += 2;
    vi.advanceTimersByTime(1_000);
    expect(s.get(q._id)!.state).toBe('Published');
  });

  it('idempotency key returns the same poll; remove emits poll-removed; unsubscribe works', () => {
    const s = store();
    const a = s.create(base, { idempotencyKey: 'k1' });
    const b = s.create(base, { idempotencyKey: 'k1' });
    expect(b._id).toBe(a._id);
    expect(s.list(base.contextId)).toHaveLength(1);
    const seen: string[] = [];
    const off = s.on((e) => seen.push(e.type));
    expect(s.remove(a._id)).toBe(true);
    expect(s.remove(a._id)).toBe(false);
    off();
    s.create(base);
    expect(seen).toEqual(['poll-removed']);
    expect(s.update('missing', { showResults: true })).toBeUndefined();
  });
});

describe('ActivityLog', () => {
  it('records and filters by time, entries and events', () => {
    const log = new ActivityLog();
    log.record({ at: 10, kind: 'login', userId: 'a', entryId: 'e1', virtualEventId: 1 });
    log.record({ at: 20, kind: 'reaction', userId: 'a', entryId: 'e2', virtualEventId: 1 });
    log.record({ at: 5, kind: 'group_message', userId: 'b', entryId: 'e1', virtualEventId: 2 });
    expect(log.query({}).map((e) => e.at)).toEqual([5, 10, 20]);
    expect(log.query({ from: 10 }).map((e) => e.at)).toEqual([10, 20]);
    expect(log.query({ to: 10 }).map((e) => e.at)).toEqual([5, 10]);
    expect(log.query({ entryIds: ['e1'] }).map((e) => e.at)).toEqual([5, 10]);
    expect(log.query({ virtualEventIds: [2] }).map((e) => e.userId)).toEqual(['b']);
    const copy = log.query({})[0]!;
    copy.userId = 'changed';
    expect(log.query({})[0]!.userId).toBe('b');
  });
});
