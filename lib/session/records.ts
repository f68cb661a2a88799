// How a tab's record changes: pure functions from what we learn to the next record.
import { stateOf, type PageContext, type TabRecord } from '../model/context';
import type { SessionInfo } from '../kaltura/session-info';
import type { Detection } from '../page/detect';
import { urlFacts } from '../page/hosts';

/**
 * A tab seen only by its URL (no content script report): a tab we cannot read, a non-Kaltura page, or a
 * page on a custom domain that looks like a Kaltura event and waits for the moderator's grant.
 * `covered`: our content script runs on this URL, so a report will follow.
 */
export function recordFromUrl(tabId: number, url: string, covered: boolean, now: number): TabRecord {
  const facts = urlFacts(url);
  const state = covered ? 'detecting' : facts?.eventPath ? 'needs-access' : 'not-kaltura';
  return { tabId, url, state, context: null, updatedAt: now };
}

/** `sameKsBefore`: the tab's previous record, when the page's KS has not changed since. */
export function recordFromDetection(
  tabId: number,
  detection: Detection,
  sameKsBefore: TabRecord | null,
  now: number,
): TabRecord {
  if (!detection.kaltura) return { tabId, url: detection.context.url, state: 'not-kaltura', context: null, updatedAt: now };
  let context = detection.context;
  // Keep what Kaltura told us about this KS (session.get), rather than asking again on every change.
  const before = sameKsBefore?.context?.ks;
  if (before?.status === 'valid' && context.ks.status === 'valid' && before.partnerId === context.ks.partnerId && !context.ks.type) {
    context = withKs(context, before, now);
  }
  return { tabId, url: context.url, state: stateOf(context), context, updatedAt: now };
}

/** Adds Kaltura's answer to session.get for the page's KS. */
export function withSessionInfo(record: TabRecord, info: SessionInfo, now: number): TabRecord {
  if (!record.context || record.context.ks.status !== 'valid') return record;
  return {
    ...record,
    updatedAt: now,
    context: withKs(
      record.context,
      {
        status: 'valid',
        partnerId: info.partnerId,
        type: info.type,
        userId: info.userId,
        expiresAt: info.expiresAt,
        ...(info.virtualEventId ? { virtualEventId: info.virtualEventId } : {}),
      },
      now,
    ),
  };
}

export function withSessionError(record: TabRecord, message: string, now: number): TabRecord {
  if (!record.context || record.context.ks.status !== 'valid') return record;
  return {
    ...record,
    updatedAt: now,
    context: withKs(record.context, { ...record.context.ks, type: null, checkError: message }, now),
  };
}

// Problems that come from checking the KS are rebuilt each time the KS facts change.
const KS_CHECK_FAILED = "Kaltura could not check the page's KS:";
const KS_EXPIRED = "The page's KS has expired. Reload the event page to get a fresh one.";

function withKs(context: PageContext, ks: PageContext['ks'], now: number): PageContext {
  const problems = context.problems.filter((p) => !p.startsWith(KS_CHECK_FAILED) && p !== KS_EXPIRED);
  if (ks.status === 'valid' && ks.checkError) problems.push(`${KS_CHECK_FAILED} ${ks.checkError}`);
  if (ks.status === 'valid' && ks.expiresAt && ks.expiresAt * 1000 < now) problems.push(KS_EXPIRED);
  const virtualEventId = ks.status === 'valid' ? ks.virtualEventId : undefined;
  return { ...context, ks, virtualEventId: virtualEventId ?? context.virtualEventId, problems };
}
