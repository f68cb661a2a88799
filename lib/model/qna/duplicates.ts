// Near-duplicate questions: grouped so that the moderator can merge them, votes summed.
// Lexical, not semantic: key terms (stemmed, synonyms folded) compared by weighted Jaccard, with rare
// terms weighing more. An inverted index keeps it near-linear on 10,000 questions.
import { foldText, keyTerms } from './text';
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
  /** Similarity in [0, 1] at which two questions are the same question. */
  threshold?: number;
  /** Terms in more than this share of questions carry no signal and are not indexed. */
  maxTermShare?: number;
}

export function findDuplicates(questions: readonly Question[], options: DuplicateOptions = {}): DuplicateGroup[] {
  const threshold = options.threshold ?? 0.5;
  const maxShare = options.maxTermShare ?? 0.2;
  const candidates = questions.filter((q) => q.state !== 'dismissed');
  const terms = candidates.map((q) => new Set(keyTerms(q.text)));
  const folded = candidates.map((q) => foldText(q.text));

  // Document frequency → weight: rare terms say more about what a question is about.
  const df = new Map<string, number>();
  for (const set of terms) for (const t of set) df.set(t, (df.get(t) ?? 0) + 1);
  const n = candidates.length;
  const weight = (t: string) => Math.log(1 + n / (df.get(t) ?? 1));
  const tooCommon = (t: string) => n >= 20 && (df.get(t) ?? 0) / n > maxShare;

  const parent = candidates.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };

  const exact = new Map<string, number>();
  const index = new Map<string, number[]>();
  candidates.forEach((_, i) => {
    const text = folded[i]!;
    if (text) {
      const seen = exact.get(text);
      if (seen !== undefined) union(seen, i);
      else exact.set(text, i);
    }
    const compared = new Set<number>();
    for (const t of terms[i]!) {
      if (tooCommon(t)) continue;
      for (const j of index.get(t) ?? []) {
        if (compared.has(j)) continue;
        compared.add(j);
        if (similarity(terms[i]!, terms[j]!, weight) >= threshold) union(i, j);
      }
      (index.get(t) ?? index.set(t, []).get(t)!).push(i);
    }
  });

  const groups = new Map<number, number[]>();
  candidates.forEach((_, i) => (groups.get(find(i)) ?? groups.set(find(i), []).get(find(i))!).push(i));
  const result: DuplicateGroup[] = [];
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const qs = members.map((i) => candidates[i]!);
    const primary = [...qs].sort((a, b) => b.votes - a.votes || a.createdAt - b.createdAt)[0]!;
    result.push({ primary: primary.id, members: qs.map((q) => q.id), votes: qs.reduce((s, q) => s + q.votes, 0) });
  }
  return result.sort((a, b) => b.members.length - a.members.length || b.votes - a.votes);
}

/** Weighted Jaccard of two term sets. */
export function similarity(a: ReadonlySet<string>, b: ReadonlySet<string>, weight: (t: string) => number = () => 1): number {
  if (!a.size || !b.size) return 0;
  let shared = 0;
  let total = 0;
  for (const t of a) {
    const w = weight(t);
    total += w;
    if (b.has(t)) shared += w;
  }
  for (const t of b) if (!a.has(t)) total += weight(t);
  return total === 0 ? 0 : shared / total;
}
