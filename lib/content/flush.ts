// Leading-edge flushing for the content script's reports (Q&A rows, page snapshots, bridge globals).
//
// A change goes out at once when the pipe is idle: no send in flight and none in the last `minGapMs`.
// Only while a send is in flight, or during a burst (changes closer than `minGapMs`), are changes
// coalesced, and then for at most `maxWaitMs`: a send that never settles (a stopping service worker) does
// not hold the next one back forever. Nothing is lost: a change requested while coalescing sets a pending
// flag, and the pending flush reads the page as it is then.
//
// Once the signal aborts (SPA navigation, widget re-rendered, extension reloaded) nothing fires again,
// not even a flush already scheduled.

export interface FlusherDeps {
  /**
   * Does the work; a returned promise marks the send in flight until it settles. (The watchers return none:
   * a report port send settles only with its lazy ack, up to a second later: lib/messaging/report-port.ts.)
   */
  flush(): Promise<unknown> | void;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
  signal?: AbortSignal;
  /** A burst: changes closer than this after a flush are coalesced into the next one. */
  minGapMs: number;
  /** The longest a change waits behind a send in flight. */
  maxWaitMs: number;
  /**
   * Optional: a change after this long with no change before it is not part of the burst: it goes at once
   * (unless a send is in flight), even inside `minGapMs` of the last flush. A page that changes in steps a
   * little under `minGapMs` apart (a widget listing its messages every 30 ms, a step taking a few ms) is idle
   * between them, and a change waiting out the rest of the gap waited for nothing; on a loaded machine the
   * timer that ends the gap fired tens of ms late. Flushes stay at most one per `quietMs` and one per step.
   */
  quietMs?: number;
}

export class LeadingEdgeFlusher {
  private inFlight = false;
  private pending = false;
  /** When the first change now waiting was requested. */
  private pendingSince = 0;
  private lastFlush = Number.NEGATIVE_INFINITY;
  private timer: unknown = null;
  private timerDue = 0;
  private lastRequest = Number.NEGATIVE_INFINITY;
  /** The change waiting came after a quiet spell (see quietMs): it need not wait for the gap to end. */
  private quietStart = false;

  constructor(private readonly deps: FlusherDeps) {
    deps.signal?.addEventListener('abort', () => this.cancel(), { once: true });
  }

  /** Something changed: flush now if idle, else once the send in flight settles or the burst gap ends. */
  request(): void {
    if (this.deps.signal?.aborted) return;
    const at = this.deps.now();
    if (this.deps.quietMs !== undefined && at - this.lastRequest >= this.deps.quietMs) this.quietStart = true;
    this.lastRequest = at;
    if (!this.pending) {
      this.pending = true;
      this.pendingSince = this.deps.now();
    }
    this.pump();
  }

  /** Flush now whatever is in flight (the background asked for everything again). */
  now(): void {
    if (this.deps.signal?.aborted) return;
    this.pending = true;
    this.pendingSince = Number.NEGATIVE_INFINITY;
    this.pump();
  }

  get busy(): boolean {
    return this.pending || this.inFlight;
  }

  private pump(): void {
    if (!this.pending || this.deps.signal?.aborted) return;
    const now = this.deps.now();
    const gapEnds = this.lastFlush + this.deps.minGapMs;
    const capEnds = this.pendingSince + this.deps.maxWaitMs;
    const due = this.inFlight ? capEnds : this.quietStart ? now : Math.min(gapEnds, capEnds);
    if (now >= due) {
      this.run();
      return;
    }
    if (this.timer !== null) {
      if (this.timerDue === due) return; // a burst: the flush is already set
      this.deps.clearTimeout(this.timer);
    }
    this.timerDue = due;
    this.timer = this.deps.setTimeout(() => {
      this.timer = null;
      this.pump();
    }, due - now);
  }

  private run(): void {
    if (this.timer !== null) {
      this.deps.clearTimeout(this.timer);
      this.timer = null;
    }
    this.pending = false;
    this.quietStart = false;
    this.lastFlush = this.deps.now();
    const result = this.deps.flush();
    if (!result || typeof (result as Promise<unknown>).then !== 'function') return;
    this.inFlight = true;
    const settled = () => {
      this.inFlight = false;
      this.pump();
    };
    (result as Promise<unknown>).then(settled, settled);
  }

  private cancel(): void {
    this.pending = false;
    if (this.timer !== null) this.deps.clearTimeout(this.timer);
    this.timer = null;
  }
}
