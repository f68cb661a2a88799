// The report port's browser side (lib/messaging/report-port.ts says what it is): the one place that maps
// runtime.connect / onConnect and their senders, for both ends.
import { browser } from 'wxt/browser';
import type { Dispose, MessageSender } from '../background/deps';
import { ACK_GAP_MS, reportPortName, ReportPorts, type ReportAck, type ReportEnvelope } from '../messaging/report-port';
import type { ReportPortLike } from '../content/report-port';

type RuntimePort = ReturnType<typeof browser.runtime.connect>;

/**
 * Background: report ports' messages reach `deliver` with the sender a sendMessage's would have. Chrome
 * names the sender's document lifecycle and document id (fixed when the port opened: a page entering the
 * bfcache has its ports closed, and the content script opens its port only once a prerendered page is
 * shown); Firefox names neither.
 */
export function listenReportPorts(deliver: (message: unknown, sender: MessageSender) => void): Dispose {
  // One onConnect listener and one ReportPorts (one dedupe memory) however many listeners: each listener
  // hears each report once, as with runtime.onMessage.
  delivers.add(deliver);
  if (delivers.size === 1) browser.runtime.onConnect.addListener(onReportConnect);
  return () => {
    if (delivers.delete(deliver) && delivers.size === 0) browser.runtime.onConnect.removeListener(onReportConnect);
  };
}

const delivers = new Set<(message: unknown, sender: MessageSender) => void>();
const reportPorts = new ReportPorts(
  (message, sender) => {
    for (const deliver of [...delivers]) deliver(message, sender);
  },
  {
    // At most one ack per port every ACK_GAP_MS, unless the content side asks (AckCoalescing in lib/messaging/report-port.ts).
    ms: ACK_GAP_MS,
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  },
);

function onReportConnect(port: RuntimePort): void {
  const sender = port.sender as (typeof port.sender & { documentLifecycle?: string; documentId?: string }) | undefined;
  reportPorts.accept({
    name: port.name,
    sender: { id: sender?.id, tabId: sender?.tab?.id, frameId: sender?.frameId, documentLifecycle: sender?.documentLifecycle },
    postMessage: (message: ReportAck) => port.postMessage(message),
    onMessage: (listener) => port.onMessage.addListener((message: unknown) => listener(message)),
    onDisconnect: (listener) => port.onDisconnect.addListener(() => listener()),
    disconnect: () => port.disconnect(),
  });
}

/** Content script: a new report port (throws once the extension context is invalidated). */
export function connectReportPort(instance: string): ReportPortLike {
  const port = browser.runtime.connect({ name: reportPortName(instance) });
  return {
    postMessage: (message: ReportEnvelope) => port.postMessage(message),
    onMessage: (listener) => port.onMessage.addListener((message: unknown) => listener(message)),
    onDisconnect: (listener) => port.onDisconnect.addListener(() => listener()),
    disconnect: () => port.disconnect(),
  };
}

/**
 * Content script: null when the document is shown now, else a promise of when it is. A port's sender
 * keeps the lifecycle it had when it opened, so a prerendered page (Chrome) opens its port only once it is
 * activated: its reports wait in the queue until then, as its sendMessage reports were dropped before.
 */
export function whenDocumentShown(doc: Document): Promise<void> | null {
  if (!(doc as Document & { prerendering?: boolean }).prerendering) return null;
  return new Promise((resolve) => doc.addEventListener('prerenderingchange', () => resolve(), { once: true }));
}
