// Text normalisation for comparing questions: what two wordings of one question have in common.

const STOPWORDS = new Set(
  ('a an the is are was were be been being am do does did to of in on at for from by with about as into ' +
    'and or but if then so than that this these those it its i me my we our you your he she they them their ' +
    'there here what which who whom whose when where why how can could will would should shall may might must ' +
    'have has had any some all just also too very please thanks thank hi hello question ask asking know tell ' +
    'going get got us s t im')
    .split(' '),
);

// Words attendees use interchangeably in event Q&A; each maps to one canonical token, so that reworded
// questions ("Will the slides be shared?" / "Can we get the deck afterwards?") meet.
const SYNONYMS: Record<string, string> = {};
for (const group of [
  'slide deck presentation ppt powerpoint',
  'record recording recorded replay video vod',
  'share shared sharing available availability posted post send sent publish published download accessible access',
  'later afterwards after afterward',
  'price pricing cost costs license licensing',
  'release launch ship shipping available_date roadmap',
  'start begin',
  'end finish',
  'speaker presenter host',
  'session talk webinar keynote',
]) {
  const [canonical, ...rest] = group.split(' ');
  for (const word of [canonical!, ...rest]) SYNONYMS[word] = canonical!;
}

/** A very light English stemmer: enough to meet plural and tense variants, not linguistics. */
function stem(word: string): string {
  if (word.length <= 4) return word;
  // "boxes", "watches": -es; "slides", "shares": -s.
  if (/(?:s|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  for (const suffix of ['ings', 'ing', 'edly', 'ed', 's', 'ly']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) return word.slice(0, -suffix.length);
  }
  return word;
}

/** Lower-cased, accent-free, punctuation-free words, without stop words, stemmed and canonicalised. */
export function keyTerms(text: string): string[] {
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !STOPWORDS.has(w));
  return words.map((w) => SYNONYMS[w] ?? SYNONYMS[stem(w)] ?? stem(w));
}

/** Plain comparable text: for exact-duplicate detection and search. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
