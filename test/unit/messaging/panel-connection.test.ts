import { describe, expect, it, vi } from 'vitest';
import { connectPanel, type PanelConnectionDeps, type PortLike } from '@/lib/messaging/panel-connection';
import type { BackgroundToPanel, PanelToBackground } from '@/lib/contracts/protocol';
import { PanelHub, type PanelHubDeps, type PanelPort } from '@/lib/session/panel-hub';
import { quietHubDeps } from '../hub-deps';

/** A fake runtime: ports to one background hub, which the test can cut and whose acks it can lose. */
function fakeRuntime() {
  const applied: PanelToBackground[] = [];
  const deps = quietHubDeps({
    activeTabOf: async () => ({ tabId: 1 }) as Awaited<ReturnType<PanelHubDeps['activeTabOf']>>,
    tabUrl: async () => undefined,
    onQnaAction: async (_tabId: number, action: unknown) => void applied.push({ type: 'qna-action', tabId: 1, action } as PanelToBackground),
  });
  const hub = new PanelHub(deps);
  const timers: Array<() => void> = [];
  const delays: number[] = [];
  let up = true;
  let loseAcks = false;
  let current: { cut(): void } | null = null;
  let ids = 0;
  const runtime: PanelConnectionDeps = {
    newId: () => `i${++ids}`,
    setTimeout: (fn, ms) => {
      delays.push(ms);
      timers.push(fn);
    },
    connect(): PortLike {
      if (!up) throw new Error('Could not establish connection');
      const toPanel: Array<(m: unknown) => void> = [];
      const onDisconnect: Array<() => void> = [];
      let open = true;
      const background: PanelPort = {
        postMessage: (m: BackgroundToPanel) => {
          if (!open || (loseAcks && m.type === 'ack')) return;
          queueMicrotask(() => toPanel.forEach((fn) => fn(structuredClone(m))));
        },
      };
      hub.connect(background);
      current = {
        cut() {
          open = false;
          hub.disconnect(background);
          onDisconnect.forEach((fn) => fn());
        },
      };
      return {
        postMessage(m) {
          if (!open) throw new Error('Attempting to use a disconnected port object');
          void hub.onMessage(background, structuredClone(m));
        },
        disconnect: () => current?.cut(),
        onMessage: { addListener: (fn) => void toPanel.push(fn) },
        onDisconnect: { addListener: (fn) => void onDisconnect.push(fn) },
      };
    },
  };
  return {
    runtime,
    applied,
    cut: () => current?.cut(),
    setUp: (value: boolean) => (up = value),
    loseAcks: (value: boolean) => (loseAcks = value),
    runTimers: () => timers.splice(0).forEach((fn) => fn()),
    delays,
  };
}

const approve = (questionId: string) => ({ type: 'qna-action', tabId: 1, action: { kind: 'approve', questionId } }) as const;

