// Text folding for comparing and searching user text (questions, chat): case, accents and punctuation aside.
// Key terms for "similar questions" live in similar.ts.

/**
 * Printable ASCII and General Punctuation (U+2000–U+206F: spaces, dashes, curly quotes, ellipsis) only:
 * folding it needs no Unicode normalisation or Unicode-aware regular expressions. No General Punctuation
 * character is a letter or digit, nor decomposes (NFKD) into one, so each is a separator on both paths.
 * Nor is any emoji of the pictograph blocks (U+1F300–U+1F5FF, U+1F600–U+1F64F, U+1F680–U+1F6FF,
 * U+1F900–U+1F9FF, U+1FA70–U+1FAFF, skin tones included), matched here as their surrogate pairs (each half a
 * separator on the plain path): a chat's "Thanks 👏" takes the plain path too (the Unicode path was most of
 * the chat flag rules' time in the worker at 200 messages/s). Not U+FE0F (a mark: removed, not a separator).
 */
const PLAIN = /^(?:[\x20-\x7e\u2000-\u206f]|\ud83c[\udf00-\udfff]|\ud83d[\udc00-\ude4f\ude80-\udeff]|\ud83e[\udd00-\uddff\ude70-\udeff])*$/;

/**
 * Plain comparable text: for exact-duplicate detection and search. Most questions are plain text like that; they take
 * a path about ten times cheaper (a first search over 20,000 questions folds each of them once) with the same
 * result as the Unicode path (NFKD and mark removal change no ASCII; for ASCII, letters and digits are a-z0-9).
 */
export function foldText(text: string): string {
  if (PLAIN.test(text)) return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  return foldUnicode(text);
}

/** The general path (exported for the test that holds the ASCII path to the same result). */
export function foldUnicode(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
