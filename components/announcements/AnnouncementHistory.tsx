/**
 * AnnouncementHistory: what is scheduled and what was sent — when, by whom, where, and whether it
 * arrived. Text is rendered as text; http(s) links in it become links (display only).
 *
 * data-testid:
 *   ann-history · ann-history-empty (nothing sent yet) · ann-failed (list: "Not sent", scheduled ones that failed)
 *   ann-pending (list) · ann-pending-item (data-id) · ann-pending-text · ann-pending-when · ann-cancel
 *   ann-history-item (data-id, data-result) · ann-history-text · ann-history-meta · ann-history-result (its reason: ann-history-reason, ReasonText) ·
 *   ann-history-link · ann-unpin · ann-resend
 */
import { Fragment } from 'preact';
import { SURFACE_CAPABILITIES, linkSegments } from '@/lib/model/announcements/compose';
import type { AnnouncementHistoryEntry } from '@/lib/model/announcements/history';
import type { ScheduledAnnouncement } from '@/lib/model/announcements/schedule';
import { formatClock } from '@/lib/model/announcements/time';
import { ReasonText } from './ReasonText';

export interface AnnouncementHistoryProps {
  entries: readonly AnnouncementHistoryEntry[];
  pending?: readonly ScheduledAnnouncement[];
  now: number;
  onCancel?: (id: string) => void;
  onUnpin?: (id: string) => void;
  onResend?: (entry: AnnouncementHistoryEntry) => void;
  formatTime?: (ms: number, now: number) => string;
}

/** Text with its links as links: text nodes only, never HTML. */
export function LinkedText({ text }: { text: string }) {
  return (
    <>
      {linkSegments(text).map((s, i) =>
        s.kind === 'link' ? (
          <a key={i} href={s.href} target="_blank" rel="noopener noreferrer" data-testid="ann-history-link">
            {s.text}
          </a>
        ) : (
          <Fragment key={i}>{s.text}</Fragment>
        ),
      )}
    </>
  );
}

export function AnnouncementHistory({ entries, pending = [], now, onCancel, onUnpin, onResend, formatTime = formatClock }: AnnouncementHistoryProps) {
  // What did not go out is not listed under "Sent": it has its own list, with "Send again".
  const sent = entries.filter((e) => e.result.status === 'sent');
  const failed = entries.filter((e) => e.result.status !== 'sent');
  const item = (e: AnnouncementHistoryEntry) => (
            <li key={e.id} data-testid="ann-history-item" data-id={e.id} data-result={e.result.status}>
              <p class="text" data-testid="ann-history-text" dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
                <LinkedText text={e.text} />
              </p>
              <p class="meta" data-testid="ann-history-meta">
                {formatTime(e.sentAt, now)} · by <bdi dir="auto">{e.by}</bdi> · {SURFACE_CAPABILITIES[e.surface].label}
                {e.scheduledFor !== undefined ? ' · scheduled' : ''}
                {e.pinned ? ' · pinned' : ''}
              </p>
              <p class={e.result.status === 'sent' ? 'result ok' : 'result error'} data-testid="ann-history-result">
                {e.result.status === 'sent' ? (
                  'Sent'
                ) : (
                  <>
                    Not sent: <ReasonText text={e.result.reason} testId="ann-history-reason" />
                  </>
                )}
              </p>
              {e.pinned && onUnpin && SURFACE_CAPABILITIES[e.surface].pin && (
                <button type="button" data-testid="ann-unpin" onClick={() => onUnpin(e.id)}>
                  Unpin
                </button>
              )}
              {e.result.status === 'failed' && onResend && (
                <button type="button" data-testid="ann-resend" onClick={() => onResend(e)}>
                  Send again
                </button>
              )}
            </li>
          );
  return (
    <section class="announcement-history card" data-testid="ann-history" aria-label="Announcement history">
      {pending.length > 0 && (
        <>
          <h2>Scheduled</h2>
          <ul data-testid="ann-pending">
            {pending.map((p) => (
              <li key={p.id} data-testid="ann-pending-item" data-id={p.id}>
                <p class="text" data-testid="ann-pending-text" dir="auto">
                  {p.text}
                </p>
                <p class="meta" data-testid="ann-pending-when">
                  {p.status === 'sending' ? 'Sending now…' : `Goes out at ${formatTime(p.expectedAt, now)}`} · {SURFACE_CAPABILITIES[p.surface].label}
                  {p.pin ? ' · pinned' : ''} · by <bdi dir="auto">{p.by}</bdi>
                </p>
                {onCancel && p.status === 'scheduled' && (
                  <button type="button" data-testid="ann-cancel" onClick={() => onCancel(p.id)}>
                    Cancel
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {failed.length > 0 && (
        <>
          <h2>Not sent</h2>
          <ul data-testid="ann-failed">{failed.map(item)}</ul>
        </>
      )}
      <h2>Sent</h2>
      {sent.length === 0 ? (
        <p class="hint" data-testid="ann-history-empty">
          Nothing announced yet.
        </p>
      ) : (
        <ul>{sent.map(item)}</ul>
      )}
    </section>
  );
}