describe('panel connection', () => {
  it('queues intents while the port is down, shows them as unsent, and sends them in order on reconnect', async () => {
    const rt = fakeRuntime();
    const unacked: Array<readonly string[]> = [];
    const connection = connectPanel({ type: 'follow', tabId: 1 }, () => undefined, () => undefined, (ids) => void unacked.push(ids), rt.runtime);
    connection.send(approve('a'));
    await vi.waitFor(() => expect(connection.unacked()).toEqual([]));
    rt.setUp(false);
    rt.cut();
    connection.send(approve('b'));
    connection.send(approve('c'));
    expect(connection.unacked()).toEqual(['i2', 'i3']);
    expect(unacked.at(-1)).toEqual(['i2', 'i3']);
    rt.runTimers(); // the worker is still down: the retry fails and waits again
    expect(rt.applied.map((m) => (m as { action: { questionId: string } }).action.questionId)).toEqual(['a']);
    rt.setUp(true);
    rt.runTimers();
    await vi.waitFor(() => expect(connection.unacked()).toEqual([]));
    expect(rt.applied.map((m) => (m as { action: { questionId: string } }).action.questionId)).toEqual(['a', 'b', 'c']);
  });

  it('does not apply an intent twice when it arrived but its ack was lost', async () => {
    const rt = fakeRuntime();
    const connection = connectPanel({ type: 'follow', tabId: 1 }, () => undefined, () => undefined, undefined, rt.runtime);
    rt.loseAcks(true);
    connection.send(approve('a'));
    await vi.waitFor(() => expect(rt.applied).toHaveLength(1));
    expect(connection.unacked()).toEqual(['i1']);
    rt.cut();
    rt.loseAcks(false);
    rt.runTimers();
    await vi.waitFor(() => expect(connection.unacked()).toEqual([]));
    expect(rt.applied).toHaveLength(1);
  });

  it('after a worker stop, reconnects with no wait and gets the tab and its Q&A again without any new question', async () => {
    const rt = fakeRuntime();
    const received: BackgroundToPanel[] = [];
    connectPanel({ type: 'follow', tabId: 1 }, (m) => void received.push(m), () => undefined, undefined, rt.runtime);
    await vi.waitFor(() => expect(received.some((m) => m.type === 'qna')).toBe(true));
    received.length = 0;
    rt.cut(); // the worker stopped: every port closed
    expect(rt.delays).toEqual([0]);
    rt.runTimers();
    await vi.waitFor(() => expect(received.map((m) => m.type)).toEqual(expect.arrayContaining(['tab', 'qna'])));
  });

  it('passes the background\'s other messages on, and keeps acks to itself', async () => {
    const rt = fakeRuntime();
    const received: BackgroundToPanel[] = [];
    const connection = connectPanel({ type: 'follow', tabId: 1 }, (m) => void received.push(m), () => undefined, undefined, rt.runtime);
    connection.send(approve('a'));
    await vi.waitFor(() => expect(connection.unacked()).toEqual([]));
    expect(received.some((m) => m.type === 'tab')).toBe(true);
    expect(received.some((m) => m.type === 'ack')).toBe(false);
  });
});

describe('the background remembers intents across a worker restart', () => {
  it('an intent handled by the old worker, whose ack was lost, is not applied again by the new one', async () => {
    let saved: string[] = [];
    const intentLog = { load: async () => saved, save: async (ids: string[]) => void (saved = ids) };
    const handled: string[] = [];
    const make = () =>
      new PanelHub({
        onQnaAction: async (_t: number, a: { questionId: string }) => void handled.push(a.questionId),
        intentLog,
      } as unknown as PanelHubDeps);
    const port = { postMessage: vi.fn() };
    const first = make();
    first.connect(port);
    await first.onMessage(port, { ...approve('a'), intentId: 'x1' });
    const restarted = make();
    restarted.connect(port);
    port.postMessage.mockClear();
    await restarted.onMessage(port, { ...approve('a'), intentId: 'x1' });
    await restarted.onMessage(port, { ...approve('b'), intentId: 'x2' });
    expect(handled).toEqual(['a', 'b']);
    expect(port.postMessage.mock.calls.map(([m]) => m)).toEqual([{ type: 'ack', id: 'x1' }, { type: 'ack', id: 'x2' }]);
  });
});

describe('panel connection: standing state', () => {
  it('says what the panel shows now, and again after the follow on every reconnect (the last one said)', () => {
    const ports: PanelToBackground[][] = [];
    const cuts: Array<() => void> = [];
    const timers: Array<() => void> = [];
    const connection = connectPanel({ type: 'follow', tabId: 1 }, () => undefined, () => undefined, undefined, {
      newId: () => 'x',
      setTimeout: (fn) => void timers.push(fn),
      connect() {
        const sent: PanelToBackground[] = [];
        ports.push(sent);
        const gone: Array<() => void> = [];
        cuts.push(() => gone.forEach((fn) => fn()));
        return { postMessage: (m) => void sent.push(m), disconnect: () => undefined, onMessage: { addListener: () => undefined }, onDisconnect: { addListener: (fn) => void gone.push(fn) } };
      },
    });
    connection.standing({ type: 'panel-shows', chat: true });
    connection.standing({ type: 'panel-shows', chat: false });
    expect(ports[0]).toEqual([{ type: 'follow', tabId: 1 }, { type: 'panel-shows', chat: true }, { type: 'panel-shows', chat: false }]);
    cuts[0]!(); // the worker stopped
    timers.splice(0).forEach((fn) => fn());
    expect(ports[1]).toEqual([{ type: 'follow', tabId: 1 }, { type: 'panel-shows', chat: false }]);
  });
});
