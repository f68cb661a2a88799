import type { AdminStatus } from '@/lib/contracts/admin';
import type { InsightRequest, InsightView } from '@/lib/contracts/insights';
import type { PollsView } from '@/lib/contracts/polls';
import type { PageContext } from '@/lib/model/context';
import type { QnaMirror } from '@/lib/model/qna/session';
import type { ChatRecordInput, ReactionRecordInput } from '@/lib/model/report/session-report';
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
  /** The session's chat log and reaction counts, when the chat and reactions features keep them (else no record). */
  chat?: readonly ChatRecordInput[] | null;
  reactions?: readonly ReactionRecordInput[] | null;
}

/** The report view (its own chunk): our own session report, then Kaltura's reports. */
export function ReportView(props: ReportViewProps) {
  const entryId = props.context.entryId ?? '';
  return (
    <section class="report-view" aria-label="Session report" data-testid="report-view">
      <SessionReport context={props.context} qna={props.qna} polls={props.polls?.contextId === entryId ? props.polls : null}
        chat={props.chat ?? null}
        reactions={props.reactions ?? null}
        onDownload={props.onDownload}
      />
      <KalturaReports entryId={entryId} insights={props.insights} admin={props.admin} onInsight={props.onInsight} />
    </section>
  );
}
