/**
 * Append-only log of what attendees did in the sandbox's sessions. The CnC world (chat, reactions,
 * polls, Q&A, logins) records here; the report service (KALTURA.md §3 "Analytics", reportType 70001 and
 * the 3009 / 3010 stand-ins) aggregates it. Kaltura computes these reports from Kava events; the
 * one-record-per-action model here is MODELED.
 */

export type ActivityKind = 'reaction' | 'group_message' | 'private_message' | 'poll_answer' | 'qna_thread' | 'login';

export interface ActivityEvent {
  /** Unix seconds. */
  at: number;
  kind: ActivityKind;
  userId: string;
  entryId: string;
  virtualEventId: number;
}

export interface ActivityFilter {
  /** Inclusive lower bound, unix seconds. */
  from?: number;
  /** Inclusive upper bound, unix seconds. */
  to?: number;
  entryIds?: string[];
  virtualEventIds?: number[];
}

export class ActivityLog {
  private readonly events: ActivityEvent[] = [];

  record(e: ActivityEvent): void {
    this.events.push({ at: e.at, kind: e.kind, userId: e.userId, entryId: e.entryId, virtualEventId: e.virtualEventId });
  }

  /** Events matching every given criterion, oldest first (copies). */
  query(filter: ActivityFilter = {}): ActivityEvent[] {
    const entries = filter.entryIds && filter.entryIds.length ? new Set(filter.entryIds) : null;
    const events = filter.virtualEventIds && filter.virtualEventIds.length ? new Set(filter.virtualEventIds) : null;
    return this.events
      .filter(
        (e) =>
          (filter.from === undefined || e.at >= filter.from) &&
          (filter.to === undefined || e.at <= filter.to) &&
          (!entries || entries.has(e.entryId)) &&
          (!events || events.has(e.virtualEventId)),
      )
      .sort((a, b) => a.at - b.at)
      .map((e) => ({ ...e }));
  }

  get size(): number {
    return this.events.length;
  }
}
