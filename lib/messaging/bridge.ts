// The page bridge channel: MAIN world (page-bridge.ts) ⇄ isolated world (content.ts).
//
// The channel is CustomEvents on the bridge's own <script> element, which WXT's injectScript removes from
// the DOM right after it runs, so the page's own listeners on window/document never see the traffic.
// Every message carries a nonce the content script created for this page load; anything else is ignored.
// Details cross the world boundary as JSON strings (Chrome hands object details across worlds as null).
// This keeps out look-alike messages, not a page that deliberately impersonates the bridge; a page can lie
// about its own globals anyway, so nothing the bridge says grants any privilege.
import type { BridgeGlobals } from '../page/snapshot';

export const TO_BRIDGE = 'cnc-moderator:to-bridge';
export const FROM_BRIDGE = 'cnc-moderator:from-bridge';

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
