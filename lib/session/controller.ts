// The background's handling of tabs: snapshots from content scripts, URL changes, closed tabs.
// Browser APIs come in as deps, so this is tested with fakes.
import type { TabRecord } from '../model/context';
import type { Fetch } from '../kaltura/api';
import { DEFAULT_SERVICE_URL, KalturaApiError } from '../kaltura/api';
import { getSessionInfo } from '../kaltura/session-info';
import type { BackgroundToContent } from '../contracts/protocol';
import type { BadgeSpec } from '../notify/badge-policy';
import { detect } from '../page/detect';
import { boundUrl } from '../page/hosts';
import type { PageSnapshot } from '../page/snapshot';
import { recordFromDetection, recordFromUrl, withSessionError, withSessionInfo } from './records';
import type { TabStore } from './tab-store';

export interface ControllerDeps {
  store: TabStore;
  fetch: Fetch;
  /** Draws the tab's badge for its new state; returns what it shows. */
  setState(tabId: number, state: TabRecord['state']): Promise<BadgeSpec>;
  tellTab(tabId: number, message: BackgroundToContent): Promise<void>;
  /** Our content script runs on this URL (a Kaltura host, or an origin the moderator granted). */
  isCovered(url: string): Promise<boolean>;
  now(): number;
}

/**
 * KS checks (session.get) a tab may cause per minute. The KS is page data: a page inventing a KS on every
 * change would otherwise make us call Kaltura without end.
 */
export const KS_CHECKS_PER_MINUTE = 5;
/** Answers remembered per tab, so a page flipping between KSes asks once per KS. */
const KS_ANSWERS_PER_TAB = 8;
const RATE_LIMITED = 'this page changed its KS too often to check each one; it is checked once the page calms down.';

type CheckOutcome = { ok: true; info: Awaited<ReturnType<typeof getSessionInfo>> } | { ok: false; message: string };

