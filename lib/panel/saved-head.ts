// The panel reads the saved head itself (issue 9, a cold restore until the panel shows the queue again):
// a restarted service worker answers a panel's connect only after it has started, read its tab records and
// the tab's small keys, so the queue waited for the worker; storage.session is readable from extension
// pages (Chrome's default access level is TRUSTED_CONTEXTS: the worker and extension pages, never content
// scripts), so the panel reads what the worker would post first, in parallel with connecting: the tab's
// record and the Q&A head saved with its rows (lib/session/qna/repository.ts HEAD_KEY, TabStore's record).
// What it reads is shown read-only (the panel store marks the mirror `saved`) until the worker's own Q&A
// message for the tab replaces it: the worker may hold changes not saved yet, and only it can act.
import type { TabRecord } from '../model/context';
import type { QnaHead } from '../contracts/qna-batch';

/** The keys the worker writes (lib/session/tab-store.ts, lib/session/qna/repository.ts; a test keeps them equal). */
export const SAVED_RECORD_KEY = (tabId: number) => `tab:${tabId}`;
export const SAVED_HEAD_KEY = (tabId: number) => `qna:${tabId}:h`;

/** What the panel can show before the worker answers: the tab's record and its Q&A head. */
export interface SavedView {
  tabId: number;
  record: TabRecord;
  head: QnaHead;
}

/** The part of storage.session the read needs (browser.storage.session; a fake in tests). */
export interface SessionReader {
  get(keys: string[]): Promise<Record<string, unknown>>;
}

/** The tab's saved record and head, or null when either is missing or not what the worker writes. */
export async function readSavedView(area: SessionReader, tabId: number): Promise<SavedView | null> {
  try {
    return savedViewOf(tabId, await area.get([SAVED_RECORD_KEY(tabId), SAVED_HEAD_KEY(tabId)]));
  } catch {
    return null; // no storage.session here (or it refused): the worker's answer is the only source
  }
}

/** The saved view in values read from storage.session (pure; see readSavedView). */
export function savedViewOf(tabId: number, values: Record<string, unknown>): SavedView | null {
  const record = values[SAVED_RECORD_KEY(tabId)] as TabRecord | undefined;
  const raw = values[SAVED_HEAD_KEY(tabId)];
  // An empty string: the head was emptied by a change after it (the saved rows are newer than any head).
  if (!record || typeof record !== 'object' || record.tabId !== tabId || typeof raw !== 'string' || !raw) return null;
  let head: QnaHead;
  try {
    head = JSON.parse(raw) as QnaHead;
  } catch {
    return null;
  }
  if (!head || !Array.isArray(head.questions) || !head.meta || !head.counts || typeof head.total !== 'number') return null;
  return { tabId, record, head };
}
