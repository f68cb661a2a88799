// The content script's side of the report port (lib/messaging/report-port.ts says what it is and why).
//
// Every report is numbered and kept until the background acknowledges it. While the port is down (not
// yet opened, the service worker stopped, the page was in the bfcache) reports queue; the port is opened
// again as soon as there is something to send, and everything unacknowledged goes again, in order. The
// background ignores a number it has handled, so a report sent twice is handled once.
//
// Reports ready in the same task go as one post (an envelope of several: lib/messaging/report-port.ts):
// a report is posted in a microtask of the task that sent it, with every other report sent before that
// microtask runs. The watchers' observers are called one after the other in one microtask of the page
// (the chat's, the reactions', the Q&A's and the page watcher's after the widget's render), and each post
// costs the page's main thread a fixed 0.2-0.5 ms whatever it carries. No report waits longer than its own
// task: a report alone goes as it did, only at the end of the task's synchronous work.
//
// Acks come lazily (at most one a gap: lib/messaging/report-port.ts), so nothing should wait on `send`'s
// promise to send the next report: it resolves up to a gap later. A post asks for its ack at once
// (`ackNow`) when it is a new port's first (the queue sent again after a drop: the port is known to work,
// and what it carried is freed) or when the queue has grown past ASK_ACK_AT, once until the next ack.
//
// The port is not reopened while nothing waits: a service worker stopped for idleness stays stopped until
// the page has something to say (the heartbeat wakes it now and then while a session is attached).
import { ASK_ACK_AT, isReportAck, MAX_REPORTS_PER_POST, type ReportEnvelope } from '../messaging/report-port';

export interface ReportPortLike {
  postMessage(message: ReportEnvelope): void;
  onMessage(listener: (message: unknown) => void): void;
  onDisconnect(listener: () => void): void;
  disconnect(): void;
}

export interface ReportPortDeps {
  /** Opens a port (throws when the extension context is gone). */
  connect(): ReportPortLike;
  /** null when a port may open now, else when it may (a prerendered page: once shown). */
  whenShown?(): Promise<void> | null;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** The content script's life: once aborted nothing is sent and every waiting report resolves false. */
  signal: AbortSignal;
  /** Reports kept while the port is down; beyond it the oldest resolves false (its sender re-reads). */
  maxQueued?: number;
}

/**
 * Waits before opening a port again, by how many in a row failed (could not open, or closed before any
 * ack). The first goes at once: a worker that stopped mid-burst took the acks in flight with it, and its
 * successor should hear the burst now. Then backing off: a worker failing to start is not hammered.
 */
const RETRY_MS = [0, 0, 100, 500, 2_000, 5_000];
const MAX_QUEUED = 2_000;

interface Waiting {
  seq: number;
  message: unknown;
  resolve(delivered: boolean): void;
}

export class ReportPort {
  private seq = 0;
  private readonly waiting: Waiting[] = [];
  private port: ReportPortLike | null = null;
  private opening = false;
  private retryTimer: unknown = null;
  /** Ports in a row that closed before any ack: the next open waits RETRY_MS[failures]. */
  private failures = 0;
  private ackedOnThisPort = false;
  /** The highest report number posted on the current port (later ones wait for the microtask's post). */
  private posted = 0;
  /** An ack was asked for at once (ackNow) on this port and has not come yet: not asked again meanwhile. */
  private askedAck = false;
  private postQueued = false;
  private readonly riders = new Set<() => void>();

  constructor(private readonly deps: ReportPortDeps) {
    deps.signal.addEventListener('abort', () => this.close(), { once: true });
  }

