// Kaltura analytics reports (KALTURA.md §3 "Analytics", VERIFIED): report.getTotal and report.getTable with
// a KalturaEndUserReportInputFilter (fromDate / toDate in unix seconds, virtualEventIdIn), and
// responseOptions.delimiter. The answer is `{ header: "a|b", data: "1|2" }`, table rows separated by `;`.
// Request shapes equal what kaltura-client builds (test/unit/kaltura/reports.contract.test.ts).
import { callApi, DEFAULT_SERVICE_URL, type ApiCall, type Fetch } from '../api';

/** The column delimiter we ask for: a character no number, id or Kaltura column name contains. */
export const DELIMITER = '|';

export interface ReportQuery {
  /** KalturaReportType, a string enum on the wire (kaltura-client enums.ReportType.CNC_PARTICIPATION = "70001"). */
  reportType: string;
  /** Unix seconds. */
  fromDate: number;
  toDate: number;
  virtualEventId?: string | null;
  entryIds?: readonly string[];
}

function inputFilter(q: ReportQuery): Record<string, unknown> {
  const filter: Record<string, unknown> = { fromDate: Math.floor(q.fromDate), toDate: Math.ceil(q.toDate) };
  if (q.virtualEventId) filter.virtualEventIdIn = q.virtualEventId;
  if (q.entryIds?.length) filter.entryIdIn = q.entryIds.join(',');
  filter.objectType = 'KalturaEndUserReportInputFilter';
  return filter;
}

const responseOptions = { delimiter: DELIMITER, objectType: 'KalturaReportResponseOptions' };

export function totalCall(q: ReportQuery, ks: string): ApiCall {
  return { service: 'report', action: 'getTotal', ks, params: { reportType: q.reportType, reportInputFilter: inputFilter(q), responseOptions } };
}

export function tableCall(q: ReportQuery, ks: string, pageSize = 500): ApiCall {
  return {
    service: 'report',
    action: 'getTable',
    ks,
    params: {
      reportType: q.reportType,
      reportInputFilter: inputFilter(q),
      pager: { pageSize, pageIndex: 1, objectType: 'KalturaFilterPager' },
      responseOptions,
    },
  };
}

export interface ReportTotal {
  columns: string[];
  values: string[];
}

export interface ReportTable {
  columns: string[];
  rows: string[][];
  totalCount: number;
}

const split = (text: unknown, delimiter: string): string[] => (typeof text === 'string' && text !== '' ? text.split(delimiter) : []);

/** A KalturaReportTotal: one header line, one data line. */
export function parseTotal(answer: unknown, delimiter = DELIMITER): ReportTotal {
  const a = (answer ?? {}) as { header?: unknown; data?: unknown };
  return { columns: split(a.header, delimiter), values: split(a.data, delimiter) };
}

/** A KalturaReportTable: rows separated by `;` (a trailing `;` leaves no empty row). */
export function parseTable(answer: unknown, delimiter = DELIMITER): ReportTable {
  const a = (answer ?? {}) as { header?: unknown; data?: unknown; totalCount?: unknown };
  const rows = typeof a.data === 'string' ? a.data.split(';').filter((r) => r !== '').map((r) => r.split(delimiter)) : [];
  const total = Number(a.totalCount);
  return { columns: split(a.header, delimiter), rows, totalCount: Number.isFinite(total) ? total : rows.length };
}

export async function getReportTotal(fetchFn: Fetch, q: ReportQuery, ks: string, serviceUrl = DEFAULT_SERVICE_URL): Promise<ReportTotal> {
  return parseTotal(await callApi(fetchFn, totalCall(q, ks), { serviceUrl }));
}

export async function getReportTable(fetchFn: Fetch, q: ReportQuery, ks: string, serviceUrl = DEFAULT_SERVICE_URL): Promise<ReportTable> {
  return parseTable(await callApi(fetchFn, tableCall(q, ks), { serviceUrl }));
}
