// The background side of the settings and report views: Events API and report calls with the moderator's
// ADMIN session for the tab's partner. background.ts hands `createInsights(deps).handle` to the panel hub.
import type { EventSessionView, InsightRequest, InsightView, KalturaReportView } from '../../contracts/insights';
import { KalturaApiError, type Fetch } from '../../kaltura/api';
import { eventForOrigin, listEvents, listSessions } from '../../kaltura/reports/events-api';
import { getReportTable, getReportTotal } from '../../kaltura/reports/reports';
import type { PageContext } from '../../model/context';
import type { EventSessionInfo } from '../../model/settings/settings';
import type { AdminSessions } from '../admin-sessions';

export interface InsightsDeps {
  contextOf(tabId: number): Promise<PageContext | null>;
  admin: Pick<AdminSessions, 'get'>;
  fetch: Fetch;
  now(): number;
  /** API v3 host; the default is Kaltura's SaaS (www.kaltura.com/api_v3). */
  serviceUrl?: string;
}

const NO_ADMIN = 'Connect an ADMIN session (in the Settings view) to read this from Kaltura.';

function message(error: unknown): string {
  if (error instanceof KalturaApiError) return `${error.message} (${error.code})`;
  return error instanceof Error ? error.message : String(error);
}

export function createInsights(deps: InsightsDeps) {
  /** The event id per partner+origin, found once (events/list is a page of every event of the partner). */
  const eventIds = new Map<string, string>();

  async function resolve(context: PageContext, ks: string): Promise<{ eventId: string | null; session: EventSessionInfo | null }> {
    let eventId = context.virtualEventId ?? (context.ks.status === 'valid' ? (context.ks.virtualEventId ?? null) : null);
    const origin = (() => {
      try {
        return new URL(context.url).origin;
      } catch {
        return '';
      }
    })();
    const key = `${context.partnerId}|${origin}`;
    eventId ??= eventIds.get(key) ?? null;
    if (!eventId) {
      eventId = eventForOrigin(await listEvents(deps.fetch, context.region, ks), origin)?.id ?? null;
      if (eventId) eventIds.set(key, eventId);
    }
    if (!eventId || !context.entryId) return { eventId, session: null };
    const sessions = await listSessions(deps.fetch, context.region, ks, eventId);
    return { eventId, session: sessions.find((s) => s.id === context.entryId) ?? null };
  }

  async function eventSession(context: PageContext, ks: string | null): Promise<EventSessionView> {
    const base = { kind: 'event-session' as const, entryId: context.entryId ?? '', eventId: context.virtualEventId, session: null };
    if (!ks) return { ...base, problem: NO_ADMIN };
    try {
      const { eventId, session } = await resolve(context, ks);
      const problem = !eventId
        ? "The Events API lists no event for this site's address."
        : !session
          ? `The Events API lists no session ${context.entryId} in event ${eventId}.`
          : null;
      return { ...base, eventId, session, problem };
    } catch (error) {
      return { ...base, problem: message(error) };
    }
  }

  async function report(context: PageContext, ks: string | null, reportType: string): Promise<KalturaReportView> {
    const view: KalturaReportView = {
      kind: 'kaltura-report',
      entryId: context.entryId ?? '',
      reportType,
      eventId: context.virtualEventId,
      from: null,
      to: null,
      total: null,
      table: null,
      totalError: null,
      tableError: null,
      problem: null,
      at: deps.now(),
    };
    if (!ks) return { ...view, problem: NO_ADMIN };
    let resolved: { eventId: string | null; session: EventSessionInfo | null };
    try {
      resolved = await resolve(context, ks);
    } catch (error) {
      return { ...view, problem: `The session's event and times could not be read: ${message(error)}` };
    }
    const { eventId, session } = resolved;
    view.eventId = eventId;
    if (!eventId) return { ...view, problem: "No virtual event is known for this page, so Kaltura's event reports cannot be asked." };
    if (!session || session.startsAt === null || session.endsAt === null) {
      return { ...view, problem: "The Events API did not give this session's times, so the report's range is unknown." };
    }
    view.from = session.startsAt;
    view.to = session.endsAt;
    const query = { reportType, fromDate: session.startsAt / 1000, toDate: session.endsAt / 1000, virtualEventId: eventId };
    const [total, table] = await Promise.allSettled([
      getReportTotal(deps.fetch, query, ks, deps.serviceUrl),
      getReportTable(deps.fetch, query, ks, deps.serviceUrl),
    ]);
    if (total.status === 'fulfilled') view.total = total.value;
    else view.totalError = message(total.reason);
    if (table.status === 'fulfilled') view.table = table.value;
    else view.tableError = message(table.reason);
    return view;
  }

  return {
    async handle(tabId: number, request: InsightRequest): Promise<InsightView | null> {
      const context = await deps.contextOf(tabId);
      if (!context?.entryId) return null;
      const ks = context.partnerId !== null ? ((await deps.admin.get(context.partnerId))?.ks ?? null) : null;
      if (request.kind === 'event-session') return eventSession(context, ks);
      if (!/^\d{1,6}$/.test(request.reportType)) return null;
      return report(context, ks, request.reportType);
    },
  };
}
