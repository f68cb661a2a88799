// The reactions feature of the content script: reads the widget's live reaction counters and reports the
// totals when they change (not a copy of anything else: a handful of numbers), and turns the session's
// reactions on or off through the widget's own switch, confirmed by what the widget shows afterwards.
//
// The widget may render its reactions box outside its root (renderReactions takes its own element), so
// the box is looked for in the root first, then in the root's document; everything else stays in the box.
// Started with { root, signal } by the feature manager; stops observing when the signal aborts.
import type { Feature, FeatureContext } from '../content/features';
import { LeadingEdgeFlusher } from '../content/flush';
import type { ReactionsBatch } from '../contracts/reactions';
import { readField } from './qna-reader';
import { reactionsProfileOf, type ReactionsProfile } from './reactions-profile';

export interface ReactionsFeatureDeps {
  /** Resolves false when the report did not reach the background (it is sent again). */
  send(batch: ReactionsBatch): Promise<boolean>;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

/**
 * Changes closer than this are a burst: one report for them. Every report is a post on the page's main
 * thread at a fixed price (0.2-0.5 ms, most of it the wake-up of the browser's threads it sets off), and a
 * lively audience changes the counters every frame it reacts in (12 a second at 60 audience actions a
 * second): 50 ms here was up to 20 posts a second for a meter that counts per second, 200 ms still 5 (one
 * post in six of ours at 60 actions a second). Two a second at most. The first change after a quiet
 * moment still goes at once.
 */
export const REACTIONS_MIN_GAP_MS = 500;
export const REACTIONS_MAX_WAIT_MS = 600;
/** How often a widget without its reactions box yet is looked at again. */
const FIND_BOX_MS = 2_000;
const CONFIRM_MS = 5_000;
const RETRY_MS = 1_000;

/** Reads the box: type → running total, and what the widget says about reactions being on. */
export function readReactions(box: Element, profile: ReactionsProfile): { totals: Record<string, number>; enabled: boolean | null; canSwitch: boolean } {
  const totals: Record<string, number> = {};
  for (const item of Array.from(box.querySelectorAll(profile.item)).slice(0, 32)) {
    const type = readField(item, profile.type)?.trim().slice(0, 32);
    if (!type) continue;
    const digits = (readField(item, profile.count) ?? '').replace(/[^\d]/g, '');
    totals[type] = digits ? Math.min(Number(digits), Number.MAX_SAFE_INTEGER) : 0;
  }
  const raw = profile.enabled ? readField(box, profile.enabled) : null;
  const enabled = raw === null ? null : raw === profile.enabled!.equals;
  const sw = profile.switch ? (box.querySelector(profile.switch) as HTMLElement | null) : null;
  return { totals, enabled, canSwitch: !!sw && !sw.hidden };
}

/** Whether any record's target is inside `box` (records come in runs with one target: checked once a run). */
function inside(box: Element, records: readonly MutationRecord[]): boolean {
  let last: Node | null = null;
  for (let i = 0; i < records.length; i++) {
    const target = records[i]!.target;
    if (target === last) continue;
    last = target;
    if (box.contains(target)) return true;
  }
  return false;
}

export class ReactionsFeature implements Feature {
  readonly name = 'reactions';
  private ctx: FeatureContext | null = null;
  private profile: ReactionsProfile | undefined;
  private box: Element | null = null;
  private lastSent: string | null = null;
  private flusher: LeadingEdgeFlusher | null = null;

  constructor(private readonly deps: ReactionsFeatureDeps) {}

  start(ctx: FeatureContext): void {
    const profile = reactionsProfileOf(ctx.profileId);
    if (!profile) return;
    this.ctx = ctx;
    this.profile = profile;
    this.box = null;
    this.lastSent = null;
    this.flusher = new LeadingEdgeFlusher({
      flush: () => this.flush(ctx),
      setTimeout: this.deps.setTimeout,
      clearTimeout: this.deps.clearTimeout,
      now: this.deps.now,
      signal: ctx.signal,
      minGapMs: REACTIONS_MIN_GAP_MS,
      maxWaitMs: REACTIONS_MAX_WAIT_MS,
    });
    ctx.signal.addEventListener('abort', () => {
      if (this.ctx === ctx) this.ctx = null;
    });
    this.attach(ctx);
  }

