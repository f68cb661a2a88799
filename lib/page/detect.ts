// From a page snapshot to the page's Kaltura context. Pure: the same snapshot always gives the same answer.
import type { KsSummary, PageContext, SiteKind } from '../model/context';
import { parseKs } from '../kaltura/ks';
import { boundUrl, urlFacts } from './hosts';
import { regionFromUrls, regionOf } from './region';
import type { PageSnapshot } from './snapshot';

export interface Detection {
  /** False when nothing on the page is Kaltura's. */
  kaltura: boolean;
  context: PageContext;
  /** The page's KS, for the background's own use only. Never shown, never logged. */
  ks: string | null;
}

export function detect(snapshot: PageSnapshot): Detection {
  const facts = urlFacts(snapshot.url);
  const { dom, globals } = snapshot;
  const player = globals?.players.find((p) => p.ks || p.partnerId !== null) ?? globals?.players[0];
  const problems: string[] = [];

  const kaltura =
    facts?.site != null ||
    dom.widgetPresent ||
    dom.bundles.length > 0 ||
    !!globals?.hasKalturaPlayer ||
    !!globals?.hasEventsPlatform;
  const site: SiteKind = facts?.site ?? 'custom';

  // The KS: the page's player carries it at config.provider.ks (kaltura-player-js).
  const rawKs = player?.ks ?? null;
  const parsed = rawKs ? parseKs(rawKs) : null;
  let ks: KsSummary;
  if (!parsed) ks = { status: 'none' };
  else if (!parsed.ok) {
    ks = { status: 'malformed', reason: parsed.reason };
    problems.push(`The page's KS could not be read: ${parsed.reason}.`);
  } else if (parsed.version === 1) {
    ks = { status: 'valid', partnerId: parsed.partnerId, type: parsed.type, userId: parsed.userId, expiresAt: parsed.expiresAt };
  } else ks = { status: 'valid', partnerId: parsed.partnerId, type: null };

  // The partner: the host names it on events sites; else the player, the bundle URL, the KS prefix.
  const candidates: Array<[string, number | null | undefined]> = [
    ['site address', facts?.partnerId],
    ['player', player?.partnerId],
    ['CnC bundle', dom.bundles[0]?.partnerId],
    ['KS', ks.status === 'valid' ? ks.partnerId : null],
  ];
  const partnerId = candidates.find(([, id]) => typeof id === 'number' && id > 0)?.[1] ?? null;
  for (const [source, id] of candidates) {
    if (typeof id !== 'number' || partnerId === null || id === partnerId) continue;
    problems.push(
      source === 'KS'
        ? `The page's KS belongs to partner ${id}, but this event is partner ${partnerId}. Actions that use it will fail.`
        : `The ${source} names partner ${id}, but this event is partner ${partnerId}.`,
    );
  }

  const entryId = facts?.entryId ?? player?.entryId ?? dom.widgetEntryId ?? null;
  const region =
    regionFromUrls(snapshot.kalturaResources) ??
    (player?.serviceUrl ? regionOf(player.serviceUrl) : null);

  // The widget in the DOM is what counts: a loaded bundle with no rendered widget is a page without CnC (yet).
  const cncPresent = dom.widgetPresent;
  for (const error of globals?.errors ?? []) problems.push(`The page's scripts failed while we read them: ${error}`);

  return {
    kaltura,
    ks: parsed?.ok ? rawKs : null,
    context: {
      // Page data: stored and shown, so never more of it than the cap.
      url: boundUrl(snapshot.url),
      title: typeof snapshot.title === 'string' ? snapshot.title.slice(0, 200) : '',
      site,
      partnerId,
      entryId,
      virtualEventId: globals?.widgetConfig?.virtualEventId ?? null,
      region,
      cnc: { present: cncPresent, modules: cncPresent ? dom.modules : [], moderatorView: !!facts?.moderatorApp || dom.moderatorMarkup },
      ks,
      problems,
      diagnostics: { profileId: dom.profileId, matched: dom.matched },
      widgetConfig: globals?.widgetConfig ?? null,
    },
  };
}
