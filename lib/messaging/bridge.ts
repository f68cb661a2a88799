// The page bridge channel: MAIN world (entrypoints/page-bridge.content.ts) ⇄ isolated world (content.ts).
//
// The MAIN-world part is a static content script (world: 'MAIN', document_start), not a web-accessible
// file: no page can load it or probe for the extension with it. A static script cannot be handed a
// per-load secret, so the two worlds meet like this:
//
// 1. At document_start, before any of the page's scripts, the MAIN script adds a capture listener for
//    CONNECT on window, the first listener there, and keeps its own references to the DOM and JSON
//    functions it uses (the page could replace them later).
// 2. At document_idle the isolated script creates a detached element (never put in the document) with a
//    fresh nonce on it and dispatches CONNECT on window with that element as `relatedTarget` (a DOM node
//    crosses worlds; a CustomEvent's object detail does not). The MAIN listener runs first and stops
//    the event (stopImmediatePropagation), so no page listener sees it: the element and the nonce stay
//    between the two worlds. The MAIN script takes the nonce off the element and answers on it.
// 3. All traffic is CustomEvents with JSON string details dispatched on that detached element, which the
//    page has no reference to; every message carries the nonce, and the isolated side ignores anything
//    else (parseFromBridge).
//
// Why this is safe: the page can dispatch CONNECT itself (it then gets its own globals back on its own
// element: nothing it did not have), but it cannot see ours, cannot reach our element, and cannot guess
// the nonce. When the MAIN script is injected late (a custom domain granted while its tab was open, see
// lib/platform/origins.ts) the page's scripts ran first and could listen for CONNECT; then the worst a
// page can do is tell us lies about its own globals, which it can always do by replacing them, so
// nothing the bridge says grants any privilege (a KS it names is only checked against Kaltura's API).
import type { BridgeGlobals } from '../page/snapshot';
import { parseWidgetConfigSummary } from '../model/settings/widget-config';

export const TO_BRIDGE = 'cnc-moderator:to-bridge';
export const FROM_BRIDGE = 'cnc-moderator:from-bridge';
/** A MouseEvent on window whose relatedTarget is the private channel element. */
export const CONNECT = 'cnc-moderator:connect';
/** On the channel element only until the MAIN script has read it. */
export const NONCE_ATTR = 'data-cnc-nonce';

export type ToBridge = { nonce: string; type: 'collect' };
export type FromBridge =
  | { nonce: string; type: 'globals'; globals: BridgeGlobals }
  /** The page changed its URL without a load (history.pushState / replaceState / popstate). */
  | { nonce: string; type: 'navigated' };

const MAX_STRING = 8192;
const MAX_PLAYERS = 8;
const MAX_ERRORS = 5;

/** Parses a message from the bridge; null for anything not exactly ours. */
export function parseFromBridge(detail: unknown, nonce: string): FromBridge | null {
  if (typeof detail !== 'string' || detail.length > 64 * 1024) return null;
  let msg: unknown;
  try {
    msg = JSON.parse(detail);
  } catch {
    return null;
  }
  if (!isObject(msg) || msg.nonce !== nonce) return null;
  if (msg.type === 'navigated') return { nonce, type: 'navigated' };
  if (msg.type !== 'globals' || !isObject(msg.globals)) return null;
  const g = msg.globals;
  const players = Array.isArray(g.players) ? g.players.slice(0, MAX_PLAYERS).filter(isObject) : [];
  return {
    nonce,
    type: 'globals',
    globals: {
      hasKalturaPlayer: g.hasKalturaPlayer === true,
      hasEventsPlatform: g.hasEventsPlatform === true,
      hasEmbeddedWidget: g.hasEmbeddedWidget === true,
      ...(g.widgetConfig ? { widgetConfig: parseWidgetConfigSummary(g.widgetConfig) } : {}),
      players: players.map((p) => ({
        partnerId: positiveInt(p.partnerId),
        ks: boundedString(p.ks),
        entryId: boundedString(p.entryId, 64),
        serviceUrl: boundedString(p.serviceUrl, 512),
      })),
      errors: (Array.isArray(g.errors) ? g.errors : [])
        .slice(0, MAX_ERRORS)
        .map((e) => boundedString(e, 200))
        .filter((e): e is string => e !== null),
    },
  };
}

