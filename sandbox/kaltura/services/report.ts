/**
 * report: getTotal / getTable (KALTURA.md §3 "Analytics"; kaltura/server api_v3 ReportService.php).
 * Answers `{ objectType: KalturaReportTotal, header, data }` and
 * `{ objectType: KalturaReportTable, header, data, totalCount }`; columns joined by
 * `responseOptions[delimiter]` (default ","), table rows by ";" (each row ends with ";" as in Kava
 * answers: MODELED detail).
 */
import { isAdmin } from '../access.js';
import { Errors } from '../errors.js';
import { obj, page } from '../list-params.js';
import { str } from '../params.js';
import { REPORTS, type ReportDef } from '../reports/definitions.js';
import { factsInScope } from '../reports/facts.js';
import { reportScope, sessionsInScope } from '../reports/scope.js';
import type { ActionCall, ServiceDef } from '../service.js';

function setup(call: ActionCall): { def: ReportDef; scope: ReturnType<typeof reportScope> } {
  // Reports need an ADMIN KS (the report service is not in the USER role's permissions).
  if (!call.ks || !isAdmin(call.ks)) throw Errors.serviceForbidden(`report->${str(call.params, 'action') ?? ''}`);
  const type = str(call.params, 'reportType');
  if (type === undefined || type === '') throw Errors.missingParameter('reportType');
  const def = REPORTS[type];
  if (!def) throw Errors.invalidEnumValue(type, 'KalturaReportType');
  if (!obj(call.params.reportInputFilter)) throw Errors.missingParameter('reportInputFilter');
  return { def, scope: reportScope(call.params) };
}

function getTotal(call: ActionCall): unknown {
  const { def, scope } = setup(call);
  const facts = factsInScope(call.state, scope);
  const d = scope.delimiter;
  return { objectType: 'KalturaReportTotal', header: def.totalHeader.join(d), data: def.total(facts, sessionsInScope(scope)).join(d) };
}

function getTable(call: ActionCall): unknown {
  const { def, scope } = setup(call);
  const facts = factsInScope(call.state, scope);
  const rows = def.table(facts, sessionsInScope(scope));
  const d = scope.delimiter;
  const shown = page(rows, obj(call.params.pager) ?? { pageSize: 25 });
  return {
    objectType: 'KalturaReportTable',
    header: def.tableHeader.join(d),
    data: shown.map((r) => `${r.join(d)};`).join(''),
    totalCount: rows.length,
  };
}

export const reportService: ServiceDef = {
  id: 'report',
  actions: {
    gettotal: { needsKs: true, run: getTotal },
    gettable: { needsKs: true, run: getTable },
  },
};
