// Reading the page from the content script (isolated world): DOM markers and the Kaltura hosts it talks to.
import { matchProfiles } from '../cnc/profile';
import type { DomMarkers } from './snapshot';

// KALTURA.md §1: https://cdnapisec.kaltura.com/p/{partnerId}/embedPlaykitJs/uiconf_id/{id}
const BUNDLE = /\/p\/(\d{1,10})\/embedPlaykitJs\/uiconf_id\/(\d{1,12})/;
const MAX_BUNDLES = 4;
const MAX_ORIGINS = 32;

export function domMarkers(doc: Document): DomMarkers {
  const match = matchProfiles(doc);
  const bundles: DomMarkers['bundles'] = [];
  for (const script of Array.from(doc.scripts)) {
    const found = BUNDLE.exec(script.src);
    if (found && bundles.length < MAX_BUNDLES) bundles.push({ partnerId: Number(found[1]), uiconfId: Number(found[2]) });
  }
  return {
    widgetPresent: match.widgetPresent,
    moderatorMarkup: match.moderatorMarkup,
    modules: match.modules,
    bundles,
    widgetEntryId: match.widgetEntryId,
    profileId: match.profileId,
    matched: match.matched,
  };
}

/**
 * Origins (never full URLs: a query string may carry a KS) of the Kaltura hosts the page loaded from,
 * from resource timing. The CnC region shows in them (`chat.{region}.ovp.kaltura.com`).
 */
export function kalturaResourceOrigins(entries: ReadonlyArray<{ name: string }>): string[] {
  const origins = new Set<string>();
  for (const { name } of entries) {
    if (origins.size >= MAX_ORIGINS) break;
    try {
      const url = new URL(name);
      if (url.protocol === 'https:' && url.hostname.endsWith('.kaltura.com')) origins.add(url.origin);
    } catch {
      // not a URL: skip
    }
  }
  return [...origins].sort();
}
