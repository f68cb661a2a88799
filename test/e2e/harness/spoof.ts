// The spoofing run of the standing security suite (issue 10), shared by the e2e test and the bench. A
// hostile page (the real CnC moderator view plus sandbox/control/spoof-page.ts, `?hostile=spoof`) tries to
// talk to the content script and the page bridge; look-alike hosts serve the real event site.
//
// Every attempt carries its own marker (a fake KS, entry, question id, host with the attempt's name in it).
// It is refused when, after a barrier that proves the pipeline processed everything sent before it (a
// real question asked afterwards reaches the background and the panel), its marker is nowhere: not in the
// background's storage (session and local: tab records, KS, Q&A), not in the panel, not in a request the
// browser made. The fake-globals attempt (the page lies about its own player globals, which it may always
// do) is refused when the lie grants nothing: no ADMIN, no request off Kaltura's API hosts or on another
// port, and moderation goes on. A look-alike host is refused when no content script runs there (the MAIN
// bridge does not answer a handshake) and the background holds nothing for its tab.
import { storedQuestions } from './stored-qna';
import type { Page } from 'playwright-core';
import type { Sandbox } from '../../../sandbox/server';
import { ChromiumHarness } from './chromium';
import { ask, CNC_ENTRY, moderatorUrl, openModeration, type QnaPanel } from './qna';
import { EVENT_HOST } from './sandbox';
import { waitFor } from './wait';

export interface SpoofOutcome {
  name: string;
  refused: boolean;
  /** Where the marker was found, or what the page saw. */
  evidence: string;
}

export interface SpoofReport {
  attempts: number;
  refused: number;
  refusedPct: number;
  outcomes: SpoofOutcome[];
}

interface PageAttempt {
  name: string;
  marker: string;
  note: string;
}

async function backgroundDump(h: ChromiumHarness): Promise<string> {
  return h.swEval(async () => {
    const c = (globalThis as any).chrome;
    return JSON.stringify([await c.storage.session.get(null), await c.storage.local.get(null)]);
  }, null);
}

/** A real question asked now reaches the background's storage and the panel: everything sent before it was processed. */
async function barrier(sb: Sandbox, h: ChromiumHarness, tabId: number, panel: QnaPanel, label: string): Promise<void> {
  const id = ask(sb, `Barrier question ${label}`, { userId: 'barrier' });
  await waitFor(
    `the barrier question ${id} (${label}) in the background and the panel`,
    async () => ({
      stored: (await storedQuestions(h, tabId)).some((q) => q.id === id),
      total: (await panel.counts().catch(() => null)) as Record<string, number> | null,
    }),
    (v) => v.stored && !!v.total && Object.values(v.total).reduce((a, b) => a + b, 0) === sb.control.truth(CNC_ENTRY).questions.length,
    { timeout: 20_000, interval: 200 },
  );
}

function requestsMatching(sb: Sandbox, needle: string) {
  const n = needle.toLowerCase();
  return sb.faults.requests().filter((r) => r.rawHost.toLowerCase().includes(n) || r.path.toLowerCase().includes(n));
}

export async function spoofRun(sb: Sandbox, h: ChromiumHarness): Promise<SpoofReport> {
  const outcomes: SpoofOutcome[] = [];
  const mod = await openModeration(h, `${moderatorUrl()}&hostile=spoof`);
  const { page, tabId, panel } = mod;
  await waitFor('the hostile script in the page', () => page.evaluate(() => typeof (window as any).__spoof?.run), (t) => t === 'function', { timeout: 5_000 });
  await barrier(sb, h, tabId, panel, 'before');
  const ksBefore = await h.sessionStorage(`ks:${tabId}`);

  // One attempt at a time, each followed by the barrier and a look for its marker everywhere (a later
  // attempt could overwrite what an earlier one planted).
  const names = (await page.evaluate(() => (window as any).__spoof.names)) as string[];
  let ksPrev = ksBefore;
  for (const name of names) {
    const [a] = (await page.evaluate((o) => (window as any).__spoof.run(o), { extensionId: h.extensionId, only: name })) as PageAttempt[];
    if (!a) throw new Error(`the hostile page ran no attempt named ${name}`);
    await barrier(sb, h, tabId, panel, `after ${name}`);
    const m = a.marker.toLowerCase();
    const requests = requestsMatching(sb, m);
    const ksNow = await h.sessionStorage(`ks:${tabId}`);
    const where = [
      (await backgroundDump(h)).toLowerCase().includes(m) ? 'background storage' : '',
      (await panel.allText()).toLowerCase().includes(m) ? 'panel' : '',
      requests.length ? `requests: ${requests.map((r) => `${r.rawHost}${r.path}`).join(', ')}` : '',
      // (The moderator view serves no player, so it may have no KS at all: then it must still have none.)
      ksNow !== ksPrev ? "the tab's KS changed" : '',
    ].filter(Boolean);
    ksPrev = ksNow;
    outcomes.push({ name: a.name, refused: where.length === 0 && !a.note.startsWith('threw'), evidence: where.join('; ') || a.note || 'marker nowhere' });
  }

  outcomes.push(await fakeGlobals(sb, h, page, tabId, panel));
  for (const host of [`${EVENT_HOST}.evil.test`, 'kaltura-events.test']) outcomes.push(await lookalike(h, host));

  const refused = outcomes.filter((o) => o.refused).length;
  return { attempts: outcomes.length, refused, refusedPct: (100 * refused) / outcomes.length, outcomes };
}

