// The CnC region, from the hosts the page talks to: `chat.{region}.ovp.kaltura.com` (cncConfig.server.serviceUrl),
// `events-api.{region}.ovp.kaltura.com`, reactions and other `*.{region}.ovp.kaltura.com` hosts.
// KALTURA.md §1, §5: regions seen are nvp1 (US), irp2 (EU), frp2 (DE).
const REGION_HOST = /^(?:[a-z0-9-]+\.)+?([a-z]{2,4}\d{1,2})\.ovp\.kaltura\.com$/;

export function regionOf(href: string): string | null {
  try {
    return REGION_HOST.exec(new URL(href).hostname.toLowerCase())?.[1] ?? null;
  } catch {
    return null;
  }
}

/** The region most of the page's CnC traffic goes to. */
export function regionFromUrls(urls: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const url of urls) {
    const region = regionOf(url);
    if (region) counts.set(region, (counts.get(region) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [region, count] of counts) if (best === null || count > counts.get(best)!) best = region;
  return best;
}
