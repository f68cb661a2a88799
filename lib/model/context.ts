// What the extension knows about one tab: the page's Kaltura context, as the panel shows it.
// Pure types and derivations; lib/page fills them, the background stores them, the panel renders them.
import type { WidgetConfigSummary } from './settings/widget-config';

/** CnC modules, in the order the panel lists them. */
export const CNC_MODULES = ['chat', 'qna', 'polls', 'announcements', 'reactions'] as const;
export type CncModule = (typeof CNC_MODULES)[number];

export const MODULE_LABELS: Record<CncModule, string> = {
  chat: 'chat',
  qna: 'Q&A',
  polls: 'polls',
  announcements: 'announcements',
  reactions: 'reactions',
};

export type SiteKind = 'events' | 'mediaspace' | 'kaf' | 'custom';

/** A KS as the panel may see it: facts about it, never the KS itself. */
export type KsSummary =
  | { status: 'none' }
  | { status: 'malformed'; reason: string }
  | {
      status: 'valid';
      partnerId: number;
      /** USER (0) or ADMIN (2); null until Kaltura has told us (session.get). */
      type: 'USER' | 'ADMIN' | null;
      userId?: string;
      /** Unix seconds. */
      expiresAt?: number;
      virtualEventId?: string;
      /** Why the type is unknown, when it is. */
      checkError?: string;
    };

export interface CncPresence {
  present: boolean;
  modules: CncModule[];
  /** True on the CnC moderator app (`/chatandcollaboration/index/moderator`) or a widget in moderator mode. */
  moderatorView: boolean;
}

export interface PageContext {
  url: string;
  /** The page's title, page data: shown as text only. */
  title: string;
  site: SiteKind;
  partnerId: number | null;
  entryId: string | null;
  virtualEventId: string | null;
  region: string | null;
  cnc: CncPresence;
  ks: KsSummary;
  /** Plain sentences for the moderator: inconsistencies and failures seen on this page. */
  problems: string[];
  /** What the CnC selector profile matched on this page. */
  diagnostics: { profileId: string; matched: Array<{ name: string; selector: string; count: number }> };
  /** What the page's CnC widget configuration says about the session's settings (settings view). */
  widgetConfig?: WidgetConfigSummary | null;
}

/**
 * A tab's state, as the panel's `data-state` and the badge show it.
 * - not-kaltura: nothing of Kaltura here (or a page we may not read).
 * - needs-access: looks like a Kaltura event on a custom domain the moderator has not granted yet.
 * - detecting: a Kaltura page whose content script has not reported yet.
 * - kaltura-no-cnc / attached: a Kaltura page, without or with the CnC widget.
 */
export type TabState = 'not-kaltura' | 'needs-access' | 'detecting' | 'kaltura-no-cnc' | 'attached';

export interface TabRecord {
  tabId: number;
  url: string;
  state: TabState;
  context: PageContext | null;
  /** Epoch ms of the last change. */
  updatedAt: number;
}

export function stateOf(context: PageContext): TabState {
  return context.cnc.present ? 'attached' : 'kaltura-no-cnc';
}

/** Text for the panel's KS line. Never contains the KS. */
export function describeKs(ks: KsSummary, pagePartnerId: number | null): string {
  switch (ks.status) {
    case 'none':
      return 'No KS';
    case 'malformed':
      return 'Malformed KS';
    case 'valid':
      if (pagePartnerId !== null && ks.partnerId !== pagePartnerId) return `KS of partner ${ks.partnerId}`;
      return ks.type ? `${ks.type} KS` : 'KS (type unknown)';
  }
}

export function describeModules(modules: readonly CncModule[]): string {
  return CNC_MODULES.filter((m) => modules.includes(m))
    .map((m) => MODULE_LABELS[m])
    .join(', ');
}
