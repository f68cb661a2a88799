// Runs in the page's MAIN world (page-bridge.ts): reads what Kaltura's own scripts expose.
// The page owns these objects and may have replaced them, so every read is guarded and bounded.
import type { BridgeGlobals } from './snapshot';
import { CONFIG_GLOBALS, summariseWidgetConfig } from '../model/settings/widget-config';

type Win = Record<string, unknown>;

export function readGlobals(win: Win): BridgeGlobals {
  const errors: string[] = [];
  const read = <T>(what: string, fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (error) {
      errors.push(`${what}: ${error instanceof Error ? error.message : String(error)}`.slice(0, 200));
      return undefined;
    }
  };

  // kaltura-player-js: window.KalturaPlayer.getPlayers() → { [id]: player }, player.config.provider.{partnerId, ks}
  const kp = read('KalturaPlayer', () => win.KalturaPlayer) as { getPlayers?: () => unknown } | undefined;
  const playersObj = typeof kp?.getPlayers === 'function' ? read('KalturaPlayer.getPlayers()', () => kp.getPlayers!()) : undefined;
  const players: BridgeGlobals['players'] = [];
  if (playersObj && typeof playersObj === 'object') {
    for (const player of Object.values(playersObj as Record<string, unknown>).slice(0, 8)) {
      const config = read('player.config', () => (player as { config?: unknown })?.config) as PlayerConfig | undefined;
      players.push({
        partnerId: read('player partnerId', () => toInt(config?.provider?.partnerId)) ?? null,
        ks: read('player ks', () => str(config?.provider?.ks)) ?? null,
        entryId: read('player entry', () => str(config?.sources?.id)) ?? null,
        serviceUrl: read('player serviceUrl', () => str(config?.provider?.env?.serviceUrl)) ?? null,
      });
    }
  }

  // KALTURA.md §1 (integrated-events-demo): window.KalturaEventsPlatform.collaboration.widgets.embedded
  const kep = read('KalturaEventsPlatform', () => win.KalturaEventsPlatform) as
    | { collaboration?: { widgets?: { embedded?: unknown } } }
    | undefined;
  const embedded = read('KalturaEventsPlatform widgets', () => kep?.collaboration?.widgets?.embedded);

  // The widget configuration the page passed to the CnC widget, where the page keeps it (settings view).
  let widgetConfig: BridgeGlobals['widgetConfig'] = null;
  for (const name of CONFIG_GLOBALS) {
    widgetConfig ??= read(`${name}`, () => summariseWidgetConfig(win[name])) ?? null;
  }

  return {
    hasKalturaPlayer: kp != null,
    players,
    hasEventsPlatform: kep != null,
    hasEmbeddedWidget: embedded != null,
    ...(widgetConfig ? { widgetConfig } : {}),
    errors: errors.slice(0, 5),
  };
}

interface PlayerConfig {
  provider?: { partnerId?: unknown; ks?: unknown; env?: { serviceUrl?: unknown } };
  sources?: { id?: unknown };
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value.slice(0, 8192) : null;
}

function toInt(value: unknown): number | null {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : null;
}
