import { useState } from 'preact/hooks';
import type { AdminStatus } from '@/lib/contracts/admin';
import type { InsightRequest, InsightView, KalturaReportView } from '@/lib/contracts/insights';
import { meaningOf, REPORT_TYPES } from '@/lib/model/report/kaltura';

export interface KalturaReportsProps {
  entryId: string;
  insights: Record<string, InsightView>;
  admin: AdminStatus | null;
  onInsight(request: InsightRequest): void;
}

/**
 * Kaltura's own reports for this session's event and time range: 70001 first, 3009 and 3010 by number.
 * Numbers with their meanings in words; whatever Kaltura answers (an error too) is shown as it comes.
 */
export function KalturaReports({ entryId, insights, admin, onInsight }: KalturaReportsProps) {
  const [chosen, setChosen] = useState('70001');
  const [asked, setAsked] = useState<Record<string, number>>({});
  const view = insights[`report:${chosen}`] as KalturaReportView | undefined;
  const current = view?.entryId === entryId ? view : undefined;
  const load = (id: string) => {
    setChosen(id);
    setAsked({ ...asked, [id]: Date.now() });
    onInsight({ kind: 'kaltura-report', reportType: id });
  };
  const waiting = asked[chosen] !== undefined && (!current || current.at < asked[chosen]! - 60_000);
  const info = REPORT_TYPES.find((r) => r.id === chosen)!;
  return (
    <section class="card" aria-label="Kaltura reports" data-testid="kaltura-reports">
      <h2>Kaltura's reports</h2>
      {!admin?.connected && <p class="hint">These need an ADMIN session: connect one in the Settings view.</p>}
      <div class="report-types" role="group" aria-label="Report">
        {REPORT_TYPES.map((r) => (
          <button
            key={r.id}
            type="button"
            class={r.id === chosen ? 'chosen' : ''}
            aria-pressed={r.id === chosen}
            data-testid={`kreport-${r.id}`}
            onClick={() => load(r.id)}
          >
            {r.id} · {r.label}
          </button>
        ))}
      </div>
      <p class="hint">{info.about}</p>
      {waiting && <p role="status">Asking Kaltura…</p>}
      {current && (
        <div data-testid={`kreport-result-${chosen}`} aria-live="polite">
          {current.problem && (
            <p class="error" role="alert" data-testid="kreport-problem" dir="auto">
              {current.problem}
            </p>
          )}
          {current.from !== null && current.to !== null && (
            <p class="hint">
              Event {current.eventId}, {new Date(current.from).toLocaleString()} – {new Date(current.to).toLocaleString()}
            </p>
          )}
          {current.totalError && (
            <p class="error" role="alert" data-testid="kreport-total-error" dir="auto">
              Kaltura answered: {current.totalError}
            </p>
          )}
          {current.total && (
            <table class="report-table" data-testid="kreport-total">
              <caption>Totals</caption>
              <tbody>
                {current.total.columns.map((c, i) => (
                  <tr key={c} data-column={c}>
                    <th scope="row" dir="auto">
                      {meaningOf(c)}
                      {meaningOf(c) !== c && <span class="column-name"> {c}</span>}
                    </th>
                    <td class="num" dir="auto">
                      {current.total!.values[i] ?? ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {current.tableError && (
            <p class="error" role="alert" data-testid="kreport-table-error" dir="auto">
              Kaltura answered (table): {current.tableError}
            </p>
          )}
          {current.table && current.table.rows.length > 0 && (
            <div class="table-scroll" tabIndex={0} role="region" aria-label="Report rows">
              <table class="report-table" data-testid="kreport-table">
                <caption>
                  Rows ({current.table.rows.length} of {current.table.totalCount})
                </caption>
                <thead>
                  <tr>
                    {current.table.columns.map((c) => (
                      <th key={c} scope="col" dir="auto" title={c}>
                        {meaningOf(c)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {current.table.rows.map((row, i) => (
                    <tr key={i}>
                      {row.map((cell, j) => (
                        <td key={j} dir="auto">
                          {cell}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {current.table && current.table.rows.length === 0 && !current.tableError && <p class="hint">Kaltura gives no rows for this report.</p>}
        </div>
      )}
    </section>
  );
}
