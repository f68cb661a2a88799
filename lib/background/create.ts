// The background's composition root: every part made once, in the order of what it needs, from the
// browser given as deps (lib/background/deps.ts). Nothing here refers to a part made after it: the panels
// connected now (PanelFollowers) are made first, and every part that posts to panels, or asks whether a
// panel shows a tab, gets them rather than the hub. Listeners are registered synchronously, while
// createBackground runs, so a restarted service worker (Chrome) or event page (Firefox) hears every event.
//
// Features added later (chat, reactions, settings…) come as a list of functions `(ctx) => dispose`: each
// wires its own service from the context (storage, tabs, the tab store, panels…) and registers its content
// messages, panel intents and follow-time views through the context.
import { isContentToBackground, PANEL_PORT, type BackgroundToContent, type PanelToBackground, type PerformResult } from '../contracts/protocol';
import { fromActiveDocument, isContentHost } from '../content/matches';
import type { PageContext } from '../model/context';
import { BadgeKeeper } from '../notify/badge-keeper';
import { Notifier } from '../notify/notifier';
import type { NotifySettings } from '../notify/notify-policy';
import { originOf } from '../page/hosts';
import { AdminSessions, wireAdminExpiry } from '../session/admin-sessions';
import { createEventTools } from '../session/announcements/wiring';
import { createController } from '../session/controller';
import { PanelFollowers, PanelHub, type PanelFeature, type PanelPort } from '../session/panel-hub';
import { cncSurface } from '../session/qna/cnc-surface';
import { QnaManager } from '../session/qna/manager';
import { webcastSurfaceFor } from '../session/qna/webcast-factory';
import { wireChat } from '../session/chat/wiring';
import { createInsights } from '../session/settings/wiring';
import { TabStore } from '../session/tab-store';
import { markOnce } from '../platform/timeline';
import type { BackgroundDeps, Dispose, MessageSender } from './deps';
import { reinjectOpenTabs } from './reinject';

export type { BackgroundDeps, Dispose } from './deps';

/** storage.session: the panel intents handled lately (see PanelHub). */
const INTENT_LOG_KEY = 'panel-intents';
/** Ages change with time alone: badges are redrawn this often so a waiting badge turns urgent by itself. */
const BADGE_REFRESH_MS = 15_000;

/** What a feature's wiring gets. */
export interface FeatureContext {
  deps: BackgroundDeps;
  store: TabStore;
  admin: AdminSessions;
  /** The panels connected now: post to those showing a tab, ask which tabs are shown. */
  panels: PanelFollowers;
  contextOf(tabId: number): Promise<PageContext | null>;
  /** The moderator as the event knows them (the page's KS user), or 'me'. */
  meOf(tabId: number): Promise<string>;
  tellTab(tabId: number, message: BackgroundToContent): Promise<PerformResult | undefined>;
  /** Messages from content scripts (already checked: our extension, a tab, its active document). */
  onContentMessage(listener: (tabId: number, message: unknown) => void): Dispose;
  /** The feature's panel intents and what a panel gets when it starts following a tab. */
  usePanel(feature: PanelFeature): Dispose;
  onTabRemoved(listener: (tabId: number) => void): Dispose;
}

/** A feature's wiring: starts its part of the background, returns how to stop it. */
export type BackgroundFeature = (ctx: FeatureContext) => Dispose | void;

export interface Background {
  hub: PanelHub;
  qna: QnaManager;
  chat: ReturnType<typeof wireChat>;
  store: TabStore;
  /** Removes every listener and timer (a test's worker "stops"). */
  dispose(): void;
}

