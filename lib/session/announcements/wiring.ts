// Polls and announcements in the background: the two services, and how they reach tabs, panels, Kaltura
// and the clock. background.ts passes the browser in as deps and hands the result to the panel hub.
import { announcementsProfileOf, pinAbsence } from '../../cnc/announce-profile';
import type { Fetch } from '../../kaltura/api';
import { createPollsClient } from '../../kaltura/polls/client';
import { WebcastQnaClient } from '../../kaltura/qna/client';
import type { BackgroundToContent, BackgroundToPanel, PerformResult } from '../../contracts/protocol';
import type { PageContext } from '../../model/context';
import { originOf } from '../../page/hosts';
import type { Alarms } from '../../platform/alarms';
import type { StorageArea } from '../../platform/storage';
import type { AdminSessions } from '../admin-sessions';
import { PollsService } from '../polls/service';
import type { PollsAction, PollsView } from '../../contracts/polls';
import type { TabStore } from '../tab-store';
import { ANNOUNCEMENT_ALARM, AnnouncementsService, type ActingTab, type Delivery } from './service';
import type { AnnouncementsAction, AnnouncementsView, SurfaceChoice } from '../../contracts/announcements';

export interface EventToolsDeps {
  store: TabStore;
  admin: AdminSessions;
  fetch: Fetch;
  local: StorageArea;
  alarms: Alarms;
  tellTab(tabId: number, message: BackgroundToContent): Promise<PerformResult | undefined>;
  /** Tabs a panel shows now. */
  followedTabs(): number[];
  postToTab(tabId: number, message: Extract<BackgroundToPanel, { type: 'polls' | 'announcements' }>): void;
  meOf(tabId: number): Promise<string>;
  now(): number;
  newId(): string;
  setTimeout(fn: () => void, ms: number): unknown;
}

const DEFAULT_REGION = 'nvp1';

