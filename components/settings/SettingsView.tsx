import { useEffect, useRef, useState } from 'preact/hooks';
import type { ReactionsAction, ReactionsView } from '@/lib/contracts/reactions';
import { changeOutcome, CONFIRM_TIMEOUT_MS, widgetControl, type AskedChange } from '@/lib/model/settings/changes';
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
  /** The tab's reactions meter: the widget's reactions switch (absent: no control is offered). */
  reactions?: ReactionsView | null;
  onReactionsAction?(action: ReactionsAction): void;
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
export function SettingsView({ context, qna, insights, admin, onInsight, onAdminConnect, onAdminForget, now, reactions = null, onReactionsAction }: SettingsViewProps) {
  const eventSession = insights['event-session'] as EventSessionView | undefined;
  const participation = insights['report:70001'] as KalturaReportView | undefined;
  const asked = useRef<string | null>(null);
  const key = `${context.entryId}|${admin?.connected ? 'admin' : 'none'}`;
  useEffect(() => {
    if (asked.current === key) return;
    asked.current = key;
    onInsight({ kind: 'event-session' });
  }, [key]);
  const session = eventSession?.entryId === context.entryId ? eventSession : undefined;
  const fromReport = participation?.entryId === context.entryId ? attendeesFrom(participation) : null;
  const seenAskers = askers(qna);
  const attendees = fromReport ?? (seenAskers > 0 ? { count: seenAskers, source: 'people who asked questions, at least' } : null);
  const meter = reactions?.entryId === context.entryId ? reactions : null;
  const view = deriveSettings({
    switches: { reactions: meter?.enabled ?? null },
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
        <WidgetChanges key={context.entryId} reactions={meter} onReactionsAction={onReactionsAction} />
        <h3>In Kaltura Events</h3>
        <p class="hint">
          The widget's moderator view has no control for the other settings, so they are changed in the Kaltura
          Events admin, on the event's Interaction settings page.
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

/**
 * The settings the widget's moderator view has a control for: changed through that control, then
 * confirmed from what the widget shows afterwards (or reported as failed, with why).
 */
function WidgetChanges({ reactions, onReactionsAction }: { reactions: ReactionsView | null; onReactionsAction?: (action: ReactionsAction) => void }) {
  const [asked, setAsked] = useState<AskedChange | null>(null);
  const [, setTick] = useState(0);
  // Re-render once the confirmation is overdue, so a change the widget never shows is reported.
  useEffect(() => {
    if (!asked) return;
    const timer = setTimeout(() => setTick((n) => n + 1), CONFIRM_TIMEOUT_MS + 100);
    return () => clearTimeout(timer);
  }, [asked]);
  const control = widgetControl('module.reactions', reactions);
  const outcome = asked ? changeOutcome(asked, reactions, Date.now()) : null;
  const current = control.offered ? control.current : null;
  return (
    <div class="widget-changes" data-testid="settings-widget-changes">
      <h3>Through the widget</h3>
      {control.offered && onReactionsAction ? (
        <p data-testid="setting-change-module.reactions">
          Reactions are {current === null ? 'in a state the widget does not show' : current ? 'on' : 'off'}.{' '}
          {current !== null && (
            <button
              type="button"
              data-testid="setting-change-module.reactions-button"
              disabled={outcome?.state === 'sending'}
              onClick={() => {
                const on = !current;
                setAsked({ key: 'module.reactions', on, at: Date.now() });
                onReactionsAction({ kind: 'set-enabled', on });
              }}
            >
              {current ? 'Turn reactions off' : 'Turn reactions on'}
            </button>
          )}
        </p>
      ) : (
        <p class="hint" data-testid="setting-change-module.reactions-absent" dir="auto">
          Reactions: {control.offered ? 'the panel cannot reach the widget’s switch here.' : control.why} They are changed in Kaltura Events.
        </p>
      )}
      {asked && outcome && (
        <p
          class={outcome.state === 'failed' ? 'error' : 'hint'}
          role={outcome.state === 'failed' ? 'alert' : 'status'}
          data-testid="setting-change-result"
          data-outcome={outcome.state}
          dir="auto"
        >
          {outcome.state === 'sending'
            ? `Turning reactions ${asked.on ? 'on' : 'off'} through the widget…`
            : outcome.state === 'confirmed'
              ? `Done: the widget now shows reactions ${asked.on ? 'on' : 'off'}.`
              : `Reactions were not turned ${asked.on ? 'on' : 'off'}: ${outcome.message}`}
        </p>
      )}
    </div>
  );
}
