import { useEffect, useRef } from 'preact/hooks';
import type { AdminCredentials, AdminStatus } from '@/lib/contracts/admin';
import type { EventSessionView, InsightRequest, InsightView, KalturaReportView } from '@/lib/contracts/insights';
import { CNC_MODULES, type PageContext } from '@/lib/model/context';
import type { QnaMirror } from '@/lib/model/qna/session';
import { attendeesFrom } from '@/lib/model/report/kaltura';
import { deriveSettings, describeWindow, interactionSettingsUrl, type Confidence } from '@/lib/model/settings/settings';
import { AdminSessionForm } from '../AdminSessionForm';
import './settings.css';

export interface SettingsViewProps {
  context: PageContext;
  qna: QnaMirror | null;
  insights: Record<string, InsightView>;
  admin: AdminStatus | null;
  onInsight(request: InsightRequest): void;
  onAdminConnect(credentials: AdminCredentials, remember: boolean): void;
  onAdminForget(): void;
  now: number;
}

const CONFIDENCE: Record<Confidence, string> = {
  stated: 'stated',
  seen: 'seen',
  likely: 'likely',
  none: '',
};

/** Whether the moderator's Q&A view has shown an approval step: a question waiting, or one approved. */
function approvalSeen(qna: QnaMirror | null): boolean {
  if (!qna) return false;
  for (const q of qna.questions.values()) if (q.state === 'pending' && !qna.meta.holds[q.id]) return true;
  return qna.meta.audit.some((a) => a.action === 'approve' && a.outcome === 'done');
}

/** Distinct askers the Q&A view has seen: a lower bound on the attendees. */
function askers(qna: QnaMirror | null): number {
  if (!qna) return 0;
  const ids = new Set<string>();
  for (const q of qna.questions.values()) ids.add(q.author.id ?? `anon:${q.id}`);
  return ids.size;
}

/**
 * The session's settings: each value, where it came from and how sure; warnings where the settings and
 * the moment disagree; and where each is changed. Page data is rendered as text.
 */
export function SettingsView({ context, qna, insights, admin, onInsight, onAdminConnect, onAdminForget, now }: SettingsViewProps) {
  const eventSession = insights['event-session'] as EventSessionView | undefined;
  const participation = insights['report:70001'] as KalturaReportView | undefined;
  const asked = useRef<string | null>(null);
  const key = `${context.entryId}|${admin?.connected ? 'admin' : 'none'}`;
  useEffect(() => {
    if (asked.current === key) return;
    asked.current = key;
    onInsight({ kind: 'event-session' });
  });
  const session = eventSession?.entryId === context.entryId ? eventSession : undefined;
  const fromReport = participation?.entryId === context.entryId ? attendeesFrom(participation) : null;
  const seenAskers = askers(qna);
  const attendees = fromReport ?? (seenAskers > 0 ? { count: seenAskers, source: 'people who asked questions, at least' } : null);
  const view = deriveSettings({
    config: context.widgetConfig ?? null,
    widget: context.cnc,
    qna: qna ? { pendingSeen: approvalSeen(qna), questions: qna.questions.size } : null,
    session: session?.session ?? null,
    attendees,
    needed: CNC_MODULES,
    now,
  });
  const eventId = context.virtualEventId ?? session?.eventId ?? null;
  const link = interactionSettingsUrl(eventId, context.region);
  const info = session?.session ?? null;
  const fmt = (ms: number | null) => (ms === null ? 'unknown' : new Date(ms).toLocaleString());
  return (
    <section class="settings-view" aria-label="Session settings" data-testid="settings-view">
      {view.warnings.length > 0 && (
        <section class="card problems" aria-label="Settings warnings">
          <h2>Check these</h2>
          <ul>
            {view.warnings.map((w) => (
              <li key={w.id + w.text} data-testid={`settings-warning-${w.id}`} dir="auto">
                {w.text}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section class="card" aria-label="Session">
        <h2>Session</h2>
        <dl class="facts">
          <div>
            <dt>Name</dt>
            <dd data-testid="settings-session-name" dir="auto">
              {info?.name || 'unknown'}
            </dd>
          </div>
          <div>
            <dt>Type</dt>
            <dd data-testid="settings-session-type">{info?.type || 'unknown'}</dd>
          </div>
          <div>
            <dt>Times</dt>
            <dd data-testid="settings-session-times">
              {info ? `${fmt(info.startsAt)} – ${fmt(info.endsAt)} (${describeWindow(info, now)})` : 'unknown'}
            </dd>
          </div>
          <div>
            <dt>Event</dt>
            <dd data-testid="settings-event-id">{eventId ?? 'unknown'}</dd>
          </div>
        </dl>
        {session?.problem && (
          <p class="hint" data-testid="settings-session-problem" dir="auto">
            {session.problem}
          </p>
        )}
      </section>
      <section class="card" aria-label="Settings">
        <h2>Settings</h2>
        <table class="settings-table">
          <thead>
            <tr>
              <th scope="col">Setting</th>
              <th scope="col">Value</th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {view.rows.map((r) => (
              <tr key={r.key} data-testid={`setting-${r.key}`} data-value={r.value} data-confidence={r.confidence}>
                <th scope="row">{r.label}</th>
                <td class={`value value-${r.value}`}>
                  {r.value}
                  {r.confidence !== 'none' && <span class="confidence"> ({CONFIDENCE[r.confidence]})</span>}
                </td>
                <td class="source" dir="auto">
                  {r.source ?? 'Nobody revealed it'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="hint">
          The widget's moderator view has no control for these settings, so they are changed in the Kaltura Events
          admin, on the event's Interaction settings page.
        </p>
        {link ? (
          <p>
            <a href={link} target="_blank" rel="noopener noreferrer" data-testid="settings-admin-link">
              Change them in Kaltura Events (Interaction settings)
            </a>
          </p>
        ) : (
          <p class="hint" data-testid="settings-admin-link-missing">
            The event's id is unknown, so there is no link to its Interaction settings: connect an admin session below.
          </p>
        )}
      </section>
      {context.partnerId !== null && (
        <AdminSessionForm
          status={admin}
          moderating
          onConnect={onAdminConnect}
          onForget={onAdminForget}
          onStartWebcast={() => undefined}
          title="Kaltura admin session"
          hint="The session's name, type and times (Events API) and Kaltura's reports need an ADMIN session: an app token, or an admin KS. It stays in this browser session only, unless you ask to be remembered."
        />
      )}
    </section>
  );
}
