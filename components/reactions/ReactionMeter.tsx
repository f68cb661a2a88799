/**
 * ReactionMeter: the Reactions view of the side panel. A live meter per reaction type (the last 10
 * seconds, sliding with the panel's clock), a chart of the last 15 minutes in 10-second buckets (plain SVG,
 * with a text summary and a table for screen readers and anyone who prefers numbers), the peak moments
 * in session time, and the widget's on/off switch when the widget offers one (through the widget,
 * confirmed by what it shows: until then the button says so).
 *
 * data-testid: reactions-view · reactions-last10-{type} · reactions-counted-{type} · reactions-window-{type}
 *   · reactions-peaks · reactions-state · reactions-switch · reactions-switch-absent · reactions-switch-error
 */
import { useEffect, useState } from 'preact/hooks';
import type { ReactionsAction, ReactionsView } from '@/lib/contracts/reactions';
import { BUCKET_MS, lastSeconds, peakLabel, reactionName, sessionClock, sumBuckets, windowStarts, type Bucket } from '@/lib/model/reactions/meter';
import './reactions.css';

export interface ReactionMeterProps {
  view: ReactionsView | null;
  onAction(action: ReactionsAction): void;
  clock?: () => number;
}

const COLORS = ['#0969da', '#cf222e', '#1a7f37', '#9a6700', '#8250df', '#bf3989'];

