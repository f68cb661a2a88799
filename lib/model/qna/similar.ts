// When are two attendee questions the same question? Lexical, not semantic: each question becomes a set of
// key terms (stop words out, light stemming, Q&A synonyms folded), and two questions are the same only when
// one's terms are all in the other's and they share most of the weight. "Most words in common" is not
// enough: "When will the slides be shared?" and "Will the recording be shared?" share "shared", and two
// questions from one template ("Is the roadmap included in the standard plan?" / "Is the mobile app
// included in the standard plan?") share nearly everything, yet each says something the other does not.
// Merging a question into another one hides it from the moderator, so a missed duplicate is cheap and a
// wrong group is not: when both sides carry a term of their own, they are different questions.

const STOPWORDS = new Set(
  ('a an the is are was were be been being am do does did to of in on at for from by with about as into ' +
    'and or but if then so than that this these those it its i me my we our you your he she they them their ' +
    'there here what which whom whose can could will would should shall may might must ' +
    'have has had any some all just also too very please thanks thank hi hello question ask asking asked know tell ' +
    'going get got gonna us s t im ' +
    // Fillers attendees wrap a question in: they never change what is asked.
    'sorry already again anyone someone somebody mentioned repeat curious wondering wonder quick quickly ' +
    'maybe perhaps actually really still guys everyone folks team great nice')
    .split(' '),
);

// Words attendees use interchangeably in event Q&A; each maps to one canonical token, so that reworded
// questions ("Will the slides be shared?" / "Can we get the deck afterwards?") meet. Interrogatives stay
// terms ("when", "where", "how", "why", "who"): "When are the slides shared?" and "Where are the slides
// shared?" ask different things.
// No prototype: an attendee writing "constructor" must not get Object's function as a term.
const SYNONYMS: Record<string, string> = Object.create(null) as Record<string, string>;
for (const group of [
  'slide deck presentation ppt powerpoint',
  'record recording recorded replay video vod',
  'share shared sharing available availability posted post send sent publish published download accessible access',
  'later afterwards after afterward',
  'price pricing cost costs license licensing',
  'release launch ship shipping roadmap',
  'start begin',
  'end finish',
  'speaker presenter host',
  'session talk webinar keynote',
  'when date',
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

// "After the session" is how attendees say "afterwards": the session is not what they ask about.
const AFTER_THE_EVENT = /\bafter (?:the |this |today'?s )?(?:session|talk|webinar|keynote|event|call|meeting|presentation|demo|stream)\b/g;

/** Lower-cased, accent-free, punctuation-free words, without stop words, stemmed and canonicalised. */
export function keyTerms(text: string): string[] {
  // A question's first 1,000 characters say what it asks; a 5,000-character wall must not cost five times that.
  const words = text
    .slice(0, 1000)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(AFTER_THE_EVENT, 'afterwards')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !STOPWORDS.has(w));
  return words.map((w) => SYNONYMS[w] ?? SYNONYMS[stem(w)] ?? stem(w));
}

/**
 * How much of two term sets is one question, in [0, 1]: 0 unless one set holds every term of the other
 * (each side saying something of its own makes them different questions); otherwise the share of the
 * larger side's weight that the smaller side covers ("Is there a recording?" covers all of "Is this
 * session recorded?" but for "session").
 */
export function sameness(a: ReadonlySet<string>, b: ReadonlySet<string>, weight: (t: string) => number = () => 1): number {
  if (!a.size || !b.size) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let smallWeight = 0;
  for (const t of small) {
    if (!large.has(t)) return 0;
    smallWeight += weight(t);
  }
  let largeWeight = 0;
  for (const t of large) largeWeight += weight(t);
  return largeWeight === 0 ? 0 : smallWeight / largeWeight;
}
