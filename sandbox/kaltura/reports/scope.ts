/**
 * What a report request covers: `reportInputFilter` (KalturaEndUserReportInputFilter: fromDate,
 * toDate in unix seconds, or fromDay/toDay `YYYYMMDD`; virtualEventIdIn; entryIdIn) plus the
 * `objectIds` argument, and `responseOptions[delimiter]` (KALTURA.md §3 "Analytics").
 */
import { VIRTUAL_EVENT_ID, SESSIONS } from '../../demo-data.js';
import { csv, obj } from '../list-params.js';
import type { ParamObject } from '../params.js';

export interface ReportScope {
  from?: number;
  to?: number;
  entryIds?: string[];
  virtualEventIds?: number[];
  delimiter: string;
}

function day(v: unknown, endOfDay: boolean): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(String(v ?? ''));
  if (!m) return undefined;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 1000;
  return endOfDay ? t + 86399 : t;
}

function num(v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

export function reportScope(params: ParamObject): ReportScope {
  const f = obj(params.reportInputFilter) ?? {};
  const opts = obj(params.responseOptions) ?? {};
  const entries = [...(csv(f.entryIdIn) ?? []), ...(csv(params.objectIds) ?? [])];
  const events = csv(f.virtualEventIdIn)?.map(Number).filter(Number.isFinite);
  // KalturaReportResponseOptions.delimiter; Kaltura's default column delimiter is ",".
  const delimiter = typeof opts.delimiter === 'string' && opts.delimiter !== '' ? opts.delimiter : ',';
  return {
    from: num(f.fromDate) ?? day(f.fromDay, false),
    to: num(f.toDate) ?? day(f.toDay, true),
    entryIds: entries.length ? entries : undefined,
    virtualEventIds: events && events.length ? events : undefined,
    delimiter,
  };
}

/** The virtual event a session belongs to (one demo event). MODELED: later sessions may name theirs. */
export function virtualEventOf(entryId: string): number | undefined {
  return SESSIONS.some((s) => s.entryId === entryId) ? VIRTUAL_EVENT_ID : undefined;
}

export function inScope(scope: ReportScope, at: number, entryId: string, virtualEventId: number | undefined): boolean {
  return (
    (scope.from === undefined || at >= scope.from) &&
    (scope.to === undefined || at <= scope.to) &&
    (!scope.entryIds || scope.entryIds.includes(entryId)) &&
    (!scope.virtualEventIds || (virtualEventId !== undefined && scope.virtualEventIds.includes(virtualEventId)))
  );
}

/** Sessions a certificate counts: the filtered entries, else the event's sessions with interaction. */
export function sessionsInScope(scope: ReportScope): string[] {
  if (scope.entryIds) return scope.entryIds;
  return SESSIONS.filter((s) => s.mode !== 'none').map((s) => s.entryId);
}
