// The content script's reports over its long-lived port: a content-script ReportPort and the background's
// ReportPorts over a fake browser channel in which a service worker can stop (its ports close, what was in
// flight is lost, its memory too), a port can drop, and connecting can fail. Every report reaches the
// background once, in order; and the background checks a port report's sender as it checks a sendMessage's.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReportPort, type ReportPortLike } from '@/lib/content/report-port';
import { ACK_GAP_MS, ASK_ACK_AT, MAX_REPORTS_PER_POST, reportPortName, ReportPorts, type ReportAck, type ReportEnvelope, type ReportPortEnd } from '@/lib/messaging/report-port';
import type { MessageSender } from '@/lib/background/deps';
import { createBackground, type BackgroundDeps } from '@/lib/background/create';
import { memoryArea } from '../memory-area';
import { snapshot } from '../fixtures';

const EXT = 'ext-id';
const TAB = 7;

/** A browser channel between one content script and the service worker of the moment. */
function fakeBrowser(sender: MessageSender & { frameId?: number } = { id: EXT, tabId: TAB, documentLifecycle: 'active' }, ackGapMs: number | null = null) {
  /** Every report the background handled, over every worker life, in order. */
  const handled: unknown[] = [];
  /** Messages posted and not yet delivered (delivered by `deliver()`, as the browser does between tasks). */
  let inFlight: Array<() => void> = [];
  /** Without a gap the worker acks every envelope at once; with one, lazily as in production (the test's timers). */
  const coalesce = ackGapMs === null ? null : { ms: ackGapMs, setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as number) };
  const newWorker = () => new ReportPorts((m) => handled.push(m), coalesce);
  let worker = newWorker();
  /** Acks that reached the content side (each a task on the event page). */
  let acksHeard = 0;
  /** The ports open now: closing one tells the content side (a task later). */
  let open: Array<() => void> = [];
  let refuse = 0;
  let connects = 0;
  /** Every envelope the content side posted, as posted. */
  const posts: ReportEnvelope[] = [];

  const connect = (): ReportPortLike => {
    connects++;
    if (refuse > 0) {
      refuse--;
      throw new Error('Could not establish connection.');
    }
    const contentMessage = new Set<(m: unknown) => void>();
    const contentDisconnect = new Set<() => void>();
    const bgMessage = new Set<(m: unknown) => void>();
    const bgDisconnect = new Set<() => void>();
    let closed = false;
    open.push(() => {
      if (closed) return;
      closed = true;
      bgDisconnect.forEach((l) => l());
      inFlight.push(() => contentDisconnect.forEach((l) => l()));
    });
    const end: ReportPortEnd = {
      name: reportPortName('instance-1'),
      sender,
      postMessage: (m: ReportAck) => {
        if (closed) throw new Error('Attempting to use a disconnected port object');
        const copy = structuredClone(m);
        inFlight.push(() => {
          if (closed) return;
          acksHeard++;
          contentMessage.forEach((l) => l(copy));
        });
      },
      onMessage: (l) => void bgMessage.add(l),
      onDisconnect: (l) => void bgDisconnect.add(l),
      disconnect: () => void (closed = true),
    };
    worker.accept(end);
    return {
      postMessage: (m: ReportEnvelope) => {
        if (closed) throw new Error('Attempting to use a disconnected port object');
        posts.push(m);
        const copy = structuredClone(m);
        inFlight.push(() => !closed && bgMessage.forEach((l) => l(copy)));
      },
      onMessage: (l) => void contentMessage.add(l),
      onDisconnect: (l) => void contentDisconnect.add(l),
      disconnect: () => void (closed = true),
    };
  };

  const closeAll = () => {
    const ports = open;
    open = [];
    for (const close of ports) close();
  };

  return {
    handled,
    posts,
    connect,
    get connects() {
      return connects;
    },
    get acksHeard() {
      return acksHeard;
    },
    refuseNext(n: number) {
      refuse = n;
    },
    /** Delivers everything posted (and what that posts in turn). */
    deliver() {
      for (let i = 0; i < 100 && inFlight.length; i++) {
        const now = inFlight;
        inFlight = [];
        for (const f of now) f();
      }
    },
    /** Delivers only the first `n` things in flight; the rest stays in flight. */
    deliverSome(n: number) {
      for (const f of inFlight.splice(0, n)) f();
    },
    /** The service worker stops: what is in flight is lost, its ports close, its memory goes. */
    stopWorker() {
      inFlight = [];
      closeAll();
      worker = newWorker();
    },
    /** The port drops (a bfcache round trip) and the worker lives on, its memory too. */
    dropPort() {
      closeAll();
    },
  };
}

