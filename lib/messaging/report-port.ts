// The content script's reports (page snapshots, Q&A / chat / reactions batches, heartbeats) travel over
// one long-lived runtime port per content-script instance, not one runtime.sendMessage each: a
// sendMessage opens and closes a channel every call (about half a millisecond of the page's main thread
// in Chromium, whatever the message's size), a post on an open port is a fraction of that.
//
// The port is named `cnc-report:<instance>` (a random id per content-script instance). Each report is
// numbered; the background acknowledges the highest number it has handled (cumulative), lazily: at most
// one ack per port every ACK_GAP_MS, or at once when the content side asks (see AckCoalescing). The content side
// (lib/content/report-port.ts) keeps every report until it is acknowledged and, after the port drops (the
// service worker stopped, the page came back from the bfcache), sends the unacknowledged ones again over a
// new port: none is lost. The background remembers, per instance, the highest number it handled and
// answers a number it has seen with its ack alone: none is handled twice while the worker lives. (A report
// handled just before the worker died, whose ack was lost with it, is handled again by the next worker:
// every report is a state, not a delta — rows by id, running totals — so handling one twice changes
// nothing.)
//
// The messages themselves are exactly those sendMessage carried (ContentToBackground), and they reach the
// same listener with the same sender fields (lib/platform/report-port.ts maps the port's sender), so the
// background checks them as it checks a sendMessage: our extension, a tab, the tab's active document.
import type { MessageSender } from '../background/deps';

export const REPORT_PORT = 'cnc-report';

/**
 * content → background over the report port: one report, or several numbered in a row from `seq` (the
 * reports the content script had ready in one task: the chat, Q&A, reactions and page watchers each
 * reporting in the same turn of the page made a post each, at a fixed price of 0.2-0.5 ms of the page's
 * main thread per post). The background unpacks several into the same handlers, in order, as if each had
 * come alone.
 */
export type ReportEnvelope = ({ seq: number; message: unknown } | { seq: number; messages: unknown[] }) & {
  /** The content side asks for its ack at once (a new port, or a queue grown long): see AckCoalescing. */
  ackNow?: true;
};

/** The most reports one envelope carries (a queue sent again after a reconnect goes in several). */
export const MAX_REPORTS_PER_POST = 50;

/** background → content: every report numbered up to `ack` was handled. */
export interface ReportAck {
  ack: number;
}

export const reportPortName = (instance: string) => `${REPORT_PORT}:${instance}`;

const INSTANCE = /^[A-Za-z0-9-]{1,64}$/;

/** The instance id of a report port's name, or null when the name is not a report port's. */
export function reportInstanceOf(name: string): string | null {
  if (!name.startsWith(`${REPORT_PORT}:`)) return null;
  const instance = name.slice(REPORT_PORT.length + 1);
  return INSTANCE.test(instance) ? instance : null;
}

export function isReportAck(m: unknown): m is ReportAck {
  return typeof m === 'object' && m !== null && Number.isSafeInteger((m as ReportAck).ack);
}

/** The reports an envelope carries, as [seq, message] in order; null when it is not an envelope. */
export function reportsOf(m: unknown): Array<[number, unknown]> | null {
  if (typeof m !== 'object' || m === null) return null;
  const seq = (m as { seq?: unknown }).seq;
  if (!Number.isSafeInteger(seq) || (seq as number) <= 0) return null;
  if ('message' in m) return [[seq as number, (m as { message: unknown }).message]];
  const messages = (m as { messages?: unknown }).messages;
  if (!Array.isArray(messages) || !messages.length || messages.length > MAX_REPORTS_PER_POST) return null;
  if (!Number.isSafeInteger((seq as number) + messages.length)) return null;
  return messages.map((message, i) => [(seq as number) + i, message]);
}

/** A report port as the background sees it (the browser's port, mapped in lib/platform/report-port.ts). */
export interface ReportPortEnd {
  name: string;
  /** Who opened it, as a sendMessage's sender is given to the background, plus the frame. */
  sender: MessageSender & { frameId?: number };
  postMessage(message: ReportAck): void;
  onMessage(listener: (message: unknown) => void): void;
  onDisconnect(listener: () => void): void;
  disconnect(): void;
}

