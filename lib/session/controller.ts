// The background's handling of tabs: snapshots from content scripts, URL changes, closed tabs.
// Browser APIs come in as deps, so this is tested with fakes.
import type { TabRecord } from '../model/context';
import type { Fetch } from '../kaltura/api';
import { DEFAULT_SERVICE_URL, KalturaApiError } from '../kaltura/api';
import { getSessionInfo } from '../kaltura/session-info';
import type { BackgroundToContent } from '../messaging/protocol';
import type { BadgeSpec } from '../notify/badge-policy';
import { detect } from '../page/detect';
import { KsCheckLimiter, knownApiServiceUrl } from './ks-checks';
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

export function createController(deps: ControllerDeps) {
  const { store } = deps;
  // The KS each tab is being checked with right now, so a burst of snapshots asks Kaltura once.
  const checking = new Map<number, string>();
  // A page naming a new KS again and again gets a few checks a minute, not one request each.
  const limiter = new KsCheckLimiter(deps.now);
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
        !ks.checkError &&
        checking.get(tabId) !== detection.ks &&
        limiter.allow(tabId, detection.ks);
      if (needsCheck) checking.set(tabId, detection.ks!);
      await publish(record);
      const player = snapshot.globals?.players.find((p) => p.ks === detection.ks);
      return needsCheck ? { ks: detection.ks!, serviceUrl: apiServiceUrl(player?.serviceUrl ?? null) } : null;
    });
    if (checkKs) await checkSession(tabId, checkKs.ks, checkKs.serviceUrl);
  }

  async function checkSession(tabId: number, ks: string, serviceUrl: string): Promise<void> {
    let outcome: { ok: true; info: Awaited<ReturnType<typeof getSessionInfo>> } | { ok: false; message: string };
    try {
      outcome = { ok: true, info: await getSessionInfo(deps.fetch, ks, serviceUrl) };
    } catch (error) {
      outcome = { ok: false, message: describeError(error) };
    } finally {
      if (checking.get(tabId) === ks) checking.delete(tabId);
    }
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
  async function onUrlChanged(tabId: number, url: string, loading: boolean): Promise<void> {
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
    limiter.forget(tabId);
  }

  /** The record the panel shows for a tab, made from its URL when no content script has spoken. */
  async function recordFor(tabId: number, url: string | undefined): Promise<TabRecord | null> {
    const record = await store.get(tabId);
    if (record) return record;
    if (!url) return null;
    return recordFromUrl(tabId, url, await deps.isCovered(url), deps.now());
  }

  return { onSnapshot, onUrlChanged, onTabRemoved, recordFor };
}

export type Controller = ReturnType<typeof createController>;

/** Only Kaltura's known API hosts, on 443, get the KS: a page cannot send it elsewhere by naming another serviceUrl. */
function apiServiceUrl(candidate: string | null): string {
  return knownApiServiceUrl(candidate) ?? DEFAULT_SERVICE_URL;
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