describe('ReportPort (content) with ReportPorts (background)', () => {
  let life: AbortController;
  beforeEach(() => {
    vi.useFakeTimers();
    life = new AbortController();
  });
  afterEach(() => vi.useRealTimers());

  /** A content-side ReportPort on the fake browser; a worker stop closes its ports as Chrome does. */
  function contentOn(b: ReturnType<typeof fakeBrowser>, extra: Partial<ConstructorParameters<typeof ReportPort>[0]> = {}) {
    return new ReportPort({
      connect: b.connect,
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as number),
      signal: life.signal,
      ...extra,
    });
  }

  /** The end of the current task: its microtasks (the reports it sent are posted then). */
  const endOfTask = () => vi.advanceTimersByTimeAsync(0);

  it('delivers every report once, in order, over one port, and resolves each once acknowledged', async () => {
    const b = fakeBrowser();
    const reports = contentOn(b);
    const results = [1, 2, 3].map((n) => reports.send({ type: 'heartbeat', n }));
    expect(b.connects).toBe(1);
    await endOfTask();
    b.deliver();
    expect(await Promise.all(results)).toEqual([true, true, true]);
    expect(b.handled).toEqual([1, 2, 3].map((n) => ({ type: 'heartbeat', n })));
    expect(reports.pending).toBe(0);
  });

  it('posts the reports of one task as one envelope, and a report alone on its own, before any timer', async () => {
    const b = fakeBrowser();
    const reports = contentOn(b);
    const first = reports.send({ type: 'page-snapshot' });
    await endOfTask();
    b.deliver();
    expect(await first).toBe(true);
    expect(b.posts).toEqual([{ seq: 1, message: { type: 'page-snapshot' }, ackNow: true }]); // a new port's first post asks
    // One task: the chat's, the reactions' and the Q&A's reports (their observers run in one microtask).
    const burst = [reports.send({ type: 'chat-batch', n: 1 }), reports.send({ type: 'reactions-batch' }), reports.send({ type: 'qna-batch' })];
    expect(b.posts).toHaveLength(1); // not one post each as they come
    await Promise.resolve(); // no timer: the end of the task's synchronous work
    await Promise.resolve();
    expect(b.posts).toHaveLength(2);
    expect(b.posts[1]).toEqual({ seq: 2, messages: [{ type: 'chat-batch', n: 1 }, { type: 'reactions-batch' }, { type: 'qna-batch' }] });
    b.deliver();
    expect(await Promise.all(burst)).toEqual([true, true, true]);
    expect(b.handled.slice(1)).toEqual([{ type: 'chat-batch', n: 1 }, { type: 'reactions-batch' }, { type: 'qna-batch' }]);
    // Another task's report is its own post.
    const later = reports.send({ type: 'chat-batch', n: 2 });
    await endOfTask();
    expect(b.posts[2]).toEqual({ seq: 5, message: { type: 'chat-batch', n: 2 } });
    b.deliver();
    expect(await later).toBe(true);
  });

  it('a rider sends what it holds back in the envelope of a post that goes anyway, and is not called without one', async () => {
    const b = fakeBrowser();
    const reports = contentOn(b);
    let held: unknown = null;
    const ride = vi.fn(() => {
      if (held) void reports.send(held);
      held = null;
    });
    const off = reports.addRider(ride);
    void reports.send({ type: 'page-snapshot' });
    await endOfTask();
    b.deliver();
    held = { type: 'chat-batch', held: true };
    await endOfTask();
    expect(b.posts).toHaveLength(1); // holding is no post
    void reports.send({ type: 'qna-batch' });
    await endOfTask();
    expect(b.posts).toHaveLength(2);
    expect(b.posts[1]).toEqual({ seq: 2, messages: [{ type: 'qna-batch' }, { type: 'chat-batch', held: true }] });
    off();
    held = { type: 'chat-batch', n: 2 };
    void reports.send({ type: 'qna-batch', n: 2 });
    await endOfTask();
    expect(b.posts[2]).toEqual({ seq: 4, message: { type: 'qna-batch', n: 2 } });
    expect(ride).toHaveBeenCalledTimes(2);
  });

  it('loses nothing when the worker stops in the middle of a burst: what was in flight goes again on a new port', async () => {
    const b = fakeBrowser();
    const reports = contentOn(b);
    const results: Promise<boolean>[] = [];
    for (let n = 1; n <= 2; n++) results.push(reports.send({ n }));
    await endOfTask(); // one envelope: 1–2
    for (let n = 3; n <= 5; n++) results.push(reports.send({ n }));
    await endOfTask(); // another: 3–5
    b.deliverSome(1); // reports 1–2 reach the worker; their ack and reports 3–5 are in flight
    expect(b.handled).toEqual([{ n: 1 }, { n: 2 }]);
    b.stopWorker(); // the ack and 3–5 lost
    b.deliver(); // the content side hears its port close
    for (let n = 6; n <= 8; n++) results.push(reports.send({ n }));
    await endOfTask();
    b.deliver();
    await endOfTask();
    expect(await Promise.all(results)).toEqual(Array(8).fill(true));
    // Reports 1–2 were handled by the first worker and, their ack lost with it, once more by the second
    // (a report is a state: see lib/messaging/report-port.ts); 3–8, lost in flight, arrived all the same.
    const seen = b.handled.map((m) => (m as { n: number }).n);
    expect(seen).toEqual([1, 2, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(b.connects).toBe(2);
  });

  it('sends a long queue again in envelopes of at most MAX_REPORTS_PER_POST, in order', async () => {
    const b = fakeBrowser();
    b.refuseNext(1);
    const reports = contentOn(b);
    const results = Array.from({ length: 120 }, (_, n) => reports.send({ n }));
    await vi.advanceTimersByTimeAsync(1_000);
    b.deliver();
    expect(await Promise.all(results)).toEqual(Array(120).fill(true));
    expect(b.handled).toEqual(Array.from({ length: 120 }, (_, n) => ({ n })));
    expect(b.posts.map((p) => ('messages' in p ? p.messages.length : 1))).toEqual([MAX_REPORTS_PER_POST, MAX_REPORTS_PER_POST, 120 - 2 * MAX_REPORTS_PER_POST]);
  });

  it('handles a report once when the port drops with its ack in flight and the worker lives on', async () => {
    const b = fakeBrowser();
    const reports = contentOn(b);
    const first = reports.send({ n: 1 });
    b.deliverSome(1); // handled; its ack is in flight
    b.dropPort(); // the page went to the bfcache and came back: the ack is lost with the port
    b.deliver();
    const second = reports.send({ n: 2 });
    await vi.advanceTimersByTimeAsync(0);
    b.deliver();
    expect(await Promise.all([first, second])).toEqual([true, true]);
    expect(b.handled).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('queues while the port cannot open and sends everything, in order, once it can', async () => {
    const b = fakeBrowser();
    b.refuseNext(2);
    const reports = contentOn(b);
    const results = [1, 2, 3].map((n) => reports.send({ n }));
    expect(reports.connected).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    b.deliver();
    expect(await Promise.all(results)).toEqual([true, true, true]);
    expect(b.handled).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('does not reopen the port while nothing waits (a stopped worker stays stopped)', async () => {
    const b = fakeBrowser();
    const reports = contentOn(b);
    const r = reports.send({ n: 1 });
    await endOfTask();
    b.deliver();
    await r;
    b.stopWorker();
    b.deliver();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(b.connects).toBe(1);
    expect(reports.connected).toBe(false);
    const again = reports.send({ n: 2 });
    await endOfTask();
    b.deliver();
    expect(await again).toBe(true);
    expect(b.connects).toBe(2);
  });

  it('opens no port while the page is prerendered, and sends what waited once it is shown', async () => {
    const b = fakeBrowser();
    let show!: () => void;
    const shown = new Promise<void>((r) => (show = r));
    let prerendering = true;
    const reports = contentOn(b, { whenShown: () => (prerendering ? shown : null) });
    const r = reports.send({ n: 1 });
    await vi.advanceTimersByTimeAsync(100);
    expect(b.connects).toBe(0);
    prerendering = false;
    show();
    await vi.advanceTimersByTimeAsync(0);
    b.deliver();
    expect(await r).toBe(true);
    expect(b.handled).toEqual([{ n: 1 }]);
  });

  it('once its life ends, resolves what waits false and sends nothing more', async () => {
    const b = fakeBrowser();
    b.refuseNext(100);
    const reports = contentOn(b);
    const r = reports.send({ n: 1 });
    life.abort();
    expect(await r).toBe(false);
    expect(await reports.send({ n: 2 })).toBe(false);
    const connects = b.connects;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(b.connects).toBe(connects);
  });

  it('keeps at most maxQueued reports while down: the oldest resolve false (their senders read again)', async () => {
    const b = fakeBrowser();
    b.refuseNext(100);
    const reports = contentOn(b, { maxQueued: 2 });
    const results = [1, 2, 3].map((n) => reports.send({ n }));
    expect(await results[0]).toBe(false);
    expect(reports.pending).toBe(2);
  });
});

describe('ReportPorts (background): the sender is checked as a sendMessage sender is', () => {
  /** A background over fakes whose runtime.onMessage listener also hears report ports, as lib/platform wires it. */
  function background() {
    const listeners = new Set<(m: unknown, s: MessageSender) => void>();
    const nothing = () => () => undefined;
    const deps: BackgroundDeps = {
      storage: { session: memoryArea(), local: memoryArea() },
      tabs: {
        get: async () => ({ id: TAB, windowId: 1, active: true, url: snapshot().url }),
        activeIn: async () => null,
        query: async () => [],
        windowFocused: async () => false,
        send: async () => undefined,
        onUpdated: nothing,
        onRemoved: nothing,
        onActivated: nothing,
      },
      runtime: {
        id: EXT,
        pagesUrl: `chrome-extension://${EXT}/`,
        onMessage: (l) => {
          listeners.add(l);
          return () => void listeners.delete(l);
        },
        onConnect: nothing,
        onStartup: nothing,
        onInstalled: nothing,
      },
      alarms: { set: async () => undefined, clear: async () => undefined, get: async () => null, onAlarm: nothing },
      badge: { set: async () => undefined },
      notifications: { show: () => undefined },
      origins: { has: async () => false, sync: async () => undefined, inject: async () => undefined, onChanged: nothing },
      fetch: async () => new Response('{}'),
      clock: { now: () => 1_700_000_000_000, setTimeout: (fn, ms) => setTimeout(fn, ms), setInterval: () => 0, clearInterval: () => undefined },
      newId: () => crypto.randomUUID(),
    };
    const bg = createBackground(deps);
    const ports = new ReportPorts((m, s) => listeners.forEach((l) => l(m, s)));
    /** A content script's port: its first report is the page snapshot. */
    const report = (sender: MessageSender & { frameId?: number }) => {
      const acks: unknown[] = [];
      let onMessage: (m: unknown) => void = () => undefined;
      let disconnected = false;
      ports.accept({
        name: reportPortName(crypto.randomUUID()),
        sender,
        postMessage: (m) => void acks.push(m),
        onMessage: (l) => void (onMessage = l),
        onDisconnect: () => undefined,
        disconnect: () => void (disconnected = true),
      });
      onMessage({ seq: 1, message: { type: 'page-snapshot', snapshot: snapshot() } });
      return { acks, disconnected: () => disconnected };
    };
    return { bg, report, dispose: () => bg.dispose() };
  }

  it('takes the report of our content script in the tab\'s active document', async () => {
    const w = background();
    w.report({ id: EXT, tabId: TAB, frameId: 0, documentLifecycle: 'active' });
    await vi.waitFor(async () => expect((await w.bg.store.get(TAB))?.state).toBe('attached'));
    w.dispose();
  });

  it('ignores another extension, a tabless sender, a prerendered or bfcached document and a subframe', async () => {
    const w = background();
    const refused = [
      w.report({ id: 'other-ext', tabId: TAB, documentLifecycle: 'active' }),
      w.report({ id: EXT, tabId: undefined, documentLifecycle: 'active' }),
      w.report({ id: EXT, tabId: TAB, documentLifecycle: 'prerender' }),
      w.report({ id: EXT, tabId: TAB, documentLifecycle: 'cached' }),
      w.report({ id: EXT, tabId: TAB, frameId: 3, documentLifecycle: 'active' }),
    ];
    await new Promise((r) => setTimeout(r, 50)); // the store is written asynchronously: give a wrong write its chance
    expect(await w.bg.store.get(TAB)).toBeNull();
    expect(refused[4]!.disconnected()).toBe(true);
    w.dispose();
  });

  it('answers a report number it has handled with its ack alone, and ignores what is not an envelope', () => {
    const handled: unknown[] = [];
    const ports = new ReportPorts((m) => handled.push(m));
    const acks: unknown[] = [];
    let onMessage: (m: unknown) => void = () => undefined;
    const end = (name: string) => ({
      name,
      sender: { id: EXT, tabId: TAB },
      postMessage: (m: unknown) => void acks.push(m),
      onMessage: (l: (m: unknown) => void) => void (onMessage = l),
      onDisconnect: () => undefined,
      disconnect: () => undefined,
    });
    expect(ports.accept(end('panel'))).toBe(false);
    expect(ports.accept(end(reportPortName('a')))).toBe(true);
    onMessage({ seq: 1, message: 'one' });
    onMessage({ seq: 2, message: 'two' });
    // The same instance on a new port (after a drop), sending 2 again, then 3.
    ports.accept(end(reportPortName('a')));
    onMessage({ seq: 2, message: 'two' });
    onMessage({ seq: 3, message: 'three' });
    onMessage({ message: 'no number' });
    onMessage('hello');
    expect(handled).toEqual(['one', 'two', 'three']);
    expect(acks).toEqual([{ ack: 1 }, { ack: 2 }, { ack: 2 }, { ack: 3 }]);
  });
});

describe('ReportPorts: envelopes of several reports', () => {
  function worker(coalesce?: ConstructorParameters<typeof ReportPorts>[1]) {
    const handled: unknown[] = [];
    const ports = new ReportPorts((m) => {
      if (m === 'throws') throw new Error('a listener failed');
      handled.push(m);
    }, coalesce);
    const acks: unknown[] = [];
    let onMessage: (m: unknown) => void = () => undefined;
    const open = () =>
      ports.accept({
        name: reportPortName('env'),
        sender: { id: EXT, tabId: TAB },
        postMessage: (m: unknown) => void acks.push(m),
        onMessage: (l: (m: unknown) => void) => void (onMessage = l),
        onDisconnect: () => undefined,
        disconnect: () => undefined,
      });
    open();
    return { handled, acks, open, post: (m: unknown) => onMessage(m) };
  }

  it('hands each report of an envelope to the same listener, in order, and acks the envelope once', () => {
    const w = worker();
    w.post({ seq: 1, messages: [{ type: 'chat-batch', n: 1 }, { type: 'reactions-batch' }, { type: 'qna-batch' }] });
    expect(w.handled).toEqual([{ type: 'chat-batch', n: 1 }, { type: 'reactions-batch' }, { type: 'qna-batch' }]);
    expect(w.acks).toEqual([{ ack: 3 }]);
    w.post({ seq: 4, message: { type: 'heartbeat' } }); // a report alone, as before
    expect(w.handled).toHaveLength(4);
    expect(w.acks).toEqual([{ ack: 3 }, { ack: 4 }]);
  });

  it('after a reconnect, skips the reports of an envelope it has handled and hands on the rest', () => {
    const w = worker();
    w.post({ seq: 1, messages: ['one', 'two'] });
    w.open(); // the port dropped with the ack; the content side sends 1–2 again with 3–4
    w.post({ seq: 1, messages: ['one', 'two', 'three', 'four'] });
    expect(w.handled).toEqual(['one', 'two', 'three', 'four']);
    expect(w.acks).toEqual([{ ack: 2 }, { ack: 4 }]);
  });

  it("one listener's failure does not stop the envelope's other reports", () => {
    const w = worker();
    w.post({ seq: 1, messages: ['one', 'throws', 'three'] });
    expect(w.handled).toEqual(['one', 'three']);
    expect(w.acks).toEqual([{ ack: 3 }]);
  });

  it('ignores what is not an envelope of reports', () => {
    const w = worker();
    for (const m of [{ seq: 1, messages: [] }, { seq: 1, messages: 'x' }, { seq: 0, messages: ['a'] }, { seq: 1, messages: Array(MAX_REPORTS_PER_POST + 1).fill('a') }, { seq: Number.MAX_SAFE_INTEGER, messages: ['a', 'b'] }]) w.post(m);
    expect(w.handled).toEqual([]);
    expect(w.acks).toEqual([]);
  });

  it('acks an envelope at once when the content side asks (ackNow), covering the reports before it', () => {
    const timers: Array<() => void> = [];
    const w = worker({ ms: 500, setTimeout: (fn) => timers.push(fn), clearTimeout: () => undefined });
    w.post({ seq: 1, message: { type: 'chat-batch' } });
    w.post({ seq: 2, messages: [{ type: 'qna-batch' }, { type: 'reactions-batch' }] });
    expect(w.acks).toEqual([]); // lazy, whatever the reports
    w.post({ seq: 4, messages: [{ type: 'chat-batch' }, { type: 'page-snapshot' }], ackNow: true });
    expect(w.acks).toEqual([{ ack: 5 }]);
  });
});

/** A ReportPorts acking lazily over fake timers, and one port's acks with when they went. */
function lazyWorker(ms: number) {
  let now = 0;
  const timers: Array<{ at: number; fn: () => void; live: boolean }> = [];
  const ports = new ReportPorts(() => undefined, {
    ms,
    setTimeout: (fn, wait) => timers.push({ at: now + wait, fn, live: true }) - 1,
    clearTimeout: (h) => void (timers[h as number]!.live = false),
  });
  const advance = (to: number) => {
    for (;;) {
      const next = timers.filter((t) => t.live && t.at <= to).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      now = next.at;
      next.live = false;
      next.fn();
    }
    now = to;
  };
  const acks: Array<{ at: number; ack: number }> = [];
  let onMessage: (m: unknown) => void = () => undefined;
  ports.accept({
    name: reportPortName('s'),
    sender: { id: EXT, tabId: TAB },
    postMessage: (m: { ack: number }) => void acks.push({ at: now, ack: m.ack }),
    onMessage: (l: (m: unknown) => void) => void (onMessage = l),
    onDisconnect: () => undefined,
    disconnect: () => undefined,
  });
  return { acks, advance, post: (m: unknown) => onMessage(m), live: () => timers.filter((t) => t.live).length };
}

describe('ReportPorts: lazy acks', () => {
  it('acks after the gap, once, with the highest number handled; nothing when nothing new came', () => {
    const w = lazyWorker(1_000);
    w.advance(0);
    w.post({ seq: 1, message: { type: 'page-snapshot' } });
    w.advance(100);
    w.post({ seq: 2, message: { type: 'qna-batch' } });
    w.advance(999);
    expect(w.acks).toEqual([]); // no ack per report, not even the first
    w.advance(1_000);
    expect(w.acks).toEqual([{ at: 1_000, ack: 2 }]);
    w.advance(5_000);
    expect(w.acks).toHaveLength(1);
    expect(w.live()).toBe(0); // no timer while nothing waits for an ack
    w.post({ seq: 3, message: { type: 'heartbeat' } });
    w.advance(6_000);
    expect(w.acks).toEqual([{ at: 1_000, ack: 2 }, { at: 6_000, ack: 3 }]);
  });

  it('at 40 reports a second of every kind, the page hears one ack a gap, the last report acked within the gap', () => {
    const w = lazyWorker(ACK_GAP_MS);
    const kinds = ['chat-batch', 'qna-batch', 'reactions-batch', 'page-snapshot'];
    for (let seq = 1; seq <= 200; seq++) {
      w.advance(seq * 25);
      w.post({ seq, message: { type: kinds[seq % kinds.length] } });
    }
    w.advance(200 * 25 + 10_000);
    // 5 s of reports: one ack per ACK_GAP_MS (5 at 1 s), not 200 (one per report).
    expect(w.acks.length).toBeLessThanOrEqual(Math.ceil((200 * 25) / ACK_GAP_MS) + 1);
    for (let i = 1; i < w.acks.length; i++) expect(w.acks[i]!.at - w.acks[i - 1]!.at).toBeGreaterThanOrEqual(ACK_GAP_MS);
    expect(w.acks.at(-1)!.ack).toBe(200);
    expect(w.acks.at(-1)!.at - 200 * 25).toBeLessThanOrEqual(ACK_GAP_MS);
  });
});

describe('ReportPort (content) with a lazily acking ReportPorts (background)', () => {
  let life: AbortController;
  beforeEach(() => {
    vi.useFakeTimers();
    life = new AbortController();
  });
  afterEach(() => vi.useRealTimers());

  const contentOn = (b: ReturnType<typeof fakeBrowser>) =>
    new ReportPort({ connect: b.connect, setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as number), signal: life.signal });
  /** One task of the page: what it sent is posted, what is in flight is delivered. */
  const task = async (b: ReturnType<typeof fakeBrowser>, ms: number) => {
    await vi.advanceTimersByTimeAsync(ms);
    b.deliver();
  };
  const ACTIVE = { id: EXT, tabId: TAB, documentLifecycle: 'active' };

  it('a stream of reports: the page hears about one ack a gap, keeps about a gap of reports, and every one resolves true', async () => {
    const b = fakeBrowser(ACTIVE, ACK_GAP_MS);
    const reports = contentOn(b);
    const results: Promise<boolean>[] = [];
    let most = 0;
    for (let n = 1; n <= 400; n++) {
      results.push(reports.send({ type: n % 3 ? 'chat-batch' : 'qna-batch', n }));
      await task(b, 25); // 40 reports a second for 10 s
      most = Math.max(most, reports.pending);
    }
    await task(b, ACK_GAP_MS);
    b.deliver();
    expect(await Promise.all(results)).toEqual(Array(400).fill(true));
    expect(b.handled).toHaveLength(400);
    // The first post asked for its ack; then one per gap: 10 s → about 11, not 400.
    expect(b.acksHeard).toBeLessThanOrEqual((400 * 25) / ACK_GAP_MS + 2);
    expect(most).toBeLessThanOrEqual(ACK_GAP_MS / 25 + 2);
  });

  it('asks for its ack at once when its queue grows past ASK_ACK_AT: the queue stays bounded however long the gap', async () => {
    const b = fakeBrowser(ACTIVE, 60_000);
    const reports = contentOn(b);
    let most = 0;
    for (let n = 1; n <= 1_000; n++) {
      void reports.send({ n });
      await task(b, 1);
      most = Math.max(most, reports.pending);
    }
    expect(b.handled).toHaveLength(1_000);
    expect(most).toBeLessThanOrEqual(ASK_ACK_AT + 1);
    // An ack per ASK_ACK_AT reports or so, not one per report.
    expect(b.acksHeard).toBeLessThanOrEqual(1_000 / (ASK_ACK_AT - 10) + 2);
  });

  it('loses nothing when the port drops with reports handled but not yet acked: sent again, handled once, acked at once', async () => {
    const b = fakeBrowser(ACTIVE, ACK_GAP_MS);
    const reports = contentOn(b);
    const results: Promise<boolean>[] = [];
    for (let n = 1; n <= 5; n++) {
      results.push(reports.send({ n }));
      await task(b, 10);
    }
    await task(b, ACK_GAP_MS); // the first post's ack (asked for) came; the rest wait for the gap
    results.push(reports.send({ n: 6 }), reports.send({ n: 7 }));
    await task(b, 10); // 6–7 handled, their ack not yet due
    expect(reports.pending).toBe(2);
    b.dropPort(); // a bfcache round trip: the worker lives on, its memory too
    b.deliver();
    await task(b, 0); // a new port: 6–7 sent again, asking for their ack at once
    b.deliver();
    expect(reports.pending).toBe(0);
    expect(await Promise.all(results)).toEqual(Array(7).fill(true));
    expect(b.handled.map((m) => (m as { n: number }).n)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('loses nothing when the worker stops with reports not yet acked: the next worker hears them again, and what follows', async () => {
    const b = fakeBrowser(ACTIVE, ACK_GAP_MS);
    const reports = contentOn(b);
    const results: Promise<boolean>[] = [];
    results.push(reports.send({ n: 1 }));
    await task(b, 10); // acked at once (a new port's first post)
    for (let n = 2; n <= 5; n++) {
      results.push(reports.send({ n }));
      await task(b, 10);
    }
    expect(reports.pending).toBe(4); // handled, their ack not yet due
    b.stopWorker(); // the ack timer and the worker's memory go with it
    b.deliver();
    results.push(reports.send({ n: 6 }));
    await task(b, 0);
    b.deliver();
    expect(reports.pending).toBe(0);
    expect(await Promise.all(results)).toEqual(Array(6).fill(true));
    // 2–5 were handled by the first worker and, unacked, once more by the next (states: no change).
    expect(b.handled.map((m) => (m as { n: number }).n)).toEqual([1, 2, 3, 4, 5, 2, 3, 4, 5, 6]);
  });
});
