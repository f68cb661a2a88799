// Messages between the content script, the background and the side panel.
import type { TabRecord } from '../model/context';
import type { QnaAction, QnaLocalAction } from '../model/qna/commands';
import type { QnaPatch, QnaSnapshot } from '../model/qna/session';
import type { QnaBatch, QnaHead, QnaReportCursor } from './qna-batch';
import type { PageSnapshot } from '../page/snapshot';
import type { AdminCredentials, AdminStatus } from './admin';
import type { AnnouncementsAction, AnnouncementsView } from './announcements';
import type { PollsAction, PollsView } from './polls';
import type { NotifySettings } from '../notify/notify-policy';
import type { InsightRequest, InsightView } from './insights';
import type { ReactionsBatch } from './reactions';
// ---- group chat (issue 11): its own file, joined into the unions below
import { isChatBatch, type ChatBackgroundToContent, type ChatContentToBackground, type ChatPanelIntent, type ChatToPanel } from './chat';

/** content → background (runtime.sendMessage). The sender's tab is the subject. */
export type ContentToBackground =
  | { type: 'page-snapshot'; snapshot: PageSnapshot }
  /**
   * Questions the widget's moderator view shows that changed since the last batch. `removed`: ids the
   * widget no longer shows; `full`: the batch lists every row the widget shows (others were deleted).
   */
  | ({ type: 'qna-batch' } & QnaBatch & { removed?: string[]; full?: boolean })
  /** Now and then while attached: a message wakes a stopped service worker and keeps polling going. */
  | { type: 'heartbeat' }
  // ---- reactions (lib/contracts/reactions.ts; handled by lib/session/reactions/wiring.ts)
  | ({ type: 'reactions-batch' } & ReactionsBatch)
  | ChatContentToBackground;

/** background → content (tabs.sendMessage). */
export type BackgroundToContent =
  /** What the background decided about this tab. */
  | { type: 'verdict'; state: TabRecord['state']; badge: string }
  /** Perform a Q&A action through the widget's controls; answered with a PerformResult. */
  | { type: 'qna-perform'; commandId: string; action: QnaAction }
  /**
   * Send the questions again (the background lost its copy): those reported after `since` when it is this
   * content script's cursor (the background restored the rest from storage), else every one.
   */
  | { type: 'qna-rescan'; since?: QnaReportCursor | null; token?: string }
  /** Test builds only (WXT_E2E_PROBE): a notification was shown for this tab. */
  | { type: 'probe-notified'; title: string }
  /** Announce through the widget's composer; answered with a PerformResult once the widget lists it. */
  | { type: 'announce-perform'; id: string; text: string; pin: boolean }
  // ---- reactions: turn the session's live reactions on or off through the widget's switch; answered
  // with a PerformResult once the widget shows the new state
  | { type: 'reactions-perform'; on: boolean }
  /** Send the totals again (the background lost its copy). */
  | { type: 'reactions-rescan' }
  | ChatBackgroundToContent;

export type PerformResult = { ok: true } | { ok: false; error: string };

/**
 * panel → background, over the `panel` port: `follow` (sent again on every connect), then intents.
 * Each intent carries an id; the background acknowledges it once handled and ignores an id it has seen
 * (an intent sent again after a reconnect whose ack was lost is not applied twice).
 */
export type PanelToBackground =
  /** Follow one tab, or the active tab of a window. */
  | { type: 'follow'; tabId: number }
  | { type: 'follow'; windowId: number }
  // ---- head-first Q&A snapshot (issue 9): the panel drew the head it got for this tab; the background then
  // posts the rest (it would anyway after a while: lib/session/panel-hub.ts). Not an intent: no id, no ack.
  | { type: 'qna-head-shown'; tabId: number }
  // ---- what the panel shows (lib/session/panel-hub.ts): the chat's patches go only to a panel that shows
  // the chat (its Chat view, the session report, an open person card); it is caught up when it shows it
  // again. Standing state, not an intent: sent after every follow (lib/messaging/panel-connection.ts).
  | ({ type: 'panel-shows' } & PanelShows)
  | (PanelIntent & { intentId?: string });

/** The busy streams a panel shows now (absent: all of them, a panel that never said). */
export interface PanelShows {
  chat: boolean;
}

export type PanelIntent =
  /** The moderator granted this origin from the panel; attach there. */
  | { type: 'origin-granted'; origin: string; tabId: number | null }
  | { type: 'qna-action'; tabId: number; action: QnaAction }
  | { type: 'qna-local'; tabId: number; action: QnaLocalAction }
  /** Connect an ADMIN session for the followed tab's partner (credentials go to the background only). */
  | { type: 'admin-connect'; tabId: number; credentials: AdminCredentials; remember: boolean }
  | { type: 'admin-forget'; tabId: number }
  /** Change the moderator's notification settings (mute a session, sound, urgency threshold). */
  | { type: 'notify-settings'; patch: Partial<NotifySettings> }
  /** Moderate the followed tab's session over the legacy webcast Q&A. */
  | { type: 'webcast-start'; tabId: number }
  | { type: 'polls-action'; tabId: number; action: PollsAction }
  | { type: 'announcements-action'; tabId: number; action: AnnouncementsAction }
  // ---- settings and reports (issue 12): ask the background about the followed session
  | { type: 'insight-request'; tabId: number; request: InsightRequest }
  | ChatPanelIntent;

/**
 * background → panel. The tab record comes whole each time (it is small); Q&A comes as one snapshot
 * when the panel starts following a tab, then as patches.
 */
export type BackgroundToPanel =
  | { type: 'tab'; tabId: number | null; record: TabRecord | null }
  | { type: 'qna'; tabId: number; snapshot: QnaSnapshot | null }
  | { type: 'qna-patch'; tabId: number; patch: QnaPatch }
  | { type: 'admin'; tabId: number; status: AdminStatus | null }
  /** The poll library of the tab's session (null: the tab names no session). */
  | { type: 'polls'; tabId: number; view: PollsView | null }
  | { type: 'announcements'; tabId: number; view: AnnouncementsView | null }
  | { type: 'notify-settings'; settings: NotifySettings }
  // ---- settings and reports (issue 12): the answer to an insight-request
  | { type: 'insight'; tabId: number; view: InsightView }
  /** The intent with this id was received and handled. */
  | { type: 'ack'; id: string }
  // ---- head-first Q&A snapshot (issue 9, cold restore): a large snapshot goes as its head (true counts, each
  // tab's first rows; lib/session/qna/head.ts), then, on the same port, whole as a `qna` message (on a
  // follow, once the panel says it drew the head: `qna-head-shown`)
  | { type: 'qna-head'; tabId: number; head: QnaHead }
  | ChatToPanel;

export const PANEL_PORT = 'panel';

export function isContentToBackground(msg: unknown): msg is ContentToBackground {
  if (typeof msg !== 'object' || msg === null) return false;
  const m = msg as { type?: unknown; snapshot?: { url?: unknown }; questions?: unknown; entryId?: unknown };
  if (m.type === 'page-snapshot') return typeof m.snapshot?.url === 'string';
  if (m.type === 'qna-batch') {
    const removed = (msg as { removed?: unknown }).removed;
    return Array.isArray(m.questions) && typeof m.entryId === 'string' && (removed === undefined || (Array.isArray(removed) && removed.every((id) => typeof id === 'string')));
  }
  if (m.type === 'heartbeat') return true;
  if (isChatBatch(msg)) return true;
  return false;
}
