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
// Events: /media/t/{entryId}; MediaSpace: /media/{title}/{entryId}.
const MEDIA_PATH = /\/media\/(?:[^?#]*\/)?(\d_[a-z0-9]{4,16})(?=[/?#]|$)/i;
const MODERATOR_PATH = /\/chatandcollaboration\/index\/moderator\b/;

export function urlFacts(href: string): UrlFacts | null {
  let url: URL;
  try {
    url = new URL(href);
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

  const fromPath = MEDIA_PATH.exec(url.pathname)?.[1];
  const fromQuery = url.searchParams.get('entryId');
  const entryId = [fromPath, fromQuery].find((id): id is string => !!id && ENTRY_ID.test(id)) ?? null;
  const moderatorApp = MODERATOR_PATH.test(url.pathname);

  return { site, partnerId, entryId, moderatorApp, eventPath: moderatorApp || entryId !== null };
}

/** `https://host` for a URL, or null for anything that is not a web page. */
export function originOf(href: string): string | null {
  try {
    const url = new URL(href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** Hosts covered by the manifest's host_permissions and content script matches. */
export function isKalturaHost(href: string): boolean {
  try {
    const url = new URL(href);
    return url.protocol === 'https:' && (url.hostname === 'kaltura.com' || url.hostname.endsWith('.kaltura.com'));
  } catch {
    return false;
  }
}
