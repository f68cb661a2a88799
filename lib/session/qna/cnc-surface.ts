// The CnC widget as a Q&A surface: actions go to the tab's content script, which clicks the widget's
// own controls; the effects come back as batches the content script reads from the widget.
import type { QnaAction } from '../../model/qna/commands';
import type { PerformResult } from '../../contracts/protocol';
import { capabilitiesOf } from '../../cnc/qna-profile';
import { profileById } from '../../cnc/profile';
import type { QnaSurfacePort } from './qna-session';

export function cncSurface(
  profileId: string,
  performInTab: (commandId: string, action: QnaAction) => Promise<PerformResult | undefined>,
): QnaSurfacePort | null {
  const profile = profileById(profileId)?.qna;
  if (!profile) return null;
  return {
    kind: 'cnc',
    capabilities: capabilitiesOf(profile),
    async perform(action, commandId) {
      let result: PerformResult | undefined;
      try {
        result = await performInTab(commandId, action);
      } catch {
        throw new Error('The event tab did not answer: it may have been closed or reloaded.');
      }
      if (!result) throw new Error('The event tab did not answer: reload it and try again.');
      if (!result.ok) throw new Error(result.error);
    },
  };
}
