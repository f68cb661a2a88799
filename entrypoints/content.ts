// Runs on Kaltura pages (and on custom domains the moderator granted, registered at runtime):
// opens the private channel to the MAIN-world bridge, watches the page, mounts the widget features
// (lib/content/features.ts), reports snapshots and Q&A to the background over one port, and performs
// Q&A actions through the widget's own controls.
import { browser } from 'wxt/browser';
import { QnaAttachment } from '@/lib/cnc/qna-attach';
import { AnnounceFeature } from '@/lib/cnc/announce';
import { ReactionsFeature } from '@/lib/cnc/reactions-watcher';
import { ChatAttachment } from '@/lib/cnc/chat-attach';
import { FeatureManager } from '@/lib/content/features';
import { widgetMountOf } from '@/lib/content/mount';
import { connectBridge } from '@/lib/messaging/bridge';
import { CONTENT_MATCHES } from '@/lib/content/matches';
import type { BackgroundToContent, ContentToBackground, PerformResult } from '@/lib/contracts/protocol';
import { PageWatcher } from '@/lib/page/watcher';
import { reflectForTests, reflectInstanceForTests } from '@/lib/page/e2e-probe';
import { startInstance } from '@/lib/content/instance';
import { installPageProfiles, PageProfileWatch, TeachFeature } from '@/lib/content/teach';
import { ReportPort } from '@/lib/content/report-port';
import { Company } from '@/lib/content/company';
import { lifeTimers } from '@/lib/content/timers';
import { connectReportPort, whenDocumentShown } from '@/lib/platform/report-port';
import { markPageBridge } from '@/lib/platform/bridge-mark';

const HEARTBEAT_MS = 20_000;

