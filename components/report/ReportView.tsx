import type { AdminStatus } from '@/lib/contracts/admin';
import type { InsightRequest, InsightView } from '@/lib/contracts/insights';
import type { PollsView } from '@/lib/contracts/polls';
import type { PageContext } from '@/lib/model/context';
import type { QnaMirror } from '@/lib/model/qna/session';
import type { ReactionsView } from '@/lib/contracts/reactions';
import type { ChatMirror } from '@/lib/model/chat/session';
import type { ChatArchiveReader } from '@/lib/platform/chat-archive';
import { chatRecordsOf, reactionsInputOf } from '@/lib/model/report/activity';
import { useMemo } from 'preact/hooks';
import { KalturaReports } from './KalturaReports';
import { SessionReport } from './SessionReport';
import './report.css';

export interface ReportViewProps {
  context: PageContext;
  qna: QnaMirror | null;
  polls: PollsView | null;
  insights: Record<string, InsightView>;
  admin: AdminStatus | null;
  onInsight(request: InsightRequest): void;
  onDownload(fileName: string, text: string, type: string): void;
  /** The tab's chat as the panel mirrors it (absent or another session's: the report says it has no record). */
  chat?: ChatMirror | null;
  /** The tab's reactions meter (the widget's totals, and per-minute counts while watching). */
  reactions?: ReactionsView | null;
  /** The chat archive on this computer (absent: none). */
  chatArchive?: ChatArchiveReader | null;
}

/** The report view (its own chunk): our own session report, then Kaltura's reports. */
export function ReportView(props: ReportViewProps) {
  const entryId = props.context.entryId ?? '';
  const mirror = props.chat?.meta.entryId === entryId ? props.chat : null;
  // Rebuilt when the mirror changes (a new object per patch), not on every render of the panel.
  const chat = useMemo(() => (mirror ? chatRecordsOf(mirror) : null), [mirror]);
  const meter = props.reactions?.entryId === entryId ? props.reactions : null;
  const reactions = useMemo(() => (meter ? reactionsInputOf(meter) : null), [meter]);
  return (
    <section class="report-view" aria-label="Session report" data-testid="report-view">
      <SessionReport context={props.context} qna={props.qna} polls={props.polls?.contextId === entryId ? props.polls : null}
        chat={chat}
        chatTally={mirror?.meta.tally ?? null}
        reactions={reactions}
        chatArchive={props.chatArchive ?? null}
        chatArchiveKey={mirror?.meta.archiveKey ?? null}
        onDownload={props.onDownload}
      />
      <KalturaReports entryId={entryId} insights={props.insights} admin={props.admin} onInsight={props.onInsight} />
    </section>
  );
}