  /**
   * Resolves true once the background acknowledged it (up to its ack gap later: nothing should wait on this
   * to send again), false when it never will (the script's life ended, or the queue overflowed).
   */
  send(message: unknown): Promise<boolean> {
    if (this.deps.signal.aborted) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const entry: Waiting = { seq: ++this.seq, message, resolve };
      this.waiting.push(entry);
      const max = this.deps.maxQueued ?? MAX_QUEUED;
      while (this.waiting.length > max) this.waiting.shift()!.resolve(false);
      if (this.port) this.queuePost();
      else this.open();
    });
  }

  /**
   * `ride` is called whenever a post is about to go, before its envelope is made: a sender holding a report
   * back to save a post (the chat's messages held for company) sends it then, in the same envelope, for
   * free. Returns the removal.
   */
  addRider(ride: () => void): () => void {
    this.riders.add(ride);
    return () => void this.riders.delete(ride);
  }

  /** Reports sent and not yet acknowledged. */
  get pending(): number {
    return this.waiting.length;
  }

  get connected(): boolean {
    return this.port !== null;
  }

  /** Posts what is not posted yet once this task's synchronous work is done (see the file comment). */
  private queuePost(): void {
    if (this.postQueued) return;
    this.postQueued = true;
    // A promise's microtask, not queueMicrotask: the same turn, and never faked by a test's timers.
    void Promise.resolve().then(() => {
      // Riders first, while a post is queued: what they send joins this post, not a post of its own.
      if (this.port && !this.deps.signal.aborted) {
        for (const ride of [...this.riders]) {
          try {
            ride();
          } catch {
            // a rider's failure is its own: this post goes all the same
          }
        }
      }
      this.postQueued = false;
      this.postWaiting();
    });
  }

  /** Posts every waiting report not yet posted on this port, up to MAX_REPORTS_PER_POST an envelope. */
  private postWaiting(): void {
    // The ones not posted are the newest (numbers run on without gaps): found from the end.
    let start = this.waiting.length;
    while (start > 0 && this.waiting[start - 1]!.seq > this.posted) start--;
    // The ack is asked for on the last envelope of this post (cumulative: it covers the ones before).
    const ask = !this.askedAck && (this.posted === 0 || this.waiting.length >= ASK_ACK_AT);
    for (let i = start; i < this.waiting.length && this.port; i += MAX_REPORTS_PER_POST) {
      const chunk = this.waiting.slice(i, i + MAX_REPORTS_PER_POST);
      const envelope: ReportEnvelope = chunk.length === 1 ? { seq: chunk[0]!.seq, message: chunk[0]!.message } : { seq: chunk[0]!.seq, messages: chunk.map((e) => e.message) };
      const last = i + MAX_REPORTS_PER_POST >= this.waiting.length;
      if (ask && last) envelope.ackNow = true;
      if (!this.post(envelope)) return;
      if (ask && last) this.askedAck = true;
      this.posted = chunk.at(-1)!.seq;
    }
  }

  /** False when the port turned out closed (the reports wait for the next one). */
  private post(envelope: ReportEnvelope): boolean {
    const port = this.port;
    if (!port) return false;
    try {
      port.postMessage(envelope);
      return true;
    } catch {
      // The port closed under us (its onDisconnect may never come, or the context is gone).
      this.dropPort();
      return false;
    }
  }

  private open(): void {
    if (this.port || this.opening || this.retryTimer !== null || this.deps.signal.aborted || !this.waiting.length) return;
    const shown = this.deps.whenShown?.() ?? null;
    if (shown) {
      this.opening = true;
      void shown.then(() => {
        this.opening = false;
        this.open();
      });
      return;
    }
    const wait = RETRY_MS[Math.min(this.failures, RETRY_MS.length - 1)]!;
    if (wait > 0) {
      this.retryTimer = this.deps.setTimeout(() => {
        this.retryTimer = null;
        this.connectNow();
      }, wait);
      return;
    }
    this.connectNow();
  }

  private connectNow(): void {
    if (this.port || this.deps.signal.aborted || !this.waiting.length) return;
    let port: ReportPortLike;
    try {
      port = this.deps.connect();
    } catch {
      // The extension context is gone (reloaded, updated): the life signal aborts; until then, retry.
      this.failures++;
      this.open();
      return;
    }
    this.port = port;
    this.ackedOnThisPort = false;
    this.askedAck = false;
    port.onMessage((m) => {
      if (this.port !== port || !isReportAck(m)) return;
      this.ackedOnThisPort = true;
      this.askedAck = false;
      this.failures = 0;
      while (this.waiting.length && this.waiting[0]!.seq <= m.ack) this.waiting.shift()!.resolve(true);
    });
    port.onDisconnect(() => {
      if (this.port !== port) return;
      this.dropPort();
    });
    // Everything unacknowledged goes again (in envelopes, in order) at the end of this task, with whatever
    // else this task sends.
    this.posted = 0;
    this.queuePost();
  }

  private dropPort(): void {
    if (!this.port) return;
    if (!this.ackedOnThisPort) this.failures++;
    this.port = null;
    // Whatever was not acknowledged goes again over the next port (at once if the last one worked).
    this.open();
  }

  private close(): void {
    if (this.retryTimer !== null) this.deps.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const port = this.port;
    this.port = null;
    try {
      port?.disconnect();
    } catch {
      // already closed
    }
    for (const entry of this.waiting.splice(0)) entry.resolve(false);
  }
}