  /** The background lost its copy: report the totals again. */
  rescan(): void {
    this.lastSent = null;
    this.flusher?.now();
  }

  private findBox(ctx: FeatureContext): Element | null {
    const sel = this.profile!.box;
    try {
      return ctx.root.querySelector(sel) ?? ctx.root.ownerDocument.querySelector(sel);
    } catch {
      return null; // an invalid selector in a profile
    }
  }

  /** Observe the box (only the box: the chat's hundreds of changes a second are not ours to see). */
  private attach(ctx: FeatureContext): void {
    if (ctx.signal.aborted) return;
    const box = this.findBox(ctx);
    if (!box) {
      this.deps.setTimeout(() => this.attach(ctx), FIND_BOX_MS);
      return;
    }
    this.box = box;
    const attributes = ['data-kep-enabled', 'data-kep-action', 'hidden', ...(this.profile!.enabled?.attr ? [this.profile!.enabled.attr] : [])];
    let stop = () => {};
    const changed = () => {
      if (!box.isConnected) {
        // The box was replaced under the same widget root: find the new one.
        stop();
        if (this.ctx === ctx) this.attach(ctx);
      }
      this.flusher?.request();
    };
    if (ctx.observe && ctx.root.contains(box)) {
      // Inside the root: the mount's one observer (lib/content/widget-observer.ts), records in the box only.
      stop = ctx.observe({ attributes, onRecords: (records) => (inside(box, records) || !box.isConnected) && changed() });
    } else {
      const observer = new MutationObserver(changed);
      observer.observe(box, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: attributes });
      stop = () => observer.disconnect();
      ctx.signal.addEventListener('abort', stop, { once: true });
    }
    this.flusher?.now();
  }

  private flush(ctx: FeatureContext): void {
    if (ctx.signal.aborted || !this.box || !this.profile) return;
    const read = readReactions(this.box, this.profile);
    const key = JSON.stringify(read);
    if (key === this.lastSent) return;
    this.lastSent = key;
    const batch: ReactionsBatch = { entryId: ctx.entryId, profileId: ctx.profileId, at: this.deps.now(), ...read };
    // Not returned to the flusher as in flight: the report port keeps it until acknowledged (lazily, up to
    // a second later: lib/messaging/report-port.ts), and the next totals need not wait for that.
    void this.deps.send(batch).then((ok) => {
      if (ok || ctx.signal.aborted) return;
      // Not delivered (the port's queue overflowed): the totals go again shortly.
      this.lastSent = null;
      this.deps.setTimeout(() => this.flusher?.request(), RETRY_MS);
    });
  }

  /**
   * Turn the session's reactions on or off with the widget's switch. Resolves once the widget shows the
   * new state; rejects with the reason when it cannot or does not.
   */
  perform(on: boolean): Promise<void> {
    const ctx = this.ctx;
    const profile = this.profile;
    if (!ctx || !profile || ctx.signal.aborted) return Promise.reject(new Error('The CnC widget is not on the page any more.'));
    const box = this.box?.isConnected ? this.box : this.findBox(ctx);
    if (!box) return Promise.reject(new Error('The CnC widget shows no reactions.'));
    const state = () => readReactions(box, profile).enabled;
    if (state() === on) return Promise.resolve();
    const to = profile.switchTo?.[on ? 'on' : 'off'];
    const sw = profile.switch && to ? (box.querySelector(`${profile.switch}${to}`) as HTMLElement | null) : null;
    if (!sw || sw.hidden) return Promise.reject(new Error(`The CnC widget shows no switch to turn reactions ${on ? 'on' : 'off'}.`));
    sw.click();
    return new Promise((resolve, reject) => {
      const started = this.deps.now();
      const check = () => {
        if (state() === on) return resolve();
        if (ctx.signal.aborted) return reject(new Error('The CnC widget went away before it confirmed.'));
        if (this.deps.now() - started > CONFIRM_MS) return reject(new Error(`The widget did not show reactions ${on ? 'on' : 'off'} within ${CONFIRM_MS / 1000} s.`));
        this.deps.setTimeout(check, 100);
      };
      check();
    });
  }
}
