// The side panel's line to the background: a port that reconnects by itself, because a stopped
// service worker (Chrome) or unloaded event page (Firefox) closes every port.
// Every intent (an action, a setting) gets an id and stays queued until the background acknowledges it:
// while the port is down intents wait and go out, in order, on reconnect; one whose ack was lost is sent
// again and the background, which remembers recent ids, does not apply it twice. Nothing is dropped.
import { browser } from 'wxt/browser';
import { markOnce } from '../platform/timeline';
import { PANEL_PORT, type BackgroundToPanel, type PanelIntent, type PanelToBackground } from '../contracts/protocol';

export interface PanelConnection {
  /** Queues the intent and sends it when the port is up; returns its id. */
  send(message: PanelIntent): string;
  /**
   * Says a standing state of the panel (what it shows): sent now, and again right after the follow on every
   * reconnect (a new worker knows nothing of it). One per message type: a later one replaces it.
   */
  standing(message: PanelToBackground): void;
  /** Ids of intents not yet acknowledged, oldest first. */
  unacked(): string[];
  close(): void;
}

/** The part of a runtime port the connection uses (a fake in tests). */
export interface PortLike {
  postMessage(message: PanelToBackground): void;
  disconnect(): void;
  onMessage: { addListener(fn: (message: unknown) => void): void };
  onDisconnect: { addListener(fn: () => void): void };
}

export interface PanelConnectionDeps {
  connect(): PortLike;
  newId(): string;
  setTimeout(fn: () => void, ms: number): unknown;
  /** Runs fn once what the messages so far changed is drawn (the next frame), or soon if no frame comes. */
  afterPaint?(fn: () => void): void;
}

/** A hidden page draws no frames: the head counts as drawn after this long anyway. */
const NO_FRAME_MS = 100;

/** After the next frame is painted (rAF runs before the paint, a task queued from it after), or NO_FRAME_MS. */
function afterNextPaint(fn: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    fn();
  };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(once, 0));
  setTimeout(once, NO_FRAME_MS);
}

/**
 * Waits before each reconnect attempt since the last message heard. The first is 0: a stopped service
 * worker starts again when the panel connects, so waiting first only delays the queue coming back.
 */
const RETRY_MS = [0, 100, 250, 500, 1000, 2000];

const browserDeps = (): PanelConnectionDeps => ({
  connect: () => browser.runtime.connect({ name: PANEL_PORT }) as unknown as PortLike,
  newId: () => crypto.randomUUID(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  afterPaint: afterNextPaint,
});

export function connectPanel(
  follow: PanelToBackground & { type: 'follow' },
  onMessage: (message: BackgroundToPanel) => void,
  onConnected: (connected: boolean) => void,
  /** The ids of intents not yet acknowledged, each time they change (a view shows "not yet sent"). */
  onUnacked: (ids: readonly string[]) => void = () => undefined,
  deps: PanelConnectionDeps = browserDeps(),
): PanelConnection {
  let port: PortLike | null = null;
  let closed = false;
  let attempt = 0;
  const queue: Array<{ id: string; message: PanelToBackground }> = [];
  const standing = new Map<string, PanelToBackground>();

  const post = (message: PanelToBackground): boolean => {
    if (!port) return false;
    try {
      port.postMessage(message);
      return true;
    } catch {
      return false; // the port closed under us; its disconnect handler reconnects and the queue goes again
    }
  };

  const open = () => {
    if (closed) return;
    let opened: PortLike;
    try {
      opened = deps.connect();
    } catch {
      retry();
      return;
    }
    port = opened;
    markOnce('panel-port-opened');
    opened.onMessage.addListener((raw) => {
      attempt = 0;
      onConnected(true);
      const message = raw as BackgroundToPanel;
      if (message.type === 'ack') {
        const index = queue.findIndex((q) => q.id === message.id);
        if (index >= 0) {
          queue.splice(index, 1);
          onUnacked(queue.map((q) => q.id));
        }
        return;
      }
      if (message.type === 'qna') markOnce('panel-snapshot-received');
      if (message.type === 'qna-head') markOnce('panel-head-received');
      onMessage(message);
      if (message.type === 'qna') markOnce('panel-snapshot-applied');
      if (message.type === 'qna-head') {
        markOnce('panel-head-applied');
        // The background holds the rest of the snapshot until the head is drawn (its reading here would
        // come before the head's first render): say so once it is, on the port it came by.
        const tabId = message.tabId;
        (deps.afterPaint ?? ((fn) => deps.setTimeout(fn, 0)))(() => {
          if (port !== opened) return; // a new port: the new worker sends the head again
          markOnce('panel-head-shown');
          post({ type: 'qna-head-shown', tabId });
        });
      }
    });
    opened.onDisconnect.addListener(() => {
      if (port !== opened) return;
      port = null;
      onConnected(false);
      retry();
    });
    // Say what to follow first; the background answers with the tab's record. Then what the panel shows,
    // and what still waits.
    if (!post(follow)) return;
    for (const message of standing.values()) if (!post(message)) return;
    for (const { message } of queue) if (!post(message)) return;
  };
  const retry = () => {
    if (closed) return;
    deps.setTimeout(open, RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]!);
  };

  open();
  return {
    send(intent) {
      const id = deps.newId();
      const message = { ...intent, intentId: id } as PanelToBackground;
      queue.push({ id, message });
      onUnacked(queue.map((q) => q.id));
      post(message);
      return id;
    },
    standing(message) {
      standing.set(message.type, message);
      post(message);
    },
    unacked: () => queue.map((q) => q.id),
    close() {
      closed = true;
      port?.disconnect();
    },
  };
}
