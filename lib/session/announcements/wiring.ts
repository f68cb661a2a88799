// Polls and announcements in the background: the two services, and how they reach tabs, panels, Kaltura
// and the clock. background.ts passes the browser in as deps and hands the result to the panel hub.
import { announcementsProfileOf, pinAbsence } from '../../cnc/announce-profile';
import type { Fetch } from '../../kaltura/api';
import { createPollsClient } from '../../kaltura/polls/client';
import { WebcastQnaClient } from '../../kaltura/qna/client';
import type { BackgroundToContent, BackgroundToPanel, PerformResult } from '../../messaging/protocol';
import type { PageContext, TabRecord } from '../../model/context';
import type { Alarms } from '../../platform/alarms';
import type { StorageArea } from '../../platform/storage';
import type { AdminSessions } from '../admin-sessions';
import { PollsService } from '../polls/service';
import type { PollsAction, PollsView } from '../polls/types';
import type { TabStore } from '../tab-store';
import { ANNOUNCEMENT_ALARM, AnnouncementsService, type ActingTab } from './service';
import type { AnnouncementsAction, AnnouncementsView, SurfaceChoice } from './types';

export interface EventToolsDeps {
  store: TabStore;
  admin: AdminSessions;
  fetch: Fetch;
  local: StorageArea;
  alarms: Alarms;
  tellTab(tabId: number, message: BackgroundToContent): Promise<PerformResult | undefined>;
  /** Every open tab's id. */
  allTabIds(): Promise<number[]>;
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

  /** Tabs showing this session: the ones panels follow first. */
  async function tabsOf(contextId: string): Promise<Array<{ tabId: number; record: TabRecord }>> {
    const followed = deps.followedTabs();
    const all = await deps.allTabIds().catch(() => [] as number[]);
    const order = [...new Set([...followed, ...all])];
    const out: Array<{ tabId: number; record: TabRecord }> = [];
    for (const tabId of order) {
      const record = await deps.store.get(tabId);
      if (record?.context?.entryId === contextId) out.push({ tabId, record });
    }
    return out;
  }

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
    async clientFor(contextId) {
      for (const { tabId, record } of await tabsOf(contextId)) {
        const context = record.context!;
        const region = context.region ?? DEFAULT_REGION;
        const pageKs = await deps.store.getKs(tabId);
        const adminKs = context.partnerId !== null ? (await deps.admin.get(context.partnerId))?.ks : undefined;
        const ks = pageKs ?? adminKs;
        if (ks) return createPollsClient({ fetch: deps.fetch, region, ks });
      }
      return "No session key for Kaltura polls: open this session's page signed in as a moderator, or connect an ADMIN session.";
    },
    async watched() {
      const contexts = new Set<string>();
      for (const tabId of deps.followedTabs()) {
        const entryId = (await contextOf(tabId))?.entryId;
        if (entryId) contexts.add(entryId);
      }
      return [...contexts];
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
    return { choice, pinProblem, by: await deps.meOf(tabId), partnerId: context?.partnerId ?? null };
  }

  const announcements: AnnouncementsService = new AnnouncementsService({
    local: deps.local,
    alarms: deps.alarms,
    now: deps.now,
    newId: deps.newId,
    async deliver(contextId, delivery) {
      if (delivery.surface === 'qna-annotation') {
        const partnerId = delivery.partnerId ?? (await tabsOf(contextId))[0]?.record.context?.partnerId ?? null;
        const session = partnerId !== null ? await deps.admin.get(partnerId) : null;
        if (!session) throw new Error('No ADMIN session for the webcast Q&A: connect one and send it again.');
        const client = new WebcastQnaClient({ fetch: deps.fetch, ks: session.ks });
        await client.announce({ entryId: contextId, text: delivery.text, commandId: delivery.id });
        return;
      }
      const tabs = (await tabsOf(contextId)).filter(({ record }) => record.state === 'attached' && record.context?.cnc.moderatorView);
      if (!tabs.length) throw new Error("No open tab shows this session's CnC moderator widget: open it and send the announcement again.");
      let last = '';
      for (const { tabId } of tabs) {
        let result: PerformResult | undefined;
        try {
          result = await deps.tellTab(tabId, { type: 'announce-perform', id: delivery.id, text: delivery.text, pin: delivery.pin });
        } catch {
          last = 'The event tab did not answer: it may have been closed or reloaded.';
          continue;
        }
        if (result?.ok) return;
        // The widget was asked and refused: another tab would only repeat it.
        if (result && !result.ok) throw new Error(result.error);
        last = 'The event tab did not answer: reload it and try again.';
      }
      throw new Error(last);
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
      void polls.refresh(entryId);
      return view;
    },
    async onPollsAction(tabId: number, action: PollsAction): Promise<void> {
      const entryId = (await contextOf(tabId))?.entryId;
      if (entryId) await polls.act(entryId, action);
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
