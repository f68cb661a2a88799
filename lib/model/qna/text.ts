// Text folding for comparing and searching user text (questions, chat): case, accents and punctuation aside.
// Key terms for "similar questions" live in similar.ts.

/** Plain comparable text: for exact-duplicate detection and search. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
