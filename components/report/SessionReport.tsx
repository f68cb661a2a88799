import { useMemo } from 'preact/hooks';
import type { PollsView } from '@/lib/contracts/polls';
import type { PageContext } from '@/lib/model/context';
import type { QnaMirror } from '@/lib/model/qna/session';
import { pollsCsv, questionsCsv } from '@/lib/model/report/csv';
import {
  buildSessionReport,
  formatDuration,
  type ChatRecordInput,
  type PollRecordInput,
  type ReactionsInput,
  type Stat,
} from '@/lib/model/report/session-report';
import { reactionName } from '@/lib/model/reactions/meter';
import type { ChatTally } from '@/lib/model/chat/tally';
import type { ChatArchiveReader } from '@/lib/platform/chat-archive';
import { ChatLogKept, useChatLog } from './ChatLog';
import { ActivityChart, AnswerTimesChart } from './charts';

const clock = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

export interface SessionReportProps {
  context: PageContext;
  qna: QnaMirror | null;
  polls: PollsView | null;
  /** The chat log and reaction counts, once the chat and reactions features feed them (null: no record). */
  chat?: readonly (ChatRecordInput & { id?: string })[] | null;
  /** The session's chat counts (the log above may hold only the latest messages): the figures come from these. */
  chatTally?: ChatTally | null;
  reactions?: ReactionsInput | null;
  /** The chat archive on this computer (absent: none; the chat CSV holds what the panel holds). */
  chatArchive?: ChatArchiveReader | null;
  /** This session's key in it, as the worker keeps it (ChatMeta.archiveKey; absent: no log). */
  chatArchiveKey?: string | null;
  onDownload(fileName: string, text: string, type: string): void;
}

/** Polls that ran (published now or before), with their latest results. */
function pollRecords(view: PollsView | null): PollRecordInput[] {
  if (!view) return [];
  return view.drafts
    .filter((d) => d.remote && (d.remote.state === 'Published' || d.remote.state === 'UnPublished'))
    .map((d) => ({ poll: d.remote!, results: view.results[d.id] ?? null }));
}

const timing = (s: Stat | null) => (s ? `median ${formatDuration(s.medianMs)}, p90 ${formatDuration(s.p90Ms)} (${s.count})` : '—');