/**
 * Acks are lazy: the first report handled after an ack starts a timer of `ms`, and when it fires one ack of
 * the highest number handled goes; so at most one ack per port every `ms`, however many reports. Each ack is
 * a browser IPC (routed by the browser's main thread) and a task on the event page's main thread, where the
 * content script hears it; one per report was ~7 tasks a second at 60 audience actions a second.
 *
 * An envelope marked `ackNow` is acked at once (and covers every report before it, acks being cumulative):
 * the content side asks on a new port's first post (its queue sent again after a drop, or its first report)
 * and when its queue has grown long (lib/content/report-port.ts). Nothing on the content side waits on an
 * ack to send the next report (the watchers do not hold a change behind one), so a later ack costs only
 * memory there, and, should the worker stop inside the gap, the reports of that gap handled again by the
 * next worker, which is harmless (see above).
 */
export interface AckCoalescing {
  ms: number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * The background's gap between acks. The cost of a longer gap: the content script keeps up to a gap's
 * reports (a few dozen at 200 chat messages a second; its queue holds 2,000 and asks for an ack past
 * ASK_ACK_AT), and after a worker stop the next worker handles up to a gap's reports again (states: no change).
 */
export const ACK_GAP_MS = 1_000;

/** Unacknowledged reports past which the content side asks for its ack at once (well under its queue's bound). */
export const ASK_ACK_AT = 100;

/** How many content-script instances' last report numbers the background remembers. */
const INSTANCES_REMEMBERED = 1_000;

/**
 * The background's side: one per worker life. `deliver` is the listener sendMessage reports reach (it
 * checks the sender). Returns false for a port that is not a report port (another listener's).
 */
export class ReportPorts {
  /** Instance → the highest report number handled (insertion order = least recently used first). */
  private readonly handled = new Map<string, number>();

  constructor(
    private readonly deliver: (message: unknown, sender: MessageSender) => void,
    private readonly coalesce: AckCoalescing | null = null,
  ) {}

  accept(port: ReportPortEnd): boolean {
    const instance = reportInstanceOf(port.name);
    if (instance === null) return false;
    // Our content script runs in the top frame only (no allFrames, and executeScript targets the tab's
    // top frame): a report port from a subframe is not ours to hear.
    if (port.sender.frameId !== undefined && port.sender.frameId !== 0) {
      port.disconnect();
      return true;
    }
    const sender: MessageSender = { id: port.sender.id, tabId: port.sender.tabId, documentLifecycle: port.sender.documentLifecycle };
    const ack = this.acker(port);
    port.onMessage((m) => {
      const reports = reportsOf(m);
      if (!reports) return;
      let highest = 0;
      for (const [seq, message] of reports) {
        const last = this.handled.get(instance) ?? 0;
        highest = Math.max(highest, seq, last);
        if (seq <= last) continue;
        this.handled.delete(instance);
        this.handled.set(instance, seq);
        if (this.handled.size > INSTANCES_REMEMBERED) this.handled.delete(this.handled.keys().next().value!);
        try {
          this.deliver(message, sender);
        } catch {
          // A listener's failure is that listener's: the report was heard, and is acknowledged (sending it
          // again would fail the same way, forever).
        }
      }
      // Cumulative: one ack later covers this envelope (at once when the content side asks).
      ack(highest, (m as { ackNow?: unknown }).ackNow === true);
    });
    return true;
  }

  /** Posts acks on one port: at once without coalescing (tests), else lazily (see AckCoalescing). */
  private acker(port: ReportPortEnd): (n: number, now: boolean) => void {
    const post = (n: number) => {
      try {
        port.postMessage({ ack: n });
      } catch {
        // The port closed meanwhile: the content side sends the report again on its next port.
      }
    };
    const c = this.coalesce;
    if (!c) return post;
    let timer: unknown = null;
    let sent = 0;
    let highest = 0;
    const flush = () => {
      if (timer !== null) c.clearTimeout(timer);
      timer = null;
      if (highest <= sent) return;
      sent = highest;
      post(highest);
    };
    port.onDisconnect(() => {
      if (timer !== null) c.clearTimeout(timer);
      timer = null;
    });
    return (n, now) => {
      highest = Math.max(highest, n);
      // (An ack already posted on this port covers what it numbers: none again for those.)
      if (now) flush();
      else if (highest > sent) timer ??= c.setTimeout(flush, c.ms);
    };
  }
}
