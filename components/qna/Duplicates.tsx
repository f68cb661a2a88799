import { useMemo, useState } from 'preact/hooks';
import { findDuplicates, type DuplicateGroup } from '@/lib/model/qna/duplicates';
import type { Question } from '@/lib/model/qna/types';

// Grouping is the costliest thing the panel does, so it runs only while this section is open, once per
// question set (memoised by the list's identity), and a live session's changes wait for "Refresh".
const cache = new WeakMap<readonly Question[], DuplicateGroup[]>();
export function duplicateGroups(questions: readonly Question[]): DuplicateGroup[] {
  let groups = cache.get(questions);
  if (!groups) cache.set(questions, (groups = findDuplicates(questions)));
  return groups;
}

const SHOWN_GROUPS = 50;

/** The open "Similar questions" section: groups of near-duplicates and "Merge (N votes)". */
export function Duplicates(props: {
  questions: readonly Question[];
  byId: ReadonlyMap<string, Question>;
  canMerge: boolean;
  mergeAbsent: string | null;
  onMerge(primaryId: string, memberIds: string[]): void;
}) {
  const [basis, setBasis] = useState(props.questions);
  const [primaries, setPrimaries] = useState<Record<string, string>>({});
  const groups = duplicateGroups(basis);
  const stale = basis !== props.questions;
  const votes = useMemo(() => new Map(basis.map((q) => [q.id, q.votes])), [basis]);
  const votesOf = (id: string) => votes.get(id) ?? 0;
  return (
    <div class="qna-duplicates">
      {stale && (
        <p class="hint">
          Questions have changed since these groups were found.{' '}
          <button type="button" class="link" data-testid="qna-duplicates-refresh" onClick={() => setBasis(props.questions)}>
            Refresh
          </button>
        </p>
      )}
      {!props.canMerge && props.mergeAbsent && <p class="qna-absent">{props.mergeAbsent}</p>}
      {groups.length === 0 ? (
        <p class="hint">No similar questions.</p>
      ) : (
        <ol class="qna-dup-groups">
          {groups.slice(0, SHOWN_GROUPS).map((g) => {
            const key = g.members.join(',');
            const primary = primaries[key] ?? g.primary;
            return (
              <li key={key} class="qna-dup-group card" data-testid="qna-duplicate-group" data-primary-id={primary}>
                <fieldset>
                  <legend class="hint">{g.members.length} similar questions — keep:</legend>
                  {g.members.map((id) => {
                    const q = props.byId.get(id);
                    return (
                      <label key={id} class="qna-dup-member">
                        <input
                          type="radio"
                          name={`keep-${key}`}
                          checked={id === primary}
                          onChange={() => setPrimaries({ ...primaries, [key]: id })}
                        />
                        <span class="qna-votes">▲ {votesOf(id)}</span> <span dir="auto">{q?.text ?? id}</span>
                      </label>
                    );
                  })}
                </fieldset>
                {props.canMerge && (
                  <button
                    type="button"
                    class="small primary-ish"
                    data-testid="qna-merge"
                    onClick={() => props.onMerge(primary, g.members.filter((m) => m !== primary))}
                  >
                    Merge ({g.votes} votes)
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {groups.length > SHOWN_GROUPS && <p class="hint">And {groups.length - SHOWN_GROUPS} more groups.</p>}
    </div>
  );
}