/** Our own report of the session, from the panel's records; exports and a printable summary. */
export function SessionReport({ context, qna, polls, chat = null, chatTally = null, reactions = null, chatArchive = null, chatArchiveKey = null, onDownload }: SessionReportProps) {
  const report = useMemo(
    () => buildSessionReport({ questions: qna?.questions.values() ?? [], audit: qna?.meta.audit ?? [], polls: pollRecords(polls), chat, chatTally, reactions }),
    [qna?.version, qna, polls, chat, chatTally, reactions],
  );
  const q = report.questions;
  const stamp = new Date().toISOString().slice(0, 16).replace(':', '-');
  const base = `${(context.entryId ?? 'session').replace(/[^\w-]+/g, '_')}-${stamp}`;
  // A BOM so spreadsheet apps read the file as UTF-8.
  const save = (name: string, text: string) => onDownload(`${base}-${name}.csv`, `\uFEFF${text}`, 'text/csv;charset=utf-8');
  // The chat CSV: the archive on this computer with what the panel holds (ChatLog.tsx); the figures come from
  // the session's counts. When the file will lack messages (no archive, a failed one) the note says how many.
  const log = useChatLog({ chat, chatTally, archive: chatArchive, archiveKey: chatArchiveKey, save });
  const csvNote = log.note;
  const counts: Array<[string, string, number | string]> = [
    ['asked', 'Questions asked', q.asked],
    ['approved', 'Approved', q.approved],
    ['dismissed', 'Dismissed', q.dismissed],
    ['pending', 'Still pending', q.pending],
    ['answered-text', 'Answered in text', q.answeredText],
    ['answered-live', 'Answered live', q.answeredLive],
    ['unanswered', 'Never answered', q.unanswered],
    ['to-approved', 'Asked → approved', timing(report.toApproved)],
    ['to-answered', 'Asked → answered', timing(report.toAnswered)],
  ];
  const c = report.chat;
  if (c.known) {
    counts.push(['chat', 'Chat messages', c.messages], ['chat-senders', 'Chat senders', c.senders], ['chat-flagged', 'Chat flagged', c.flagged], ['chat-deleted', 'Chat deleted', c.deleted]);
  } else counts.push(['chat', 'Chat messages', 'no chat record']);
  const r = report.reactions;
  if (r.known) {
    const types = Object.entries(r.byType).filter(([, n]) => n > 0);
    counts.push(['reactions', r.fromWidget ? 'Reactions (the widget’s count)' : 'Reactions', r.total]);
    if (types.length) counts.push(['reactions-types', 'Reactions by type', types.map(([t, n]) => `${reactionName(t)} ${n}`).join(', ')]);
    if (r.since !== null) counts.push(['reactions-watched', 'Reactions while the panel watched', `${r.watched} since ${clock(r.since)}`]);
  } else counts.push(['reactions', 'Reactions', 'no reaction record']);
  return (
    <section class="card session-report print-summary" aria-label="Our session report" data-testid="session-report">
      <h2>
        Session report: <span dir="auto">{context.title || context.entryId}</span>
      </h2>
      <dl class="facts report-counts">
        {counts.map(([id, label, value]) => (
          <div key={id}>
            <dt>{label}</dt>
            <dd data-testid={`report-${id}`}>{value}</dd>
          </div>
        ))}
      </dl>
      <h3>Activity</h3>
      <ActivityChart timeline={report.timeline} />
      <h3>Time to answer</h3>
      <AnswerTimesChart buckets={report.answerTimes} />
      <h3>Follow up: most-voted questions never answered</h3>
      {report.topUnanswered.length === 0 ? (
        <p class="hint">None.</p>
      ) : (
        <ol class="follow-up" data-testid="report-follow-up">
          {report.topUnanswered.map((x) => (
            <li key={x.id}>
              <span dir="auto">{x.text}</span> <span class="muted">({x.votes} votes, <span dir="auto">{x.author}</span>)</span>
            </li>
          ))}
        </ol>
      )}
      {report.perModerator.length > 0 && (
        <>
          <h3>Per moderator</h3>
          <table class="report-table" data-testid="report-moderators">
            <thead>
              <tr>
                <th scope="col">Moderator</th>
                <th scope="col">Approved</th>
                <th scope="col">Answered</th>
                <th scope="col">Dismissed</th>
                <th scope="col">Asked → answered</th>
              </tr>
            </thead>
            <tbody>
              {report.perModerator.map((m) => (
                <tr key={m.moderator}>
                  <th scope="row" dir="auto">
                    {m.moderator}
                  </th>
                  <td class="num">{m.approved}</td>
                  <td class="num">{m.answered}</td>
                  <td class="num">{m.dismissed}</td>
                  <td>{timing(m.toAnswered)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {report.polls.length > 0 && (
        <>
          <h3>Polls</h3>
          {report.polls.map((p) => (
            <div key={p.id} class="report-poll">
              <p dir="auto">
                <strong>{p.question}</strong> <span class="muted">({p.answers} answers)</span>
              </p>
              <ul>
                {p.rows.map((r) => (
                  <li key={r.optionId} dir="auto">
                    {r.text}: {r.count} ({r.percent}%)
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </>
      )}
      {csvNote && (
        <p class="hint no-print" id="report-csv-chat-note" data-testid="report-csv-chat-note">
          {csvNote}
        </p>
      )}
      <div class="report-actions no-print">
        <button type="button" data-testid="report-csv-questions" onClick={() => save('questions', questionsCsv(qna?.questions.values() ?? [], qna?.meta.audit ?? []))}>
          Questions CSV
        </button>
        <button
          type="button"
          data-testid="report-csv-chat"
          disabled={!chat}
          aria-describedby={csvNote ? 'report-csv-chat-note' : undefined}
          title={chat ? 'The chat log, deleted messages marked' : 'No chat record for this session'}
          aria-busy={log.busy || undefined}
          onClick={() => void log.exportChat()}
        >
          {log.busy ? 'Writing the chat CSV…' : 'Chat CSV'}
        </button>
        <button type="button" data-testid="report-csv-polls" onClick={() => save('polls', pollsCsv(report.polls))}>
          Polls CSV
        </button>
        <button type="button" data-testid="report-print" onClick={() => window.print()}>
          Print summary
        </button>
      </div>
      {chat && log.hasArchive && <ChatLogKept onDelete={() => void log.deleteLog()} said={log.said} />}
    </section>
  );
}