export default defineContentScript({
  matches: CONTENT_MATCHES,
  runAt: 'document_idle',
  async main(ctx) {
    // This document has our page bridge: a later injection must not add a second (lib/platform/injection.ts).
    markPageBridge();
    // One live instance per document: a newer instance of this script (a grant's or an install's
    // executeScript on top of the manifest's) invalidates this one, which then stops all it runs through
    // `life`, or, invalidated while it starts, starts nothing (lib/content/instance.ts).
    // Teach mode: this origin's custom profile (if any) is in use before the page is first read.
    let customProfile = false;
    const signal = await startInstance(ctx, async () => {
      customProfile = await installPageProfiles(location.href);
    });
    if (!signal) return;
    const life = { signal };
    reflectInstanceForTests(signal);

    let bridge: { collect(): void } | null = null;

    // Not ctx.setTimeout: it leaves a listener on the context per timer (lib/content/timers.ts).
    const timers = lifeTimers(life.signal);

    // Reports go over one long-lived port (lib/content/report-port.ts): queued while it is down, sent
    // again after a worker restart, never handled twice. Resolves false only once this script's life ended.
    const instance = crypto.randomUUID();
    const reports = new ReportPort({ connect: () => connectReportPort(instance), whenShown: () => whenDocumentShown(document), ...timers, signal: life.signal });
    const post = (message: ContentToBackground): Promise<boolean> => reports.send(message);

    // Widget features, mounted on the widget the page watcher finds (lib/content/features.ts).
    // The chat's held messages ride along on any other report's post (ChatWatcher.ride), and the Q&A's and
    // reactions' reports join the chat's open hold rather than post alone (lib/content/company.ts).
    const chat = new ChatAttachment({ send: (batch) => post({ type: 'chat-batch', ...batch }), ...timers, now: Date.now, riding: (ride) => reports.addRider(ride) });
    const company = new Company({ post: (m) => post(m as ContentToBackground), riding: (ride) => reports.addRider(ride), openUntil: () => chat.holdUntil(), ...timers, now: Date.now, signal: life.signal });
    // A rescan's answer or a batch with no question (connection, who is signed in) does not wait.
    const qna = new QnaAttachment({ send: (batch) => company.send({ type: 'qna-batch', ...batch }, batch.questions.length > 0 && batch.rescanned === undefined), ...timers, now: Date.now });
    const announce = new AnnounceFeature({ doc: document, ...timers, now: Date.now });
    const reactions = new ReactionsFeature({ send: (batch) => company.send({ type: 'reactions-batch', ...batch }, true), ...timers, now: Date.now });
    const features = new FeatureManager([qna, announce, reactions, chat], life.signal);
    // Teach mode: a custom profile saved or imported for this origin remounts the features on the widget
    // as that profile reads it. Heard only where the origin has one or the Teach view talked to this page
    // (PageProfileWatch: other pages pay nothing for the extension's storage writes).
    const profileWatch = new PageProfileWatch({
      url: location.href,
      changed: () => {
        features.mount(null);
        watcher.resend();
      },
      signal: life.signal,
    });
    if (customProfile) profileWatch.listen();
    // Teach mode (lib/content/teach.ts): the panel's picks on this page, whether or not a profile matches.
    const teach = new TeachFeature({ doc: document, url: () => location.href, now: Date.now, signal: life.signal, used: () => profileWatch.listen() });

    const watcher = new PageWatcher({
      doc: document,
      url: () => location.href,
      resources: () => performance.getEntriesByType('resource'),
      requestGlobals: () => bridge?.collect(),
      send: (snapshot) => post({ type: 'page-snapshot', snapshot }),
      looked: (snapshot, root) => features.mount(widgetMountOf(snapshot, root)),
      ...timers,
      now: Date.now,
      signal: life.signal,
    });

    // While this is a Kaltura page, a message now and then wakes a stopped service worker, which then
    // restores this tab's session and resumes polling Kaltura for it.
    let heartbeat = false;
    const startHeartbeat = () => {
      if (heartbeat) return;
      heartbeat = true;
      ctx.setInterval(() => void post({ type: 'heartbeat' }), HEARTBEAT_MS);
    };

    const onMessage = (message: unknown): Promise<PerformResult> | undefined => {
      const m = message as BackgroundToContent;
      switch (m?.type) {
        case 'verdict':
          // The background reset this tab (a reload it saw before we spoke): tell it again.
          if (m.state === 'detecting') watcher.resend();
          if (m.state === 'attached' || m.state === 'kaltura-no-cnc') startHeartbeat();
          reflectForTests(m);
          return undefined;
        case 'probe-notified':
          reflectForTests(m);
          return undefined;
        case 'qna-rescan':
          qna.rescan(m);
          return undefined;
        case 'qna-perform':
          // Async: a profile's steps may wait for a menu or a confirmation dialog.
          return qna.perform(m.action).then(
            () => ({ ok: true }) as const,
            (error: unknown) => ({ ok: false, error: error instanceof Error ? error.message : String(error) }) as const,
          );
        case 'chat-rescan':
          chat.rescan();
          return undefined;
        case 'chat-pace':
          if (m.pace === 'shown' || m.pace === 'unseen') chat.setPace(m.pace);
          return undefined;
        case 'chat-perform':
          try {
            chat.perform(m.action);
            return Promise.resolve({ ok: true });
          } catch (error) {
            return Promise.resolve({ ok: false, error: error instanceof Error ? error.message : String(error) });
          }
        case 'announce-perform':
          // Answered once the widget lists the announcement (or with the reason it did not).
          return announce.perform(m).then(
            () => ({ ok: true }) as const,
            (error: unknown) => ({ ok: false, error: error instanceof Error ? error.message : String(error) }) as const,
          );
        case 'reactions-perform':
          // Answered once the widget shows reactions on / off (or with the reason it did not).
          return reactions.perform(m.on).then(
            () => ({ ok: true }) as const,
            (error: unknown) => ({ ok: false, error: error instanceof Error ? error.message : String(error) }) as const,
          );
        case 'reactions-rescan':
          reactions.rescan();
          return undefined;
        default:
          return teach.onMessage(message) as Promise<never> | undefined;
      }
    };
    browser.runtime.onMessage.addListener(onMessage);
    ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));

    // The MAIN-world script (page-bridge.content.ts) has been listening since document_start: open our
    // private channel to it (lib/messaging/bridge.ts says why the page cannot see or forge it).
    bridge = connectBridge(window, document, crypto.randomUUID(), (message) => {
      if (message.type === 'globals') watcher.onGlobals(message.globals);
    }, life.signal);

    watcher.observe();
    ctx.addEventListener(window, 'wxt:locationchange', () => watcher.changed());
    // Nothing may change in the DOM after a load from the bfcache: report anyway.
    ctx.addEventListener(window, 'pageshow', () => watcher.resend());
    watcher.changed();
  },
});
