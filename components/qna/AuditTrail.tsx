import type { AuditEntry } from '@/lib/model/qna/commands';
import type { Question } from '@/lib/model/qna/types';
import { absoluteTime, clockTime } from '@/lib/model/qna/view';

const SHOWN = 300;

/** Who did what to which question, and when: newest first. */
export function AuditTrail(props: { audit: readonly AuditEntry[]; me: string; questions: ReadonlyMap<string, Question> }) {
  const entries = props.audit.slice(-SHOWN).reverse();
  if (!entries.length) return <p class="hint">Nothing yet.</p>;
  return (
    <>
      {/* Focusable: the list scrolls, and a keyboard user must be able to scroll it. */}
      <ol class="qna-audit-list" data-testid="qna-audit-list" tabIndex={0} aria-label="Audit entries, newest first">
        {entries.map((e, i) => {
          const q = e.questionId ? props.questions.get(e.questionId) : undefined;
          return (
            <li key={`${e.at}-${i}`} class={e.outcome === 'failed' ? 'failed' : undefined} data-testid="qna-audit-entry">
              <time dateTime={new Date(e.at).toISOString()} title={absoluteTime(e.at)}>
                {clockTime(e.at)}
              </time>{' '}
              <strong dir="auto">{e.moderator === props.me ? 'You' : e.moderator}</strong> {e.detail}
              {e.questionId && (
                <span class="muted" title={e.questionId}>
                  {' '}
                  — “<bdi>{q ? (q.text.length > 80 ? `${q.text.slice(0, 80)}…` : q.text) : e.questionId}</bdi>”
                </span>
              )}
              {e.outcome === 'failed' && <span class="pill bad">failed</span>}
            </li>
          );
        })}
      </ol>
      {props.audit.length > SHOWN && <p class="hint">Showing the latest {SHOWN} of {props.audit.length}.</p>}
    </>
  );
}
