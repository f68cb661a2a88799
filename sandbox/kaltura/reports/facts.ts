/**
 * The facts reports aggregate: the activity log (sandbox/activity.ts) plus webcast Q&A threads read
 * from cue points (a root KalturaAnnotation whose Kaltura-QnA metadata has Type=Question counts as a
 * thread by its ThreadCreatorId, else its userId).
 */
import type { ActivityEvent } from '../../activity.js';
import type { SandboxState } from '../../state.js';
import { QNA_PROFILE_ID } from '../metadata-store.js';
import { validateQnaXml } from '../qna-schema.js';
import { inScope, virtualEventOf, type ReportScope } from './scope.js';

export function factsInScope(state: SandboxState, scope: ReportScope): ActivityEvent[] {
  const logged = state.activity.query({ from: scope.from, to: scope.to, entryIds: scope.entryIds, virtualEventIds: scope.virtualEventIds });
  const threads: ActivityEvent[] = [];
  for (const cp of state.cuePoints.all()) {
    if (cp.objectType !== 'KalturaAnnotation' || cp.parentId) continue;
    const meta = state.metadata.find(QNA_PROFILE_ID, cp.id);
    const parsed = meta ? validateQnaXml(meta.xml) : undefined;
    if (!parsed || 'error' in parsed || parsed.fields.Type !== 'Question') continue;
    const ve = virtualEventOf(cp.entryId);
    if (!inScope(scope, cp.createdAt, cp.entryId, ve)) continue;
    threads.push({ at: cp.createdAt, kind: 'qna_thread', userId: parsed.fields.ThreadCreatorId || cp.userId, entryId: cp.entryId, virtualEventId: ve ?? 0 });
  }
  return [...logged, ...threads].sort((a, b) => a.at - b.at);
}
