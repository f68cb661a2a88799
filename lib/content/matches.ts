// Where the content scripts run without asking (KALTURA.md §1): Events sites, MediaSpace and KAF. Not
// every *.kaltura.com page: the admin console (kmc.kaltura.com), the API and CDN hosts get nothing.
// White-labelled custom domains are added at runtime, one granted origin at a time (lib/platform/origins.ts).
// The API host permissions stay as they are (wxt.config.ts).
export const CONTENT_MATCHES: string[] = [
  'https://*.events.kaltura.com/*',
  'https://*.mediaspace.kaltura.com/*',
  'https://*.kaf.kaltura.com/*',
];

const CONTENT_DOMAINS = ['events.kaltura.com', 'mediaspace.kaltura.com', 'kaf.kaltura.com'];

/** Whether the manifest's content scripts run on this URL (custom domains aside). */
export function isContentHost(href: string): boolean {
  try {
    const url = new URL(href.slice(0, 2048));
    const host = url.hostname.toLowerCase();
    return url.protocol === 'https:' && CONTENT_DOMAINS.some((d) => host === d || host.endsWith(`.${d}`));
  } catch {
    return false;
  }
}

/**
 * Whether a content-script message comes from the document the tab shows now. Chrome names the sender's
 * document lifecycle ('prerender', 'cached' for the bfcache, 'pending_deletion'); Firefox does not say,
 * and its messages are taken as they come.
 */
export function fromActiveDocument(sender: { documentLifecycle?: string }): boolean {
  return sender.documentLifecycle === undefined || sender.documentLifecycle === 'active';
}