export function parseToBridge(detail: unknown, nonce: string): ToBridge | null {
  if (typeof detail !== 'string') return null;
  try {
    const msg: unknown = JSON.parse(detail);
    return isObject(msg) && msg.nonce === nonce && msg.type === 'collect' ? { nonce, type: 'collect' } : null;
  } catch {
    return null;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function boundedString(value: unknown, max = MAX_STRING): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= max ? value : null;
}

function positiveInt(value: unknown): number | null {
  const n = typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** Isolated world: opens the private channel to the MAIN script; `collect()` asks it to read again. */
export function connectBridge(
  win: Window,
  doc: Document,
  nonce: string,
  onMessage: (message: FromBridge) => void,
  signal?: AbortSignal,
): { collect(): void } {
  const channel = doc.createElement('div'); // never attached: the page has no way to reach it
  channel.setAttribute(NONCE_ATTR, nonce);
  channel.addEventListener(FROM_BRIDGE, (event) => {
    if (signal?.aborted) return;
    const message = parseFromBridge((event as CustomEvent).detail, nonce);
    if (message) onMessage(message);
  });
  win.dispatchEvent(new MouseEvent(CONNECT, { relatedTarget: channel }));
  return {
    collect: () => {
      if (!signal?.aborted) channel.dispatchEvent(new CustomEvent(TO_BRIDGE, { detail: JSON.stringify({ nonce, type: 'collect' }) }));
    },
  };
}

type Win = Window & typeof globalThis;

/**
 * MAIN world, at document_start: answers every CONNECT with the globals `read` returns, on the channel
 * element the event carries. Every DOM and JSON function is taken now, before the page can replace it.
 */
export function serveBridge(win: Win, read: () => BridgeGlobals): void {
  const apply = Reflect.apply;
  // WebIDL attributes are accessors on the prototype in browsers; fall back to a plain read elsewhere.
  const getter = (proto: object, name: string): ((this: unknown) => unknown) => {
    const get = Object.getOwnPropertyDescriptor(proto, name)?.get;
    return get ?? function (this: unknown) {
      return (this as Record<string, unknown>)[name];
    };
  };
  const listen = win.EventTarget.prototype.addEventListener;
  const dispatch = win.EventTarget.prototype.dispatchEvent;
  const stop = win.Event.prototype.stopImmediatePropagation;
  const getAttr = win.Element.prototype.getAttribute;
  const removeAttr = win.Element.prototype.removeAttribute;
  const relatedTarget = getter(win.MouseEvent.prototype, 'relatedTarget');
  const isConnected = getter(win.Node.prototype, 'isConnected');
  const detailOf = getter(win.CustomEvent.prototype, 'detail');
  const Custom = win.CustomEvent;
  const stringify = JSON.stringify;
  const parse = JSON.parse;

  const onConnect = (event: Event) => {
    apply(stop, event, []);
    const channel = apply(relatedTarget, event, []) as Element | null;
    // Only a detached element: one in the document would be reachable by the page.
    if (!channel || typeof channel !== 'object' || apply(isConnected, channel, []) !== false) return;
    let nonce: unknown;
    try {
      nonce = apply(getAttr, channel, [NONCE_ATTR]);
      apply(removeAttr, channel, [NONCE_ATTR]);
    } catch {
      return; // not an element
    }
    if (typeof nonce !== 'string' || nonce.length < 16) return;
    const send = (message: FromBridge) => apply(dispatch, channel, [new Custom(FROM_BRIDGE, { detail: apply(stringify, JSON, [message]) })]);
    const answer = () => send({ nonce, type: 'globals', globals: read() });
    apply(listen, channel, [
      TO_BRIDGE,
      (e: Event) => {
        const detail: unknown = apply(detailOf, e, []);
        if (typeof detail !== 'string' || detail.length > 1024) return;
        try {
          const msg: unknown = apply(parse, JSON, [detail]);
          if (isObject(msg) && msg.nonce === nonce && msg.type === 'collect') answer();
        } catch {
          // not ours
        }
      },
    ]);
    answer();
  };
  // The window's own method, taken now: the same function as `listen` in a browser.
  win.addEventListener(CONNECT, onConnect, { capture: true });
}
