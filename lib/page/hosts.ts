// Which Kaltura site a URL belongs to, and what its host and path say.
// KALTURA.md §1 (kaltura-agents-api-guides KALTURA_GETTING_CREDENTIALS.md §7; knowledge.kaltura.com).
import type { SiteKind } from '../model/context';

export interface UrlFacts {
  /** Null: not a Kaltura host (it may still be a white-labelled event site). */
  site: Exclude<SiteKind, 'custom'> | null;
  /** From `{partnerId}.events.kaltura.com` or `{partnerId}-{n}.events.kaltura.com`. */
  partnerId: number | null;
  /** From `/media/t/{entryId}`, `/media/{title}/{entryId}` or `?entryId=`. */
  entryId: string | null;
  moderatorApp: boolean;
  /** The path is shaped like a Kaltura event page (session page or CnC moderator app). */
  eventPath: boolean;
}

const EVENTS_HOST = /^(?:(\d+)(?:-\d+)?|[a-z0-9-]+)\.events\.kaltura\.com$/;
// Kaltura entry ids look like `1_abcd1234`: a partition digit, an underscore, 8 alphanumerics. Accept a
// little either side so an id format change degrades to "unknown entry", not to "not Kaltura".
const ENTRY_ID = /^\d_[a-z0-9]{4,16}$/i;
const MODERATOR_PATH = /\/chatandcollaboration\/index\/moderator\b/;

/**
 * The most of a URL we parse or store. Any page can push a URL of any length with history.pushState, and
 * the background hears every tab's URL changes: real event URLs are a few hundred characters.
 */
export const MAX_URL_CHARS = 8_192;

/**
 * A URL cut to MAX_URL_CHARS. What is cut off is dropped back to the last delimiter, so a cut never turns
 * the tail of a long segment or query value into something that reads like an entry id.
 */
export function boundUrl(href: string): string {
  if (href.length <= MAX_URL_CHARS) return href;
  const capped = href.slice(0, MAX_URL_CHARS);
  const cut = Math.max(capped.lastIndexOf('/'), capped.lastIndexOf('?'), capped.lastIndexOf('&'), capped.lastIndexOf('#'));
  return cut > 0 ? capped.slice(0, cut) : capped;
}

/**
 * Events: /media/t/{entryId}; MediaSpace: /media/{title}/{entryId}: the last entry-id-shaped segment after
 * the first `media` segment. One pass over the segments: a regex over the whole path backtracked per
 * segment (a 192 KB `/media/media/…` path took seconds).
 */
function entryIdFromPath(pathname: string): string | null {
  const segments = pathname.split('/');
  const media = segments.findIndex((s) => s.toLowerCase() === 'media');
  if (media < 0) return null;
  // A segment before the end must be followed by '/', as the last one is; the first is the empty one.
  for (let i = segments.length - 1; i > media; i--) if (ENTRY_ID.test(segments[i]!)) return segments[i]!;
  return null;
}

export function urlFacts(href: string): UrlFacts | null {
  let url: URL;
  try {
    url = new URL(boundUrl(href));
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const host = url.hostname.toLowerCase();

  let site: UrlFacts['site'] = null;
  let partnerId: number | null = null;
  const events = EVENTS_HOST.exec(host);
  if (events) {
    site = 'events';
    if (events[1]) partnerId = Number(events[1]);
  } else if (host.endsWith('.mediaspace.kaltura.com')) site = 'mediaspace';
  else if (host.endsWith('.kaf.kaltura.com')) site = 'kaf';

  const fromPath = entryIdFromPath(url.pathname);
  const fromQuery = url.searchParams.get('entryId');
  const entryId = [fromPath, fromQuery].find((id): id is string => !!id && ENTRY_ID.test(id)) ?? null;
  const moderatorApp = MODERATOR_PATH.test(url.pathname);

  return { site, partnerId, entryId, moderatorApp, eventPath: moderatorApp || entryId !== null };
}

/** `https://host` for a URL, or null for anything that is not a web page. */
export function originOf(href: string): string | null {
  try {
    const url = new URL(boundUrl(href));
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** Hosts covered by the manifest's host_permissions and content script matches. */
export function isKalturaHost(href: string): boolean {
  try {
    const url = new URL(boundUrl(href));
    return url.protocol === 'https:' && (url.hostname === 'kaltura.com' || url.hostname.endsWith('.kaltura.com'));
  } catch {
    return false;
  }
}
