// Lets a feature's report wait for a post that is coming anyway: while another feature holds reports for
// company (the chat, flowing at a moderate rate, holds its messages up to CHAT_HOLD_MS: chat-watcher.ts),
// a report that may wait joins that hold and goes in the same post.
//
// Every post costs the event page's main thread about a third of a millisecond on this machine, whatever
// it carries (measured in the page: 0.37 ms a post at 200 chat messages a second, 0.42 ms at 60 audience
// actions a second), most of it the wake-up of the browser's threads that carry it. At 60 audience actions
// a second the Q&A posted ~7 times a second besides the chat's posts, one or two questions each. A report
// waits only when a hold is open, so nothing waits longer than the chat's messages already do, and a Q&A
// alone (no chat flowing) goes at once as before. What waits goes with the next post of any feature
// (ReportPort.addRider), before a report that does not wait (order kept), when the open hold ends, or
// when the content script's life ends.

export interface CompanyDeps {
  /** Sends one report now (ReportPort.send): resolves true once handled, false when it never will be. */
  post(message: unknown): Promise<boolean>;
  /** Called before each post of the report port; returns the removal (ReportPort.addRider). */
  riding(ride: () => void): () => void;
  /** When the hold now open ends (a time from `now`), or null when none is open. */
  openUntil(): number | null;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
  signal: AbortSignal;
}

/** After the open hold's end, in case its own post did not come (it then comes by this timer). */
const SLACK_MS = 5;

export class Company {
  private waiting: Array<{ message: unknown; resolve(delivered: Promise<boolean>): void }> = [];
  private timer: unknown = null;
  /** The end of the hold the timer was set for. */
  private timerFor = 0;

  constructor(private readonly deps: CompanyDeps) {
    const offRide = deps.riding(() => this.release());
    deps.signal.addEventListener(
      'abort',
      () => {
        offRide();
        this.release();
      },
      { once: true },
    );
  }

  /** Sends `message` now, or, when it `mayWait` and a hold is open, with that hold's post. */
  send(message: unknown, mayWait: boolean): Promise<boolean> {
    const until = mayWait && !this.deps.signal.aborted ? this.deps.openUntil() : null;
    const now = this.deps.now();
    if (until === null || until <= now) {
      this.release(); // what waits goes first: reports keep their order
      return this.deps.post(message);
    }
    // One timer per open hold (the reports joining it share it), set again only when the hold changed.
    if (this.timer === null || this.timerFor !== until) {
      if (this.timer !== null) this.deps.clearTimeout(this.timer);
      this.timerFor = until;
      this.timer = this.deps.setTimeout(() => {
        this.timer = null;
        this.release();
      }, until - now + SLACK_MS);
    }
    return new Promise<boolean>((resolve) => this.waiting.push({ message, resolve }));
  }

  /** Sends everything waiting now, oldest first. */
  release(): void {
    if (this.timer !== null) this.deps.clearTimeout(this.timer);
    this.timer = null;
    if (!this.waiting.length) return;
    const waiting = this.waiting;
    this.waiting = [];
    for (const w of waiting) w.resolve(this.deps.post(w.message));
  }
}