export function ReactionMeter({ view, onAction, clock = Date.now }: ReactionMeterProps) {
  const [now, setNow] = useState(clock());
  useEffect(() => {
    const timer = setInterval(() => setNow(clock()), 1000);
    return () => clearInterval(timer);
  }, [clock]);

  if (!view) return <p class="hint" data-testid="reactions-view">No reactions seen on this page yet.</p>;
  const at = Math.max(now, view.at);
  const last10 = lastSeconds(view.recent, at);
  const inWindow = sumBuckets(view.buckets);
  const types = view.types.length ? view.types : Object.keys(view.counted);
  const peak10 = Math.max(1, ...types.map((t) => last10[t] ?? 0));
  return (
    <section class="reactions" data-testid="reactions-view" data-started-at={view.startedAt} aria-labelledby="reactions-title">
      <h2 id="reactions-title" class="reactions-title">
        Reactions
      </h2>
      <SwitchRow view={view} onAction={onAction} />

      <h3 class="reactions-sub">Last 10 seconds</h3>
      <ul class="reactions-meter">
        {types.map((t, i) => (
          <li key={t}>
            <span class="reactions-name">{reactionName(t)}</span>
            <span class="reactions-bar" aria-hidden="true">
              <span style={{ width: `${((last10[t] ?? 0) / peak10) * 100}%`, background: COLORS[i % COLORS.length] }} />
            </span>
            <span class="reactions-count" data-testid={`reactions-last10-${t}`}>
              {last10[t] ?? 0}
            </span>
          </li>
        ))}
      </ul>

      <h3 class="reactions-sub">Last 15 minutes</h3>
      <Chart buckets={view.buckets} types={types} now={at} />
      <p class="hint" data-testid="reactions-summary">
        {summary(types, inWindow)}
      </p>
      <details class="reactions-table">
        <summary>Counts as a table</summary>
        <table>
          <caption>Reactions per type: the last 15 minutes, and since the panel started watching at session time 00:00:00</caption>
          <thead>
            <tr>
              <th scope="col">Reaction</th>
              <th scope="col">Last 15 min</th>
              <th scope="col">Since watching</th>
            </tr>
          </thead>
          <tbody>
            {types.map((t) => (
              <tr key={t}>
                <th scope="row">{reactionName(t)}</th>
                <td data-testid={`reactions-window-${t}`}>{inWindow[t] ?? 0}</td>
                <td data-testid={`reactions-counted-${t}`}>{view.counted[t] ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <BucketTable buckets={view.buckets} types={types} startedAt={view.startedAt} />
      </details>

      <h3 class="reactions-sub">Peak moments</h3>
      {view.peaks.length === 0 ? (
        <p class="hint">No peaks yet: a peak is a 10-second stretch with at least twice the minute before it.</p>
      ) : (
        <ol class="reactions-peaks" data-testid="reactions-peaks">
          {[...view.peaks].reverse().map((p) => (
            <li key={`${p.type}-${p.bucketStart}`}>
              {peakLabel(p)} <span class="hint">({p.count} in 10 s)</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function SwitchRow({ view, onAction }: { view: ReactionsView; onAction(a: ReactionsAction): void }) {
  const state = view.enabled === null ? 'The widget does not say whether reactions are on.' : view.enabled ? 'Reactions are on.' : 'Reactions are off for everyone.';
  return (
    <div class="reactions-switch-row">
      <p class="reactions-state" data-testid="reactions-state">
        {state}
      </p>
      {view.switchAbsent === null && view.enabled !== null ? (
        <button
          type="button"
          data-testid="reactions-switch"
          aria-pressed={view.enabled === false}
          disabled={view.switching !== null}
          onClick={() => onAction({ kind: 'set-enabled', on: !view.enabled })}
        >
          {view.switching ? (view.switching.on ? 'Turning reactions on…' : 'Turning reactions off…') : view.enabled ? 'Turn reactions off' : 'Turn reactions on'}
        </button>
      ) : (
        <p class="hint" data-testid="reactions-switch-absent">
          {view.switchAbsent ?? 'The widget does not say whether reactions are on, so the switch is not offered.'}
        </p>
      )}
      {view.switchError && (
        <p class="error" role="alert" data-testid="reactions-switch-error">
          {view.switchError}
        </p>
      )}
    </div>
  );
}

const W = 270;
const H = 64;

/** One line per type over the 90 buckets of the window (gaps are zero). Decorative: the table says it all. */
function Chart({ buckets, types, now }: { buckets: Bucket[]; types: string[]; now: number }) {
  const starts = windowStarts(now);
  const byStart = new Map(buckets.map((b) => [b.start, b.counts]));
  const max = Math.max(1, ...buckets.flatMap((b) => Object.values(b.counts)));
  const x = (i: number) => (i / (starts.length - 1)) * W;
  const y = (n: number) => H - (n / max) * (H - 4) - 2;
  return (
    <svg class="reactions-chart" viewBox={`0 0 ${W} ${H}`} width="100%" height={H} role="img" aria-label={`Reactions per 10 seconds over the last 15 minutes; at most ${max} of one type in 10 seconds. The table below has the numbers.`}>
      <line x1="0" y1={H - 1} x2={W} y2={H - 1} class="reactions-axis" />
      {types.map((t, ti) => (
        <polyline
          key={t}
          fill="none"
          stroke={COLORS[ti % COLORS.length]}
          stroke-width="1.5"
          points={starts.map((s, i) => `${x(i).toFixed(1)},${y(byStart.get(s)?.[t] ?? 0).toFixed(1)}`).join(' ')}
        />
      ))}
    </svg>
  );
}

/** The buckets with reactions, newest first, in session time. */
function BucketTable({ buckets, types, startedAt }: { buckets: Bucket[]; types: string[]; startedAt: number }) {
  const rows = buckets.filter((b) => Object.values(b.counts).some((n) => n > 0)).reverse();
  if (!rows.length) return null;
  // A column per reaction type is wider than a narrow side panel: the table scrolls sideways in its own
  // region (focusable, so a keyboard scrolls it too) rather than widening the panel.
  return (
    <div class="reactions-scroll" role="region" aria-label="Reactions per 10 seconds" tabIndex={0}>
      <table>
        <caption>Per 10 seconds (session time)</caption>
        <thead>
          <tr>
            <th scope="col">From</th>
            {types.map((t) => (
              <th scope="col" key={t}>
                {reactionName(t)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((b) => (
            <tr key={b.start}>
              <th scope="row">{sessionClock(Math.max(0, b.start - startedAt))}</th>
              {types.map((t) => (
                <td key={t}>{b.counts[t] ?? 0}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function summary(types: string[], counts: Record<string, number>): string {
  const total = types.reduce((n, t) => n + (counts[t] ?? 0), 0);
  if (!total) return 'No reactions in the last 15 minutes.';
  const parts = types.filter((t) => counts[t]).map((t) => `${counts[t]} ${reactionName(t)}`);
  return `${total} reactions in the last 15 minutes: ${parts.join(', ')}. Buckets are ${BUCKET_MS / 1000} seconds.`;
}
