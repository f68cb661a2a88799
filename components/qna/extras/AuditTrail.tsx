import type { ComponentChildren } from 'preact';
import type { AuditEntry } from '@/lib/model/qna/commands';
import type { Question } from '@/lib/model/qna/types';
import { absoluteTime, clockTime } from '@/lib/model/qna/view';

const SHOWN = 300;

const excerpt = (text: string) => (text.length > 80 ? `${text.slice(0, 80)}…` : text);

/** A question as the audit names it: its text, never its internal id (kept in the tooltip for support). */
function QuestionName(props: { id: string; questions: ReadonlyMap<string, Question> }) {
  const q = props.questions.get(props.id);
  if (!q) return <span class="muted" title={props.id}>a question no longer listed</span>;
  return (
    <span title={props.id}>
      “<bdi dir="auto">{excerpt(q.text)}</bdi>”
    </span>
  );
}

/**
 * An entry's detail with any question id in it ("merged 2 into 1_ab12", "dismissed: merged into 1_ab12",
 * "starred 1_ab12") shown as that question's text.
 */
function Detail(props: { detail: string; questions: ReadonlyMap<string, Question> }) {
  const parts: ComponentChildren[] = [];
  props.detail.split(/(\s+)/).forEach((token, i) => {
    const id = token.replace(/[.,;:!?)]+$/, '');
    if (id && props.questions.has(id)) {
      parts.push(<QuestionName key={i} id={id} questions={props.questions} />, token.slice(id.length));
    } else parts.push(token);
  });
  return <span dir="auto">{parts}</span>;
}

/** Who did what to which question, and when: newest first. */
export interface AuditTrailProps {
  audit: readonly AuditEntry[];
  me: string;
  questions: ReadonlyMap<string, Question>;
}

export function AuditTrail(props: AuditTrailProps) {
  const entries = props.audit.slice(-SHOWN).reverse();
  if (!entries.length) return <p class="hint">Nothing yet.</p>;
  return (
    <>
      {/* Focusable: the list scrolls, and a keyboard user must be able to scroll it. */}
      <ol class="qna-audit-list" data-testid="qna-audit-list" tabIndex={0} aria-label="Audit entries, newest first">
        {entries.map((e, i) => {
          // The entry's own question, unless the detail already names it ("merged 2 into …").
          const named = e.questionId !== null && e.detail.split(/\s+/).some((t) => t.replace(/[.,;:!?)]+$/, '') === e.questionId);
          return (
            <li key={`${e.at}-${i}`} class={e.outcome === 'failed' ? 'failed' : undefined} data-testid="qna-audit-entry">
              <time dateTime={new Date(e.at).toISOString()} title={absoluteTime(e.at)}>
                {clockTime(e.at)}
              </time>{' '}
              <strong dir="auto">{e.moderator === props.me ? 'You' : e.moderator}</strong>{' '}
              <Detail detail={e.detail} questions={props.questions} />
              {e.questionId && !named && (
                <span class="muted">
                  {' '}
                  — <QuestionName id={e.questionId} questions={props.questions} />
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