export function createController(deps: ControllerDeps) {
  const { store } = deps;
  // The KS each tab is being checked with right now, so a burst of snapshots asks Kaltura once.
  const checking = new Map<number, string>();
  // Per tab: what Kaltura said of each KS it was asked about, and when the tab's checks were made.
  const answers = new Map<number, Map<string, CheckOutcome>>();
  const checkTimes = new Map<number, number[]>();
  const mayCheck = (tabId: number): boolean => {
    const now = deps.now();
    const recent = (checkTimes.get(tabId) ?? []).filter((t) => now - t < 60_000);
    const allowed = recent.length < KS_CHECKS_PER_MINUTE;
    if (allowed) recent.push(now);
    checkTimes.set(tabId, recent);
    return allowed;
  };
  const remember = (tabId: number, ks: string, outcome: CheckOutcome) => {
    const known = answers.get(tabId) ?? new Map<string, CheckOutcome>();
    known.delete(ks);
    known.set(ks, outcome);
    while (known.size > KS_ANSWERS_PER_TAB) known.delete(known.keys().next().value!);
    answers.set(tabId, known);
  };
  // One change at a time per tab, so a slow KS check never overwrites a newer snapshot.
  const queues = new Map<number, Promise<unknown>>();
  const serial = <T>(tabId: number, work: () => Promise<T>): Promise<T> => {
    const next = (queues.get(tabId) ?? Promise.resolve()).then(work, work);
    queues.set(tabId, next.catch(() => undefined));
    return next;
  };

  async function publish(record: TabRecord): Promise<void> {
    await store.put(record);
    const badge = await deps.setState(record.tabId, record.state);
    await deps.tellTab(record.tabId, { type: 'verdict', state: record.state, badge: badge.text }).catch(() => undefined);
  }

  async function onSnapshot(tabId: number, snapshot: PageSnapshot): Promise<void> {
    const checkKs = await serial(tabId, async () => {
      const detection = detect(snapshot);
      const ksChanged = detection.ks !== (await store.getKs(tabId));
      if (ksChanged) await store.setKs(tabId, detection.ks);
      // The same KS keeps what Kaltura said of it; a new one is checked afresh.
      const previous = ksChanged ? null : await store.get(tabId);
      const record = recordFromDetection(tabId, detection, previous, deps.now());
      const ks = record.context?.ks;
      const needsCheck =
        !!detection.ks &&
        ks?.status === 'valid' &&
        !ks.type &&
        (!ks.checkError || ks.checkError === RATE_LIMITED) &&
        checking.get(tabId) !== detection.ks;
      if (needsCheck) checking.set(tabId, detection.ks!);
      await publish(record);
      const player = snapshot.globals?.players.find((p) => p.ks === detection.ks);
      return needsCheck ? { ks: detection.ks!, serviceUrl: apiServiceUrl(player?.serviceUrl ?? null) } : null;
    });
    if (checkKs) await checkSession(tabId, checkKs.ks, checkKs.serviceUrl);
  }

  async function checkSession(tabId: number, ks: string, serviceUrl: string): Promise<void> {
    let outcome: CheckOutcome;
    const known = answers.get(tabId)?.get(ks);
    if (known) outcome = known;
    else if (!mayCheck(tabId)) outcome = { ok: false, message: RATE_LIMITED };
    else {
      try {
        outcome = { ok: true, info: await getSessionInfo(deps.fetch, ks, serviceUrl) };
        remember(tabId, ks, outcome);
      } catch (error) {
        outcome = { ok: false, message: describeError(error) };
        // Kaltura's verdict on this KS stands; a network failure may be retried with the next KS change.
        if (error instanceof KalturaApiError && !['NETWORK', 'BAD_RESPONSE'].includes(error.code) && !error.code.startsWith('HTTP_')) {
          remember(tabId, ks, outcome);
        }
      }
    }
    if (checking.get(tabId) === ks) checking.delete(tabId);
    await serial(tabId, async () => {
      const record = await store.get(tabId);
      // The page may have moved on to another KS while we asked.
      if (!record || (await store.getKs(tabId)) !== ks) return;
      await publish(
        outcome.ok ? withSessionInfo(record, outcome.info, deps.now()) : withSessionError(record, outcome.message, deps.now()),
      );
    });
  }

  /** `loading`: a document load (navigation or reload), not a same-document URL change. */
  async function onUrlChanged(tabId: number, fullUrl: string, loading: boolean): Promise<void> {
    // Any page names its own URL (history.pushState) at any length: keep no more than the cap.
    const url = boundUrl(fullUrl);
    await serial(tabId, async () => {
      const previous = await store.get(tabId);
      const covered = await deps.isCovered(url);
      // Same document, new URL (SPA navigation): the content script reports the new context itself.
      if (!loading && covered && previous?.context && sameOrigin(previous.url, url)) return;
      await store.setKs(tabId, null);
      await publish(recordFromUrl(tabId, url, covered, deps.now()));
    });
  }

  async function onTabRemoved(tabId: number): Promise<void> {
    await serial(tabId, () => store.remove(tabId));
    queues.delete(tabId);
    answers.delete(tabId);
    checkTimes.delete(tabId);
  }

  /** The record the panel shows for a tab, made from its URL when no content script has spoken. */
  async function recordFor(tabId: number, fullUrl: string | undefined): Promise<TabRecord | null> {
    const record = await store.get(tabId);
    if (record) return record;
    if (!fullUrl) return null;
    const url = boundUrl(fullUrl);
    return recordFromUrl(tabId, url, await deps.isCovered(url), deps.now());
  }

  return { onSnapshot, onUrlChanged, onTabRemoved, recordFor };
}

export type Controller = ReturnType<typeof createController>;

// Kaltura's API v3 hosts (KALTURA.md §3): www.kaltura.com, cdnapisec.kaltura.com (the player's default), and
// the regional deployments' api.{region}.ovp.kaltura.com (regions as nvp1, irp2, frp2).
const API_HOST = /^(?:www\.kaltura\.com|cdnapisec\.kaltura\.com|api\.[a-z]{2,5}\d{1,2}\.ovp\.kaltura\.com)$/;

/**
 * Only Kaltura's own API hosts, on the default HTTPS port, get the KS: a page cannot send it elsewhere (nor
 * to another *.kaltura.com host or port) by naming another serviceUrl. Anything else: www.kaltura.com.
 */
export function apiServiceUrl(candidate: string | null): string {
  if (!candidate) return DEFAULT_SERVICE_URL;
  try {
    const url = new URL(boundUrl(candidate));
    if (url.protocol === 'https:' && url.port === '' && API_HOST.test(url.hostname)) return `${url.origin}/api_v3`;
  } catch {
    // not a URL: the default
  }
  return DEFAULT_SERVICE_URL;
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

function describeError(error: unknown): string {
  if (error instanceof KalturaApiError) {
    if (error.code === 'INVALID_KS') {
      // kaltura/server puts the reason in ERR_DESC (APIErrors::INVALID_KS; KALTURA.md says args.KSID).
      const expired = error.args.ERR_DESC === 'EXPIRED' || error.args.KSID === 'EXPIRED';
      return expired ? 'the KS has expired.' : 'Kaltura does not accept this KS.';
    }
    return `${error.message} (${error.code}).`;
  }
  return 'an unexpected error occurred.';
}
