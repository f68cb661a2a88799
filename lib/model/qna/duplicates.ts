// Near-duplicate questions: grouped so that the moderator can merge them, votes summed.
// Two questions are the same question by `sameness` (lib/model/qna/similar.ts: one's key terms all in the
// other's, sharing most of the weight, rare terms weighing more). Groups are complete-linkage: every member is
// the same question as every other member. Chaining (A like B, B like C, so A with C) is what once put "When
// will the roadmap ship?" and "Will the slides about the roadmap be shared?" in one group of 70.
// Near-linear on 10,000 questions: identical term sets are one bucket, and a bucket is compared only with
// the buckets holding its rarest term (a superset must hold it).
import { foldText } from './text';
import { keyTerms, sameness } from './similar';
import type { Question } from './types';

export interface DuplicateGroup {
  /** The question to keep: most votes, then oldest. */
  primary: string;
  /** Every member, primary included. */
  members: string[];
  /** Sum of the members' votes: what the merged question will show. */
  votes: number;
}

export interface DuplicateOptions {
  /** Sameness in [0, 1] at which two questions are the same question. */
  threshold?: number;
  /** Pairs of questions the moderator said are not the same (`pairKey`): never in one group. */
  apart?: ReadonlySet<string>;
}

/** The key of an unordered pair of question ids, for `DuplicateOptions.apart`. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}\n${b}` : `${b}\n${a}`;
}

interface Bucket {
  terms: Set<string>;
  members: number[];
}

export function findDuplicates(questions: readonly Question[], options: DuplicateOptions = {}): DuplicateGroup[] {
  const threshold = options.threshold ?? 0.5;
  const apart = options.apart ?? new Set<string>();
  const candidates = questions.filter((q) => q.state !== 'dismissed');
  const n = candidates.length;
  const terms = candidates.map((q) => new Set(keyTerms(q.text)));

  // Document frequency → weight: rare terms say more about what a question is about.
  const df = new Map<string, number>();
  for (const set of terms) for (const t of set) df.set(t, (df.get(t) ?? 0) + 1);
  const weight = (t: string) => Math.log(1 + n / (df.get(t) ?? 1));

  // One bucket per term set (text without terms, such as emoji, only meets its exact copies). A question the
  // moderator took out of a group gets a bucket of its own, so that "apart" can hold between buckets.
  const hasApart = new Set<string>();
  for (const key of apart) for (const id of key.split('\n')) hasApart.add(id);
  const buckets: Bucket[] = [];
  const byKey = new Map<string, number>();
  candidates.forEach((q, i) => {
    const set = terms[i]!;
    const folded = set.size ? '' : foldText(q.text);
    if (!set.size && !folded) return;
    let key = set.size ? [...set].sort().join(' ') : `\u0000${folded}`;
    if (hasApart.has(q.id)) key += `\u0000${q.id}`;
    const b = byKey.get(key);
    if (b !== undefined) buckets[b]!.members.push(i);
    else {
      byKey.set(key, buckets.length);
      buckets.push({ terms: set, members: [i] });
    }
  });

  const isApart = (x: Bucket, y: Bucket) =>
    apart.size > 0 && x.members.some((i) => y.members.some((j) => apart.has(pairKey(candidates[i]!.id, candidates[j]!.id))));

  // Edges between buckets that are the same question.
  const index = new Map<string, number[]>();
  buckets.forEach((b, bi) => {
    for (const t of b.terms) (index.get(t) ?? index.set(t, []).get(t)!).push(bi);
  });
  const rarest = (b: Bucket) => {
    let best = '';
    let bestDf = Infinity;
    for (const t of b.terms) {
      const d = df.get(t) ?? 0;
      if (d < bestDf || (d === bestDf && t < best)) [best, bestDf] = [t, d];
    }
    return best;
  };
  const edges: { a: number; b: number; score: number }[] = [];
  const linked = buckets.map(() => new Set<number>());
  buckets.forEach((b, bi) => {
    if (!b.terms.size) return;
    for (const bj of index.get(rarest(b)) ?? []) {
      const other = buckets[bj]!;
      // Each pair once: from its smaller side (equal sizes: identical sets split by "apart").
      if (bj === bi || other.terms.size < b.terms.size || (other.terms.size === b.terms.size && bj < bi)) continue;
      const score = sameness(b.terms, other.terms, weight);
      if (score < threshold || isApart(b, other)) continue;
      edges.push({ a: bi, b: bj, score });
      linked[bi]!.add(bj);
      linked[bj]!.add(bi);
    }
  });

  // Complete linkage, closest pairs first: two clusters join only if every pair across them is an edge.
  const cluster = buckets.map((_, i) => [i]);
  const clusterOf = buckets.map((_, i) => i);
  edges.sort((x, y) => y.score - x.score || x.a - y.a || x.b - y.b);
  for (const e of edges) {
    const ca = clusterOf[e.a]!;
    const cb = clusterOf[e.b]!;
    if (ca === cb) continue;
    const [keep, drop] = ca < cb ? [ca, cb] : [cb, ca];
    if (!cluster[keep]!.every((x) => cluster[drop]!.every((y) => linked[x]!.has(y)))) continue;
    for (const y of cluster[drop]!) clusterOf[y] = keep;
    cluster[keep]!.push(...cluster[drop]!);
    cluster[drop] = [];
  }

  const result: DuplicateGroup[] = [];
  for (const members of cluster) {
    const qs = members.flatMap((bi) => buckets[bi]!.members).sort((x, y) => x - y).map((i) => candidates[i]!);
    if (qs.length < 2) continue;
    const primary = [...qs].sort((a, b) => b.votes - a.votes || a.createdAt - b.createdAt)[0]!;
    result.push({ primary: primary.id, members: qs.map((q) => q.id), votes: qs.reduce((s, q) => s + q.votes, 0) });
  }
  return result.sort((a, b) => b.members.length - a.members.length || b.votes - a.votes);
}
