// Builders for the page snapshots and KS strings the tests use.
import type { BridgeGlobals, DomMarkers, PageSnapshot } from '@/lib/page/snapshot';

export const b64url = (s: string) =>
  Buffer.from(s, 'latin1').toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** A v2 KS of `partnerId` (its encrypted part is noise: only the prefix is readable anyway). */
export const v2Ks = (partnerId: number, salt = 'x') => b64url(`v2|${partnerId}|` + `\x93\x11${salt}`.repeat(40));

export function dom(overrides: Partial<DomMarkers> = {}): DomMarkers {
  return {
    widgetPresent: true,
    moderatorMarkup: false,
    modules: ['chat', 'qna', 'polls', 'announcements', 'reactions'],
    bundles: [{ partnerId: 1234567, uiconfId: 47306393 }],
    widgetEntryId: '1_sessiona1',
    profileId: 'kep-2026',
    matched: [{ name: 'widget root', selector: '.kep-widget', count: 1 }],
    ...overrides,
  };
}

export function globals(overrides: Partial<BridgeGlobals> = {}, ks: string | null = v2Ks(1234567)): BridgeGlobals {
  return {
    hasKalturaPlayer: true,
    players: [{ partnerId: 1234567, ks, entryId: '1_sessiona1', serviceUrl: null }],
    hasEventsPlatform: true,
    hasEmbeddedWidget: true,
    errors: [],
    ...overrides,
  };
}

export function snapshot(overrides: Partial<PageSnapshot> = {}): PageSnapshot {
  return {
    url: 'https://1234567.events.kaltura.com/media/t/1_sessiona1',
    title: 'Opening keynote',
    dom: dom(),
    globals: globals(),
    kalturaResources: ['https://cdnapisec.kaltura.com', 'https://chat.nvp1.ovp.kaltura.com'],
    ...overrides,
  };
}
