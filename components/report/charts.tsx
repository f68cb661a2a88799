// The report's two pictures, in plain SVG: an activity line chart per minute and a time-to-answer histogram.
// Plain SVG rather than uPlot (~20 KB gz, canvas): two small static charts need no zoom or cursor sync,
// SVG is text the print summary keeps crisp, and a few hundred bytes of code cost less than a library.
import type { SessionReportData } from '@/lib/model/report/session-report';

const W = 320;
const H = 120;
const PAD = { l: 28, r: 6, t: 8, b: 18 };

export const SERIES = [
  { key: 'questions', label: 'Questions', color: '#0969da' },
  { key: 'chat', label: 'Chat', color: '#1a7f37' },
  { key: 'reactions', label: 'Reactions', color: '#bf3989' },
] as const;

const clock = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

export function ActivityChart({ timeline }: { timeline: SessionReportData['timeline'] }) {
  const b = timeline.buckets;
  if (b.length === 0) return <p class="hint">No activity recorded yet.</p>;
  const peak = Math.max(1, ...b.map((x) => Math.max(x.questions, x.chat, x.reactions)));
  const x = (i: number) => PAD.l + (b.length === 1 ? 0 : (i * (W - PAD.l - PAD.r)) / (b.length - 1));
  const y = (v: number) => PAD.t + (H - PAD.t - PAD.b) * (1 - v / peak);
  const per = timeline.bucketMs === 60_000 ? 'minute' : `${timeline.bucketMs / 60_000} minutes`;
  const totals = SERIES.map((s) => `${b.reduce((n, v) => n + v[s.key], 0)} ${s.label.toLowerCase()}`).join(', ');
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Activity per ${per} from ${clock(b[0]!.at)} to ${clock(b[b.length - 1]!.at)}: ${totals}; busiest ${per} ${peak}.`} data-testid="chart-activity">
        <line x1={PAD.l} y1={H - PAD.b} x2={W - PAD.r} y2={H - PAD.b} class="axis" />
        <text x={PAD.l - 4} y={PAD.t + 4} text-anchor="end" class="tick">
          {peak}
        </text>
        <text x={PAD.l - 4} y={H - PAD.b} text-anchor="end" class="tick">
          0
        </text>
        <text x={PAD.l} y={H - 4} class="tick">
          {clock(b[0]!.at)}
        </text>
        <text x={W - PAD.r} y={H - 4} text-anchor="end" class="tick">
          {clock(b[b.length - 1]!.at)}
        </text>
        {SERIES.map((s) =>
          // One bucket has no line to draw: a dot per series says as much.
          b.length === 1 ? (
            <circle key={s.key} cx={x(0) + 6} cy={y(b[0]![s.key])} r="3" fill={s.color} />
          ) : (
            <polyline key={s.key} fill="none" stroke={s.color} stroke-width="1.5" points={b.map((v, i) => `${x(i).toFixed(1)},${y(v[s.key]).toFixed(1)}`).join(' ')} />
          ),
        )}
      </svg>
      <figcaption class="legend">
        Per {per}:{' '}
        {SERIES.map((s) => (
          <span key={s.key}>
            <span class="swatch" style={{ background: s.color }} aria-hidden="true" /> {s.label}{' '}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

export function AnswerTimesChart({ buckets }: { buckets: SessionReportData['answerTimes'] }) {
  const total = buckets.reduce((n, b) => n + b.count, 0);
  if (total === 0) return <p class="hint">No answered questions to time yet.</p>;
  const peak = Math.max(1, ...buckets.map((b) => b.count));
  const bw = (W - PAD.l - PAD.r) / buckets.length;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Time from asked to answered: ${buckets.map((b) => `${b.label}: ${b.count}`).join(', ')}.`} data-testid="chart-answer-times">
        <line x1={PAD.l} y1={H - PAD.b} x2={W - PAD.r} y2={H - PAD.b} class="axis" />
        {buckets.map((b, i) => {
          const h = ((H - PAD.t - PAD.b) * b.count) / peak;
          return (
            <g key={b.label}>
              <rect x={PAD.l + i * bw + 2} y={H - PAD.b - h} width={bw - 4} height={h} fill="#0969da" />
              <text x={PAD.l + i * bw + bw / 2} y={H - 4} text-anchor="middle" class="tick">
                {b.label}
              </text>
              {b.count > 0 && (
                <text x={PAD.l + i * bw + bw / 2} y={H - PAD.b - h - 2} text-anchor="middle" class="tick">
                  {b.count}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption class="legend">Questions by time from asked to answered</figcaption>
    </figure>
  );
}