async function fakeGlobals(sb: Sandbox, h: ChromiumHarness, page: Page, tabId: number, panel: QnaPanel): Promise<SpoofOutcome> {
  const fake = (await page.evaluate(() => (window as any).__spoof.fakeGlobals())) as { marker: string; ks: string[] };
  // The page's claim is read (its KS changes to a fake one) and checked; wait until it was.
  const record = await waitFor(
    'the background to read the page\'s new (fake) globals and check them',
    async () => ({
      ks: (await h.sessionStorage(`ks:${tabId}`)) as string | null,
      record: (await h.sessionStorage(`tab:${tabId}`)) as { context?: { ks?: { status: string; type?: string | null; checkError?: string } } } | null,
    }),
    (v) => !!v.ks && fake.ks.includes(v.ks) && !!v.record?.context?.ks && (v.record.context.ks.status !== 'valid' || !!v.record.context.ks.type || !!v.record.context.ks.checkError),
    { timeout: 15_000 },
  ).catch((e: Error) => ({ ks: null, record: null, error: e.message.slice(0, 300) }));
  if ('error' in record) console.log(`[spoof] fake globals: ${record.error}`);
  await barrier(sb, h, tabId, panel, 'after the fake globals');
  const ks = record.record?.context?.ks;
  const offHost = sb.faults.requests().filter((r) => r.rawHost.toLowerCase().includes(fake.marker.toLowerCase()) || /:\d+$/.test(r.rawHost) && !r.rawHost.endsWith(':443'));
  const problems = [
    ks?.type === 'ADMIN' ? 'the fake KS is taken as ADMIN' : '',
    offHost.length ? `requests off Kaltura's API hosts: ${offHost.map((r) => `${r.rawHost}${r.path}`).join(', ')}` : '',
  ].filter(Boolean);
  return {
    name: 'fake-globals',
    refused: problems.length === 0,
    evidence: problems.join('; ') || `read as a claim (KS ${ks ? JSON.stringify({ status: ks.status, type: ks.type ?? null, checkError: ks.checkError?.slice(0, 80) }) : 'not read'}), granted nothing, moderation goes on`,
  };
}

async function lookalike(h: ChromiumHarness, host: string): Promise<SpoofOutcome> {
  const url = `https://${host}/chatandcollaboration/index/moderator?entryId=${CNC_ENTRY}`;
  const page = await h.openTab(url);
  try {
    await page.waitForSelector('#kep-widget-1[data-kep-connection="live"]', { timeout: 15_000 });
    // The MAIN-world bridge answers a handshake wherever our content scripts run (same matches); the
    // nonce must be one the bridge accepts (16 characters or more), or it would stay silent anywhere.
    const answered = await page.evaluate(() => {
      const el = document.createElement('div');
      el.setAttribute('data-cnc-nonce', 'lookalike-probe-0123456789abcdef');
      let n = 0;
      el.addEventListener('cnc-moderator:from-bridge', () => n++);
      // The bridge answers inside the dispatch (its capture listener replies synchronously), so the
      // count is final when dispatchEvent returns: no wait.
      window.dispatchEvent(new MouseEvent('cnc-moderator:connect', { relatedTarget: el }));
      return n;
    });
    const tabId = await h.tabIdOf(page);
    const record = (await h.sessionStorage(`tab:${tabId}`)) as { state?: string } | null;
    const dump = await backgroundDump(h);
    const qnaKeys = (dump.match(new RegExp(`"qna:${tabId}:`, 'g')) ?? []).length;
    const ks = await h.sessionStorage(`ks:${tabId}`);
    const attached = record?.state === 'attached' || record?.state === 'kaltura-no-cnc';
    return {
      name: `lookalike-host ${host}`,
      refused: answered === 0 && !attached && qnaKeys === 0 && !ks,
      evidence: `bridge answered ${answered}; tab state ${record?.state ?? '(no record)'}; Q&A keys ${qnaKeys}; KS ${ks ? 'stored' : 'none'}`,
    };
  } finally {
    await page.close();
  }
}
