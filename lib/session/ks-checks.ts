// Limits on what a page can make the background do with a KS it names (issue 10, fault 4): the page's
// globals are the page's word, and a hostile page can name a new KS, or a new "service URL", many times
// a second. Each check is a request to Kaltura, so:
// - a KS is checked only against Kaltura's known API hosts, on 443 (never a port or host the page picks);
// - each tab gets a few checks of new KS values per minute; beyond that the KS stays "type unknown"
//   until the window passes (the next snapshot with it checks it then).

/** Hosts that answer api_v3 for a KS (KALTURA.md §1 and §3); regional `*.ovp.kaltura.com` hosts too. */
const API_HOSTS = new Set(['www.kaltura.com', 'cdnapisec.kaltura.com']);
const REGIONAL_API_HOST = /^[a-z0-9-]{1,63}\.[a-z]{2,4}\d{1,2}\.ovp\.kaltura\.com$/;

/** `https://{known host}/api_v3` for a page-named service URL, or null when it is not one we trust. */
export function knownApiServiceUrl(candidate: string | null): string | null {
  if (!candidate || candidate.length > 512) return null;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  const host = url.hostname.toLowerCase();
  if (url.protocol !== 'https:' || url.port !== '' || url.username || url.password) return null;
  if (!API_HOSTS.has(host) && !REGIONAL_API_HOST.test(host)) return null;
  return `https://${host}/api_v3`;
}

export const KS_CHECKS_PER_WINDOW = 3;
export const KS_CHECK_WINDOW_MS = 60_000;

/** Per tab: how many different KS values were checked in the last window. */
export class KsCheckLimiter {
  private readonly checks = new Map<number, Array<{ ks: string; at: number }>>();

  constructor(
    private readonly now: () => number,
    private readonly perWindow = KS_CHECKS_PER_WINDOW,
    private readonly windowMs = KS_CHECK_WINDOW_MS,
  ) {}

  /** Whether this tab may have `ks` checked now; counts it when so. */
  allow(tabId: number, ks: string): boolean {
    const now = this.now();
    const recent = (this.checks.get(tabId) ?? []).filter((c) => now - c.at < this.windowMs);
    this.checks.set(tabId, recent);
    if (recent.some((c) => c.ks === ks)) return true; // the same KS again (a retry) costs nothing more
    if (recent.length >= this.perWindow) return false;
    recent.push({ ks, at: now });
    return true;
  }

  forget(tabId: number): void {
    this.checks.delete(tabId);
  }
}