export function createEventTools(deps: EventToolsDeps) {
  const contextOf = async (tabId: number): Promise<PageContext | null> => (await deps.store.get(tabId))?.context ?? null;

  async function followedTabsOf(contextId: string): Promise<number[]> {
    const out: number[] = [];
    for (const tabId of deps.followedTabs()) if ((await contextOf(tabId))?.entryId === contextId) out.push(tabId);
    return out;
  }

  // ------------------------------------------------------------------ polls
  const polls = new PollsService({
    local: deps.local,
    now: deps.now,
    newId: deps.newId,
    setTimeout: deps.setTimeout,
    // Only this tab's credentials: another tab naming the same entry id (any *.kaltura.com page can) is
    // never a source of a KS for this one, nor this one's for it.
    async clientFor(contextId, tabId) {
      const context = await contextOf(tabId);
      if (context?.entryId !== contextId) return 'This tab no longer shows this session: open its page again.';
      const region = context.region ?? DEFAULT_REGION;
      const pageKs = await deps.store.getKs(tabId);
      const adminKs = context.partnerId !== null ? (await deps.admin.get(context.partnerId))?.ks : undefined;
      const ks = pageKs ?? adminKs;
      if (ks) return createPollsClient({ fetch: deps.fetch, region, ks });
      return "No session key for Kaltura polls: open this session's page signed in as a moderator, or connect an ADMIN session.";
    },
    async watched() {
      const out: Array<{ contextId: string; tabId: number }> = [];
      for (const tabId of deps.followedTabs()) {
        const entryId = (await contextOf(tabId))?.entryId;
        if (entryId) out.push({ contextId: entryId, tabId });
      }
      return out;
    },
    onView(contextId, view) {
      void followedTabsOf(contextId).then((tabs) => {
        for (const tabId of tabs) deps.postToTab(tabId, { type: 'polls', tabId, view });
      });
    },
  });

  // ------------------------------------------------------------------ announcements
  async function surfaceFor(tabId: number): Promise<SurfaceChoice> {
    const record = await deps.store.get(tabId);
    const context = record?.context;
    if (!record || !context?.entryId) return { surface: null, problem: 'This page names no session to announce in.' };
    if (record.state === 'attached' && context.cnc.moderatorView && announcementsProfileOf(context.diagnostics.profileId)) {
      return { surface: 'cnc-widget', problem: null };
    }
    if (context.partnerId !== null && (await deps.admin.get(context.partnerId))) return { surface: 'qna-annotation', problem: null };
    if (record.state === 'attached') {
      return {
        surface: null,
        problem: context.cnc.moderatorView
          ? 'The CnC widget on this page has no announcement composer the extension knows.'
          : 'The CnC widget on this page is not in moderator mode: open the session as a moderator (or the moderator app).',
      };
    }
    return { surface: null, problem: 'Connect an ADMIN session ("This page") to announce on the webcast Q&A.' };
  }

  async function actingTab(tabId: number): Promise<ActingTab> {
    const context = await contextOf(tabId);
    const choice = await surfaceFor(tabId);
    const profileId = context?.diagnostics.profileId ?? '';
    const profile = announcementsProfileOf(profileId);
    const pinProblem = choice.surface === 'cnc-widget' && profile ? pinAbsence(profile, profileId) : null;
    const record = await deps.store.get(tabId);
    const partnerId = context?.partnerId ?? null;
    const tab = { tabId, origin: record ? originOf(record.url) : null, partnerId };
    return { choice, pinProblem, by: await deps.meOf(tabId), partnerId, tab };
  }

  /**
   * The one tab a CnC-widget announcement may go to: the tab it was asked for from, still showing the same
   * session on the same site. Anything else is a failure with its reason, never another tab.
   */
  async function ownTab(contextId: string, delivery: Delivery): Promise<number> {
    const { tab } = delivery;
    if (!tab) throw new Error('It was scheduled before the extension recorded its tab: send it again from the event tab.');
    const record = await deps.store.get(tab.tabId);
    if (!record) throw new Error(delivery.scheduled ? 'The tab that scheduled it was closed.' : 'The event tab was closed.');
    if (record.context?.entryId !== contextId || originOf(record.url) !== tab.origin) {
      throw new Error(
        delivery.scheduled ? 'The tab that scheduled it now shows another page or session.' : 'The event tab now shows another page or session.',
      );
    }
    if (record.state !== 'attached' || !record.context.cnc.moderatorView) {
      throw new Error("The event tab no longer shows this session's CnC moderator widget: open it and send the announcement again.");
    }
    return tab.tabId;
  }

  const announcements: AnnouncementsService = new AnnouncementsService({
    local: deps.local,
    alarms: deps.alarms,
    now: deps.now,
    newId: deps.newId,
    async deliver(contextId, delivery) {
      if (delivery.surface === 'qna-annotation') {
        // Kaltura's API with the ADMIN session of the partner the asking tab named (no tab needed to send).
        const partnerId = delivery.partnerId;
        const session = partnerId !== null ? await deps.admin.get(partnerId) : null;
        if (!session) throw new Error('No ADMIN session for the webcast Q&A: connect one and send it again.');
        const client = new WebcastQnaClient({ fetch: deps.fetch, ks: session.ks });
        await client.announce({ entryId: contextId, text: delivery.text, commandId: delivery.id });
        return;
      }
      const tabId = await ownTab(contextId, delivery);
      let result: PerformResult | undefined;
      try {
        result = await deps.tellTab(tabId, { type: 'announce-perform', id: delivery.id, text: delivery.text, pin: delivery.pin });
      } catch {
        throw new Error('The event tab did not answer: it may have been closed or reloaded.');
      }
      if (result?.ok) return;
      if (result && !result.ok) throw new Error(result.error);
      throw new Error('The event tab did not answer: reload it and try again.');
    },
    onView(contextId) {
      void followedTabsOf(contextId).then(async (tabs) => {
        for (const tabId of tabs) deps.postToTab(tabId, { type: 'announcements', tabId, view: await announcements.view(contextId, await actingTab(tabId)) });
      });
    },
  });

  return {
    async pollsView(tabId: number): Promise<PollsView | null> {
      const entryId = (await contextOf(tabId))?.entryId;
      if (!entryId) return null;
      const view = await polls.view(entryId);
      void polls.refresh(entryId, tabId);
      return view;
    },
    async onPollsAction(tabId: number, action: PollsAction): Promise<void> {
      const entryId = (await contextOf(tabId))?.entryId;
      if (entryId) await polls.act(entryId, action, tabId);
    },
    async announcementsView(tabId: number): Promise<AnnouncementsView | null> {
      const entryId = (await contextOf(tabId))?.entryId;
      if (!entryId) return null;
      return announcements.view(entryId, await actingTab(tabId));
    },
    async onAnnouncementsAction(tabId: number, action: AnnouncementsAction): Promise<void> {
      const entryId = (await contextOf(tabId))?.entryId;
      if (entryId) await announcements.act(entryId, action, await actingTab(tabId));
    },
    /** Once per worker start: recover the schedule, send what is overdue, set the alarm. */
    start: () => announcements.start(),
    onAlarm(name: string): void {
      if (name === ANNOUNCEMENT_ALARM) void announcements.runDue();
    },
  };
}
