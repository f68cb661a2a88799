// @vitest-environment node
// Contract: report.getTotal / report.getTable as lib/kaltura/reports builds them equal what the official
// client (kaltura-client, a dev dependency for tests only) builds for the same call; and the answers
// (KALTURA.md §3: header and data joined by the delimiter asked for, `;` between table rows) parse.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { buildRequest } from '@/lib/kaltura/api';
import { parseTable, parseTotal, tableCall, totalCall } from '@/lib/kaltura/reports/reports';

const kaltura = createRequire(import.meta.url)('kaltura-client');
const KS = 'djJ8MTIzNDU2N3xmYWtlLWVuY3J5cHRlZC1wYXJ0';

function official(build: (k: any) => any): { url: string; body: Record<string, unknown> } {
  const config = new kaltura.Configuration();
  config.serviceUrl = 'https://www.kaltura.com';
  const client = new kaltura.Client(config);
  client.log = () => undefined;
  client.setKs(KS);
  let captured: { url: string; data: string } | undefined;
  client.axios = (options: { url: string; data: string }) => {
    captured = options;
    return new Promise(() => undefined);
  };
  void build(kaltura).execute(client);
  const { clientTag: _t, kalsig: _s, ...body } = JSON.parse(captured!.data);
  return { url: captured!.url, body };
}

function ours(call: ReturnType<typeof totalCall>) {
  const { url, init } = buildRequest(call);
  const { clientTag: _t, ...body } = JSON.parse(String(init.body));
  return { url, body };
}

const query = { reportType: '70001', fromDate: 1_764_000_000, toDate: 1_764_003_000, virtualEventId: '7654321' };

describe('report requests match the official client', () => {
  const filter = (k: any) => new k.objects.EndUserReportInputFilter({ fromDate: query.fromDate, toDate: query.toDate, virtualEventIdIn: query.virtualEventId });
  const options = (k: any) => new k.objects.ReportResponseOptions({ delimiter: '|' });

  it('report.getTotal with KalturaEndUserReportInputFilter, virtualEventIdIn and a | delimiter', () => {
    const ref = official((k) => k.services.report.getTotal(k.enums.ReportType.CNC_PARTICIPATION, filter(k), null, options(k)));
    expect(ours(totalCall(query, KS))).toEqual(ref);
  });

  it('report.getTable with a pager', () => {
    const ref = official((k) =>
      k.services.report.getTable(k.enums.ReportType.CNC_PARTICIPATION, filter(k), new k.objects.FilterPager({ pageSize: 500, pageIndex: 1 }), null, null, options(k)),
    );
    expect(ours(tableCall(query, KS))).toEqual(ref);
  });

  it('3009 and 3010 are asked by number, the same way', () => {
    const ref = official((k) => k.services.report.getTotal('3009', filter(k), null, options(k)));
    expect(ours(totalCall({ ...query, reportType: '3009' }, KS))).toEqual(ref);
  });
});

describe('report answers', () => {
  it('a total: header and data split by the delimiter', () => {
    expect(parseTotal({ objectType: 'KalturaReportTotal', header: 'a|b', data: '1|2' })).toEqual({ columns: ['a', 'b'], values: ['1', '2'] });
    expect(parseTotal({ header: '', data: '' })).toEqual({ columns: [], values: [] });
  });

  it('a table: rows separated by ; with or without a trailing ;', () => {
    expect(parseTable({ header: 'entry_id|n', data: '1_a|3;1_b|4;', totalCount: 2 })).toEqual({ columns: ['entry_id', 'n'], rows: [['1_a', '3'], ['1_b', '4']], totalCount: 2 });
    expect(parseTable({ header: 'x', data: '5' }).rows).toEqual([['5']]);
  });
});
