// What the panel asks the background about a session beyond moderation (settings view, Kaltura's reports)
// and what it gets back. Both need the moderator's ADMIN session of "This page"; the KS never leaves the
// background.
import type { EventSessionInfo } from '../model/settings/settings';

export type InsightRequest =
  /** The session as the Events API describes it, and the event it belongs to. */
  | { kind: 'event-session' }
  /** A Kaltura report for the session's event and time range (getTotal, and getTable where it has one). */
  | { kind: 'kaltura-report'; reportType: string };

export interface EventSessionView {
  kind: 'event-session';
  entryId: string;
  /** The virtual event, from the page (the widget's JWT, the KS) or the Events API; null when unknown. */
  eventId: string | null;
  session: EventSessionInfo | null;
  /** Why the Events API was not asked or did not answer (no admin session, an error), or null. */
  problem: string | null;
}

export interface KalturaReportView {
  kind: 'kaltura-report';
  entryId: string;
  reportType: string;
  eventId: string | null;
  /** Epoch ms of the range asked for. */
  from: number | null;
  to: number | null;
  total: { columns: string[]; values: string[] } | null;
  table: { columns: string[]; rows: string[][]; totalCount: number } | null;
  /** Kaltura's error for the total and for the table, shown as they come (scrubbed of any KS). */
  totalError: string | null;
  tableError: string | null;
  /** Why nothing was asked (no admin session, no event), or null. */
  problem: string | null;
  /** Epoch ms. */
  at: number;
}

export type InsightView = EventSessionView | KalturaReportView;