export function createBackground(deps: BackgroundDeps, features: readonly BackgroundFeature[] = []): Background {
  const { session, local } = deps.storage;
  const { now } = deps.clock;
  const disposers: Dispose[] = [];
  const tellTab = (tabId: number, message: BackgroundToContent) => deps.tabs.send(tabId, message) as Promise<PerformResult | undefined>;

  const panels = new PanelFollowers();
  const store = new TabStore(session);
  const contextOf = async (tabId: number) => (await store.get(tabId))?.context ?? null;
  const meOf = async (tabId: number) => {
    const ks = (await contextOf(tabId))?.ks;
    return ks?.status === 'valid' && ks.userId ? ks.userId : 'me';
  };
  const admin = new AdminSessions({ session, local, fetch: deps.fetch, now });
  // Calls made with the admin KS go through this, so an expired one ends the session and the panel says so.
  const adminFetch = admin.guard(deps.fetch);

  const notifier = new Notifier({
    session,
    local,
    attention: async (tabId) => {
      const tab = await deps.tabs.get(tabId).catch(() => null);
      const focused = tab ? await deps.tabs.windowFocused(tab.windowId).catch(() => false) : false;
      return { panelOpen: panels.follows(tabId), tabFocused: !!tab?.active && focused };
    },
    show: async (tabId, notice) => {
      deps.notifications.show(tabId, notice);
      if (deps.probe) await tellTab(tabId, { type: 'probe-notified', title: notice.title }).catch(() => undefined);
    },
    now,
    setTimeout: deps.clock.setTimeout,
  });

  const badges = new BadgeKeeper({
    draw: async (tabId, badge, state, stateChanged) => {
      await deps.badge.set(tabId, badge);
      // The content script acts on the tab's state; the Firefox e2e build also mirrors the badge onto the
      // page. A count alone changing is not worth a message into the event page (one per question).
      if (state && (stateChanged || deps.probe)) await tellTab(tabId, { type: 'verdict', state, badge: badge.text }).catch(() => undefined);
    },
    now,
    // The moderator's threshold survives a worker restart.
    loadUrgentAfter: async () => (await notifier.settings()).urgentAfterMs,
    // A burst of questions or flagged chat redraws at most this often (lib/notify/badge-keeper.ts): each
    // redraw is three browser calls and a repaint of the toolbar icon. Not 1 s: questions a few hundred ms
    // apart then each waited out most of the gap (qna.ingest_to_badge_p95_ms_hidden_tab 51 → 802 ms).
    minGapMs: 250,
    // The flagged chat count alone, at most once a second (a chat flood flags most of its messages).
    flaggedGapMs: 1_000,
    // The tooltip follows the count at most every 2 s (the badge's text shows it at once).
    titleGapMs: 2_000,
    setTimeout: deps.clock.setTimeout,
  });
  const refresh = deps.clock.setInterval(() => void badges.refreshAll(), BADGE_REFRESH_MS);
  disposers.push(() => deps.clock.clearInterval(refresh));

  const isCovered = async (url: string) => {
    if (isContentHost(url)) return true;
    const origin = originOf(url);
    return origin !== null && origin.startsWith('https:') && (await deps.origins.has(origin).catch(() => false));
  };
  const controller = createController({
    store,
    fetch: deps.fetch,
    setState: (tabId, state) => badges.setState(tabId, state),
    tellTab: async (tabId, message) => void (await tellTab(tabId, message)),
    isCovered,
    now,
  });

  // An expired ADMIN session reaches the tab's panels through wireAdminExpiry (admin.onChange), at once.
  const webcastFor = async (tabId: number, entryId: string) =>
    webcastSurfaceFor(admin, adminFetch, (await contextOf(tabId))?.partnerId ?? null, entryId, await meOf(tabId));
  const qna = new QnaManager({
    session,
    local,
    now,
    newId: deps.newId,
    cncSurfaceFor: (tabId, profileId) => cncSurface(profileId, (commandId, action) => tellTab(tabId, { type: 'qna-perform', commandId, action })),
    webcastSurfaceFor: webcastFor,
    meOf,
    rescan: (tabId, { since, token }) => {
      markOnce('rescan-asked', since ? 'since' : 'all');
      void tellTab(tabId, { type: 'qna-rescan', since, token }).catch(() => undefined);
    },
    onPatch: (tabId, patch) => {
      panels.postToTab(tabId, { type: 'qna-patch', tabId, patch });
      if (patch.meta && 'staleSince' in patch.meta) void badges.setOffline(tabId, patch.meta.staleSince ?? null);
    },
    onSnapshot: (tabId, snapshot, restored) => {
      // A restored session reaches the panels through their follow (see QnaManagerDeps.onSnapshot).
      if (!restored) panels.postToTab(tabId, { type: 'qna', tabId, snapshot });
      void badges.setOffline(tabId, snapshot.meta.staleSince);
    },
    partnerOf: async (tabId) => (await contextOf(tabId))?.partnerId ?? null,
    onPending: (tabId, entryId, pending) => {
      void badges.setWaiting(tabId, pending);
      void contextOf(tabId).then((context) => notifier.onPending(tabId, pending, entryId, context?.title || entryId));
    },
    setTimeout: deps.clock.setTimeout,
    mark: markOnce,
  });

  // Polls and announcements. `start` recovers the schedule and sends what fell due while the worker was stopped.
  const eventTools = createEventTools({
    store,
    admin,
    fetch: adminFetch,
    local,
    alarms: deps.alarms,
    tellTab,
    followedTabs: () => panels.followedTabs(),
    postToTab: (tabId, message) => panels.postToTab(tabId, message),
    meOf,
    now,
    newId: deps.newId,
    setTimeout: deps.clock.setTimeout,
  });

  const adminStatus = async (tabId: number) => {
    const partnerId = (await contextOf(tabId))?.partnerId ?? null;
    return partnerId === null ? null : admin.status(partnerId);
  };
  // Settings and reports: Events API and report calls with the moderator's ADMIN session.
  const insights = createInsights({ contextOf, admin, fetch: adminFetch, now });
  const hub = new PanelHub(
    {
      onInsight: (tabId, request) => insights.handle(tabId, request),
      activeTabOf: async (windowId) => {
        const tab = await deps.tabs.activeIn(windowId);
        return tab ? { tabId: tab.id, url: tab.url } : null;
      },
      tabUrl: async (tabId) => (await deps.tabs.get(tabId).catch(() => null))?.url,
      // The panel's follow reads the tab's record, then its Q&A: start the Q&A restore now, so that after a
      // worker restart the two storage reads overlap (the Q&A load is shared, see QnaManager.get).
      recordFor: async (tabId, url) => {
        void qna.snapshotReader(tabId).catch(() => undefined);
        return (await store.get(tabId)) ?? controller.recordFor(tabId, await url());
      },
      onOriginGranted: async (origin, tabId) => {
        if (!(await deps.origins.has(origin))) return;
        await deps.origins.sync();
        if (tabId !== null) await deps.origins.inject(tabId).catch(() => undefined);
      },
      qnaSnapshot: (tabId) => qna.snapshotReader(tabId),
      qnaSavedHead: (tabId) => qna.savedHead(tabId),
      onQnaAction: (tabId, action) => qna.act(tabId, action),
      onQnaLocal: (tabId, action) => qna.local(tabId, action),
      adminStatus,
      onAdminConnect: async (tabId, credentials, remember) => {
        const partnerId = (await contextOf(tabId))?.partnerId ?? null;
        return partnerId === null ? null : admin.connect(partnerId, credentials, remember);
      },
      onAdminForget: async (tabId) => {
        const partnerId = (await contextOf(tabId))?.partnerId ?? null;
        if (partnerId !== null) await admin.forget(partnerId);
        return adminStatus(tabId);
      },
      notifySettings: () => notifier.settings(),
      onNotifySettings: async (patch): Promise<NotifySettings> => {
        const settings = await notifier.saveSettings(patch);
        badges.setUrgentAfter(settings.urgentAfterMs);
        return settings;
      },
      pollsView: (tabId) => eventTools.pollsView(tabId),
      onPollsAction: (tabId, action) => eventTools.onPollsAction(tabId, action),
      announcementsView: (tabId) => eventTools.announcementsView(tabId),
      onAnnouncementsAction: (tabId, action) => eventTools.onAnnouncementsAction(tabId, action),
      intentLog: {
        load: async () => (await session.get<string[]>(INTENT_LOG_KEY)) ?? [],
        save: (ids) => session.set({ [INTENT_LOG_KEY]: ids }),
      },
      onWebcastStart: async (tabId) => {
        const context = await contextOf(tabId);
        if (!context?.entryId) return 'This page names no session entry to moderate.';
        const surface = await webcastFor(tabId, context.entryId);
        if (!surface) return 'Connect an ADMIN session first.';
        await qna.attachWebcast(tabId, context.entryId, surface);
        return null;
      },
    },
    panels,
  );
  disposers.push(store.subscribe((tabId, record) => hub.onRecord(tabId, record)));
  disposers.push(wireAdminExpiry(admin, { followedTabs: () => panels.followedTabs(), partnerOf: async (tabId) => (await contextOf(tabId))?.partnerId ?? null, post: (tabId, status) => panels.postToTab(tabId, { type: 'admin', tabId, status }) }));

  // Group chat (issue 11): its manager, the widget through the content script, the panels, the badge.
  const chat = wireChat({
    panels,
    usePanel: (feature) => hub.use(feature),
    badges,
    tellTab,
    session,
    local,
    archive: deps.chatArchive,
    meOf,
    partnerOf: async (tabId) => (await contextOf(tabId))?.partnerId ?? null,
    now,
    newId: deps.newId,
    setTimeout: deps.clock.setTimeout,
  });
  disposers.push(chat.stop);
  // The chat archive's retention (lib/model/chat/archive.ts): sessions past it go when the worker starts, a
  // little after, so the open and the deletes do not sit in a cold restore's way, and once a day while it
  // lives (a worker a panel keeps alive for days never starts again). A failure waits for the next turn (the
  // report says how long the log is kept; an expired one that stays a day longer is the only effect).
  if (deps.chatArchive) {
    const archive = deps.chatArchive;
    const prune = () => void archive.prune(now()).catch((e: unknown) => console.warn('chat archive: retention failed', e));
    deps.clock.setTimeout(prune, 3_000);
    const daily = deps.clock.setInterval(prune, 24 * 60 * 60 * 1000);
    disposers.push(() => deps.clock.clearInterval(daily));
  }

  // ------------------------------------------------------------------ events
  const contentListeners = new Set<(tabId: number, message: unknown) => void>();
  const removedListeners = new Set<(tabId: number) => void>();
  const fromOurTab = (sender: MessageSender): number | null => {
    if (sender.id !== deps.runtime.id || sender.tabId === undefined) return null;
    // A prerendered or bfcached page does not speak for its tab.
    return fromActiveDocument(sender) ? sender.tabId : null;
  };

  disposers.push(deps.alarms.onAlarm((name) => eventTools.onAlarm(name)));
  void eventTools.start();

  disposers.push(
    deps.runtime.onMessage((message, sender) => {
      const tabId = fromOurTab(sender);
      if (tabId === null) return;
      for (const listener of contentListeners) listener(tabId, message);
      if (!isContentToBackground(message)) return;
      switch (message.type) {
        case 'page-snapshot':
          void controller.onSnapshot(tabId, message.snapshot);
          return;
        case 'qna-batch':
          markOnce('batch-received', message.questions.length);
          void qna.onBatch(tabId, message.entryId, message.profileId, message.questions, message).catch(() => undefined);
          return;
        case 'chat-batch':
          void chat.onBatch(tabId, message);
          return;
        case 'heartbeat':
          void qna.snapshot(tabId); // restores a webcast session (and its polling) after a restart
          return;
      }
    }),
  );

  disposers.push(
    deps.runtime.onConnect((port) => {
      // Only our own extension pages may follow tabs.
      if (port.name !== PANEL_PORT || !port.senderUrl?.startsWith(deps.runtime.pagesUrl)) return;
      markOnce('panel-connected');
      const panel: PanelPort = {
        postMessage: (message) => {
          // (A large snapshot goes head first: the hub posts the head, the rest once the panel drew it.)
          if (message.type === 'qna') markOnce('snapshot-post');
          port.postMessage(message);
          if (message.type === 'qna-head') markOnce('head-posted');
          if (message.type === 'qna') markOnce('snapshot-posted', message.snapshot?.questions.length ?? 0);
        },
      };
      hub.connect(panel);
      port.onMessage((message) => void hub.onMessage(panel, message as PanelToBackground));
      port.onDisconnect(() => hub.disconnect(panel));
    }),
  );

  disposers.push(
    deps.tabs.onUpdated((tabId, change, tab) => {
      const url = change.url ?? (change.status === 'loading' ? tab.url : undefined);
      if (url) void controller.onUrlChanged(tabId, url, change.status === 'loading');
      // The browser resets a tab's badge when it loads another document, and the badge setter skips values
      // it believes the tab shows: forget them on every load event, and draw the badge again once the load
      // is complete (after the reset, whenever that came; a state that did not change is not redrawn).
      if (url || change.status) deps.badge.forget?.(tabId);
      if (change.status === 'complete') void badges.repaint(tabId).catch(() => undefined);
    }),
    deps.tabs.onRemoved((tabId) => {
      badges.forget(tabId);
      deps.badge.forget?.(tabId);
      void controller.onTabRemoved(tabId);
      void qna.forget(tabId);
      void chat.forget(tabId);
      void notifier.forget(tabId);
      for (const listener of removedListeners) listener(tabId);
    }),
    deps.tabs.onActivated(({ tabId, windowId }) => {
      notifier.attentionChanged();
      void hub.onActiveTab(windowId, tabId);
    }),
    // Where the moderator looks changed: the notifier's cached answer (ATTENTION_FRESH_MS) is stale.
    deps.tabs.onWindowFocus?.(() => notifier.attentionChanged()) ?? (() => undefined),
    panels.watch(() => notifier.attentionChanged()),
  );

  const syncOrigins = () => void deps.origins.sync().catch(() => undefined);
  disposers.push(
    deps.origins.onChanged(syncOrigins),
    deps.runtime.onStartup(syncOrigins),
    deps.runtime.onInstalled(async () => {
      await deps.origins.sync().catch(() => undefined);
      await reinjectOpenTabs(deps);
    }),
  );

  // ------------------------------------------------------------------ features
  const context: FeatureContext = {
    deps,
    store,
    admin,
    panels,
    contextOf,
    meOf,
    tellTab,
    onContentMessage: (listener) => {
      contentListeners.add(listener);
      return () => contentListeners.delete(listener);
    },
    usePanel: (feature) => hub.use(feature),
    onTabRemoved: (listener) => {
      removedListeners.add(listener);
      return () => removedListeners.delete(listener);
    },
  };
  for (const feature of features) {
    const dispose = feature(context);
    if (dispose) disposers.push(dispose);
  }

  markOnce('background-created');
  // A (re)started worker restores the tab records and every saved Q&A session now, not when a panel
  // follows a tab or a tab reports: whatever woke it asks for them next, and a panel's page takes longer to
  // load than the reads (after a worker stop with 11,000 questions saved, the panel's snapshot was posted
  // ~300 ms after it connected; the reads are shared with those asks).
  void store.tabIds().then((tabIds) => qna.restoreSaved(tabIds)).catch(() => undefined);
  return {
    hub,
    qna,
    chat,
    store,
    dispose() {
      for (const dispose of disposers.splice(0).reverse()) dispose();
    },
  };
}
