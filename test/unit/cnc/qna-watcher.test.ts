import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { observedAttributes, PROFILES } from '@/lib/cnc/profile';
import { QNA_MAX_WAIT_MS, QNA_MIN_GAP_MS, QnaWatcher } from '@/lib/cnc/qna-watcher';
import type { Question } from '@/lib/model/qna/types';

const profile = PROFILES[0]!.qna!;
const row = (id: string, state = 'pending', votes = 0) =>
  `<li data-kep-question-id="${id}" data-kep-state="${state}"><span class="kep-sender">A</span><p class="kep-text">Q ${id}</p><span class="kep-upvote-count">${votes}</span></li>`;

/** Lets MutationObserver callbacks run (they are microtasks). */
const mutationsDelivered = () => Promise.resolve().then(() => Promise.resolve());

interface Batch {
  questions: Question[];
  live: boolean;
}

describe('QnaWatcher', () => {
  let batches: Batch[];
  let controller: AbortController;
  let root: HTMLElement;
  /** The background's answer to each send: resolved by the test when it wants the send to settle. */
  let settle: Array<() => void>;
  let inFlight: boolean;

  const make = () => {
    const watcher = new QnaWatcher({
      root,
      profile,
      send: (b) => {
        batches.push({ questions: b.questions, live: b.live });
        if (!inFlight) return;
        return new Promise<boolean>((resolve) => settle.push(() => resolve(true)));
      },
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as number),
      now: () => Date.now(),
      signal: controller.signal,
    });
    watcher.observe(observedAttributes());
    return watcher;
  };

  beforeEach(() => {
    vi.useFakeTimers();
    document.body.innerHTML = '<div id="kep-widget-1" data-kep-connection="live"><ul id="list"></ul></div><ul id="elsewhere"></ul>';
    root = document.getElementById('kep-widget-1')!;
    batches = [];
    settle = [];
    inFlight = false;
    controller = new AbortController();
  });
  afterEach(() => {
    controller.abort();
    vi.useRealTimers();
  });

  it('announces an empty inbox at once, and only once', () => {
    const watcher = make();
    watcher.rescan();
    expect(batches.map((b) => b.questions)).toEqual([[]]);
    vi.advanceTimersByTime(QNA_MAX_WAIT_MS);
    watcher.rescan();
    vi.advanceTimersByTime(QNA_MAX_WAIT_MS);
    expect(batches).toHaveLength(1);
  });

  it('sends the first change with no delay', async () => {
    make().rescan();
    vi.advanceTimersByTime(QNA_MAX_WAIT_MS);
    batches.length = 0;
    document.getElementById('list')!.insertAdjacentHTML('beforeend', row('q1'));
    await mutationsDelivered();
    // No timer advanced: the pipe was idle, so the question went out with the mutation itself.
    expect(batches.map((b) => b.questions.map((q) => q.id))).toEqual([['q1']]);
  });

  it('turns a burst of 500 changes into a few sends and loses none', async () => {
    make().rescan();
    vi.advanceTimersByTime(QNA_MAX_WAIT_MS);
    batches.length = 0;
    inFlight = true;
    const list = document.getElementById('list')!;
    for (let i = 0; i < 500; i++) {
      list.insertAdjacentHTML('beforeend', row(`q${i}`));
      // Mutations arrive in several deliveries, some while a send is in flight.
      if (i % 50 === 49) {
        await mutationsDelivered();
        if (i % 100 === 99) settle.splice(0).forEach((s) => s());
        await mutationsDelivered();
        vi.advanceTimersByTime(QNA_MIN_GAP_MS / 2);
      }
    }
    await mutationsDelivered();
    for (let i = 0; i < 20 && (settle.length || vi.getTimerCount()); i++) {
      settle.splice(0).forEach((s) => s());
      await mutationsDelivered();
      vi.advanceTimersByTime(QNA_MAX_WAIT_MS);
    }
    const ids = batches.flatMap((b) => b.questions.map((q) => q.id));
    expect(new Set(ids).size).toBe(500);
    expect(ids).toHaveLength(500);
    expect(batches.length).toBeLessThanOrEqual(12);
  });

  it('does not hold a change behind a send not yet acknowledged (the report port acks lazily)', async () => {
    make().rescan();
    vi.advanceTimersByTime(QNA_MAX_WAIT_MS);
    batches.length = 0;
    inFlight = true; // no send settles here: its ack comes up to a second later
    const list = document.getElementById('list')!;
    list.insertAdjacentHTML('beforeend', row('q1'));
    await mutationsDelivered();
    vi.advanceTimersByTime(QNA_MIN_GAP_MS);
    list.insertAdjacentHTML('beforeend', row('q2'));
    await mutationsDelivered();
    // The gap since q1's send is over: q2 goes with its mutation, not QNA_MAX_WAIT_MS later.
    expect(batches.map((b) => b.questions.map((q) => q.id))).toEqual([['q1'], ['q2']]);
  });

  it('reports a lost connection at once, with no row changing, and its return', async () => {
    make().rescan();
    vi.advanceTimersByTime(QNA_MAX_WAIT_MS);
    batches.length = 0;
    root.setAttribute('data-kep-connection', 'stale');
    await mutationsDelivered();
    expect(batches).toEqual([{ questions: [], live: false }]);
    vi.advanceTimersByTime(QNA_MAX_WAIT_MS);
    root.setAttribute('data-kep-connection', 'live');
    await mutationsDelivered();
    vi.advanceTimersByTime(QNA_MIN_GAP_MS);
    expect(batches.at(-1)).toEqual({ questions: [], live: true });
  });

  it('reads only rows inside its widget root', () => {
    document.getElementById('elsewhere')!.innerHTML = row('outside');
    document.getElementById('list')!.innerHTML = row('inside');
    make().rescan();
    expect(batches[0]?.questions.map((q) => q.id)).toEqual(['inside']);
  });

  it('sends nothing after its signal aborted, not even a flush already due', async () => {
    const watcher = make();
    watcher.rescan();
    inFlight = true;
    document.getElementById('list')!.innerHTML = row('q1');
    await mutationsDelivered();
    document.getElementById('list')!.insertAdjacentHTML('beforeend', row('q2'));
    await mutationsDelivered();
    const before = batches.length;
    controller.abort();
    settle.splice(0).forEach((s) => s());
    await mutationsDelivered();
    vi.advanceTimersByTime(QNA_MAX_WAIT_MS * 4);
    document.getElementById('list')!.insertAdjacentHTML('beforeend', row('q3'));
    await mutationsDelivered();
    vi.advanceTimersByTime(QNA_MAX_WAIT_MS * 4);
    expect(batches).toHaveLength(before);
  });

  it('re-reads only rows that changed', async () => {
    make().rescan();
    const list = document.getElementById('list')!;
    list.innerHTML = Array.from({ length: 100 }, (_, i) => row(`q${i}`)).join('');
    await mutationsDelivered();
    vi.advanceTimersByTime(QNA_MAX_WAIT_MS);
    expect(batches.flatMap((b) => b.questions)).toHaveLength(100);
    list.querySelector('[data-kep-question-id="q7"]')!.setAttribute('data-kep-state', 'approved');
    await mutationsDelivered();
    vi.advanceTimersByTime(QNA_MAX_WAIT_MS);
    expect(batches.at(-1)?.questions.map((q) => [q.id, q.state])).toEqual([['q7', 'approved']]);
  });
});
