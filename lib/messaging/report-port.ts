// The content script's reports (page snapshots, Q&A / chat / reactions batches, heartbeats) travel over
// one long-lived runtime port per content-script instance, not one runtime.sendMessage each: a
// sendMessage opens and closes a channel every call (about half a millisecond of the page's main thread
// in Chromium, whatever the message's size), a post on an open port is a fraction of that.
//
// The port is named `cnc-report:<instance>` (a random id per content-script instance). Each report is
// numbered; the background acknowledges the highest number it has handled (cumulative). The content side
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
export type ReportEnvelope = { seq: number; message: unknown } | { seq: number; messages: unknown[] };

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
 * Acks in a burst are coalesced: the first after a quiet gap goes at once, later ones within `ms` become one
 * trailing ack of the highest number. Each ack is a message event on the event page's main thread (the
 * content script hears it there), and at 200 chat messages/s the content script posts ~40 reports a second.
 * A later ack costs nothing but memory on the content side (it keeps reports until acked) and, if the
 * worker stops inside the gap, one report handled again by the next worker, which is harmless (see above).
 */
export interface AckCoalescing {
  ms: number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * The background's gap between acks of reports no sender waits on. Each ack is a browser IPC and a message
 * event on the event page's main thread; at 50 ms, a 200 chat messages/s stream drew 16 acks a second.
 * The cost of a longer gap: the content script keeps up to a second's reports longer (its queue holds
 * 2,000), and after a worker stop sends again up to a second's chat batches (states: handled twice, no change).
 */
export const LAZY_ACK_MS = 500;

/**
 * Reports no sender waits on (the chat and reactions watchers send the next burst without waiting): their
 * acks may be coalesced. Any other report's ack goes at once — the Q&A flusher keeps a batch in flight until
 * acked — and, being cumulative, covers the coalesced ones before it.
 */
const LAZY_ACK: ReadonlySet<string> = new Set(['chat-batch', 'reactions-batch', 'heartbeat']);

function ackAwaited(message: unknown): boolean {
  const type = typeof message === 'object' && message !== null ? (message as { type?: unknown }).type : undefined;
  return !(typeof type === 'string' && LAZY_ACK.has(type));
}

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
      let awaited = false;
      for (const [seq, message] of reports) {
        const last = this.handled.get(instance) ?? 0;
        highest = Math.max(highest, seq, last);
        awaited ||= ackAwaited(message);
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
      // One ack for the envelope (cumulative), at once if any report in it is awaited.
      ack(highest, awaited);
    });
    return true;
  }

  /** Posts acks on one port, at once or coalesced (see AckCoalescing). */
  private acker(port: ReportPortEnd): (n: number, awaited: boolean) => void {
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
    const tick = () => {
      if (highest > sent) {
        sent = highest;
        post(highest);
        timer = c.setTimeout(tick, c.ms);
      } else timer = null;
    };
    port.onDisconnect(() => {
      if (timer !== null) c.clearTimeout(timer);
      timer = null;
    });
    return (n, awaited) => {
      highest = Math.max(highest, n);
      if (timer !== null && !awaited) return;
      if (timer !== null) c.clearTimeout(timer);
      sent = highest;
      post(highest);
      timer = c.setTimeout(tick, c.ms);
    };
  }
}
