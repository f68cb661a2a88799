// One pending save per manager, due at the soonest time asked for: a change that must be saved soon (a
// moderator's command) moves a later save (messages alone, saved at a slower pace) earlier, never later.
// Each save is a storage.session.set, ~1.8 ms of the worker's time whatever its size: the pace of saves,
// not their bytes, is what costs.

export interface SaveTimerDeps {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout?(handle: unknown): void;
}

export class SaveTimer {
  private handle: unknown = null;
  private pending = false;
  private due = 0;
  /** Bumped on every (re)schedule and run: a moved timer that could not be cleared does nothing. */
  private token = 0;

  constructor(
    private readonly deps: SaveTimerDeps,
    private readonly run: () => void,
  ) {}

  /** Runs `run` at most `ms` from now (sooner if a save is already due sooner). */
  within(ms: number): void {
    const due = this.deps.now() + ms;
    if (this.pending && this.due <= due) return;
    if (this.pending && this.handle !== null) this.deps.clearTimeout?.(this.handle);
    this.pending = true;
    this.due = due;
    const token = ++this.token;
    this.handle = null;
    const handle = this.deps.setTimeout(() => {
      if (token !== this.token) return;
      this.fired();
      this.run();
    }, ms);
    if (token === this.token && this.pending) this.handle = handle ?? null;
  }

  /** A save ran (by the timer, or called directly): nothing is pending any more. */
  fired(): void {
    this.pending = false;
    this.handle = null;
    this.token++;
  }
}
