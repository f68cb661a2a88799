import type { Question } from '@/lib/model/qna/types';
import { moveItem } from '@/lib/model/qna/view';

/** The starred questions in the order the speaker takes them. */
export function UpNext(props: {
  starred: readonly string[];
  questions: ReadonlyMap<string, Question>;
  onReorder(ids: string[]): void;
  onUnstar(id: string): void;
}) {
  const rows = props.starred.map((id) => ({ id, q: props.questions.get(id) }));
  return (
    <section class={`qna-section qna-up-next${rows.length === 0 ? ' empty' : ''}`} aria-labelledby="qna-up-next-title">
      <h2 id="qna-up-next-title">Up next ({rows.length})</h2>
      {rows.length === 0 ? (
        <p class="hint">Star questions (s) for the speaker.</p>
      ) : (
        <ol data-testid="qna-up-next">
          {rows.map(({ id, q }, i) => (
            <li key={id} data-testid="qna-up-next-item" data-question-id={id}>
              <span class="qna-up-next-text" dir="auto">{q ? q.text : `(question ${id} is gone)`}</span>
              <span class="qna-up-next-tools">
                <button type="button" class="small" data-testid="qna-up-next-up" aria-label="Move up" disabled={i === 0} onClick={() => props.onReorder(moveItem(props.starred, id, -1))}>
                  ↑
                </button>
                <button
                  type="button"
                  class="small"
                  data-testid="qna-up-next-down"
                  aria-label="Move down"
                  disabled={i === rows.length - 1}
                  onClick={() => props.onReorder(moveItem(props.starred, id, 1))}
                >
                  ↓
                </button>
                <button type="button" class="small" data-testid="qna-up-next-unstar" aria-label="Unstar" onClick={() => props.onUnstar(id)}>
                  ✕
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
