import { useMemo, useState } from 'preact/hooks';
import { findDuplicates, pairKey, type DuplicateGroup } from '@/lib/model/qna/duplicates';
import type { Question } from '@/lib/model/qna/types';
import './duplicates.css';

// Grouping is the costliest thing the panel does, so it runs only while this section is open, once per
// question set and set of "not the same" pairs (memoised by their identities), and a live session's changes
// wait for "Refresh".
const cache = new WeakMap<readonly Question[], { apart: ReadonlySet<string>; groups: DuplicateGroup[] }>();
const NONE: ReadonlySet<string> = new Set();
export function duplicateGroups(questions: readonly Question[], apart: ReadonlySet<string> = NONE): DuplicateGroup[] {
  const hit = cache.get(questions);
  if (hit && hit.apart === apart) return hit.groups;
  const groups = findDuplicates(questions, { apart });
  cache.set(questions, { apart, groups });
  return groups;
}

const SHOWN_GROUPS = 50;

const excerpt = (text: string, max = 80) => (text.length > max ? `${text.slice(0, max)}…` : text);

/**
 * The open "Similar questions" section: groups of near-duplicates, "Not the same" to take a question out of
 * its group, and "Merge (N votes)"; after a merge the group leaves the list and a line says what was merged
 * into which question (`qna-merge-result`).
 */
export interface DuplicatesProps {
  questions: readonly Question[];
  byId: ReadonlyMap<string, Question>;
  canMerge: boolean;
  mergeAbsent: string | null;
  onMerge(primaryId: string, memberIds: string[]): void;
}

export function Duplicates(props: DuplicatesProps) {
  const [basis, setBasis] = useState(props.questions);
  const [primaries, setPrimaries] = useState<Record<string, string>>({});
  // Pairs the moderator said are different questions: kept for as long as this section is open.
  const [apart, setApart] = useState<ReadonlySet<string>>(NONE);
  const [mergedIds, setMergedIds] = useState<ReadonlySet<string>>(NONE);
  const [result, setResult] = useState<{ count: number; text: string; votes: number } | null>(null);
  const groups = duplicateGroups(basis, apart).filter((g) => !g.members.some((id) => mergedIds.has(id)));
  const stale = basis !== props.questions;
  const votes = useMemo(() => new Map(basis.map((q) => [q.id, q.votes])), [basis]);
  const votesOf = (id: string) => votes.get(id) ?? 0;
  const textOf = (id: string) => props.byId.get(id)?.text ?? basis.find((q) => q.id === id)?.text ?? '';

  const takeOut = (g: DuplicateGroup, id: string) => {
    const next = new Set(apart);
    for (const other of g.members) if (other !== id) next.add(pairKey(id, other));
    setApart(next);
    setResult(null);
  };
  const merge = (g: DuplicateGroup, primary: string) => {
    const others = g.members.filter((m) => m !== primary);
    props.onMerge(primary, others);
    setMergedIds(new Set([...mergedIds, ...g.members]));
    setResult({ count: g.members.length, text: excerpt(textOf(primary)), votes: g.votes });
  };

  return (
    <div class="qna-duplicates">
      {/* Visible, not only announced: the merged group leaves the list, and this says where it went. */}
      <p class="qna-merge-result" role="status" data-testid="qna-merge-result" hidden={!result}>
        {result && (
          <>
            Merged {result.count} questions into “<bdi>{result.text}</bdi>”: it now shows {result.votes} votes, the other{' '}
            {result.count - 1} {result.count === 2 ? 'is' : 'are'} dismissed.
          </>
        )}
      </p>
      {stale && (
        <p class="hint">
          Questions have changed since these groups were found.{' '}
          <button
            type="button"
            class="link"
            data-testid="qna-duplicates-refresh"
            onClick={() => {
              setBasis(props.questions);
              setMergedIds(NONE);
            }}
          >
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
                  {g.members.map((id) => (
                    <div key={id} class="qna-dup-row" data-testid="qna-duplicate-member" data-question-id={id}>
                      <label class="qna-dup-member">
                        <input
                          type="radio"
                          name={`keep-${key}`}
                          checked={id === primary}
                          onChange={() => setPrimaries({ ...primaries, [key]: id })}
                        />
                        <span class="qna-votes">▲ {votesOf(id)}</span> <span dir="auto">{textOf(id)}</span>
                      </label>
                      <button
                        type="button"
                        class="link qna-dup-out"
                        data-testid="qna-duplicate-take-out"
                        aria-label={`Not the same question: take “${excerpt(textOf(id), 60)}” out of this group`}
                        onClick={() => takeOut(g, id)}
                      >
                        Not the same
                      </button>
                    </div>
                  ))}
                </fieldset>
                {props.canMerge && (
                  <button type="button" class="small primary-ish" data-testid="qna-merge" onClick={() => merge(g, primary)}>
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
