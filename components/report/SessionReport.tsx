import type { PollsView } from '@/lib/contracts/polls';
import type { PageContext } from '@/lib/model/context';
import type { QnaMirror } from '@/lib/model/qna/session';

export interface SessionReportProps {
  context: PageContext;
  qna: QnaMirror | null;
  polls: PollsView | null;
  onDownload(fileName: string, text: string, type: string): void;
}

export function SessionReport(_props: SessionReportProps) {
  return null;
}
