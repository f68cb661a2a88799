// Flagged chat: rules the moderator keeps (banned words, links, ALL CAPS, repeated text, a person posting
// faster than N a minute). A flag only marks a message for the moderator's look ("Flagged" in the Chat
// view, counted on the badge); nothing is deleted unless the moderator turned auto-delete on for that rule.
// Pure: the flagger's memory (who posted what, when) is fed by the messages themselves, in time order.
import { compileBannedWords } from '../qna/banned-words';
import { foldText } from '../qna/text';

export const FLAG_RULES = ['banned', 'links', 'caps', 'repeat', 'rate'] as const;
export type FlagRuleName = (typeof FLAG_RULES)[number];

export const FLAG_RULE_LABELS: Record<FlagRuleName, string> = {
  banned: 'Banned words',
  links: 'Links',
  caps: 'ALL CAPS',
  repeat: 'Repeated text',
  rate: 'Posting too fast',
};

export interface FlagRules {
  bannedWords: string[];
  links: boolean;
  caps: boolean;
  repeat: boolean;
  /** At most this many messages a minute per person; null: no limit. */
  ratePerMinute: number | null;
  /** Rules whose flagged messages are deleted at once (in the audit). Off unless the moderator turns it on. */
  autoDelete: Partial<Record<FlagRuleName, boolean>>;
}

export const DEFAULT_FLAG_RULES: FlagRules = { bannedWords: [], links: true, caps: true, repeat: true, ratePerMinute: 10, autoDelete: {} };

export interface Flag {
  rule: FlagRuleName;
  reason: string;
}

/** What the flagger needs of a message. */
export interface FlaggableMessage {
  id: string;
  authorKey: string;
  text: string;
  at: number;
  /** A moderator's own messages are never flagged. */
  byModerator?: boolean;
}

const MINUTE = 60_000;
/** The same text again from one person within this window is "repeated". */
export const REPEAT_WINDOW_MS = 5 * MINUTE;
/** ALL CAPS counts from this many letters (a "OK" or "LOL" is fine). */
const CAPS_MIN_LETTERS = 8;
const CAPS_RATIO = 0.8;

const LINK = /(?:\bhttps?:\/\/|\bwww\.|\b[a-z0-9-]+\.(?:com|net|org|io|ly|xyz|ru|info|biz|co|me|gg|tk|top|link|click|app|dev)\b)/iu;

export function hasLink(text: string): boolean {
  return LINK.test(text);
}

export function isAllCaps(text: string): boolean {
  let letters = 0;
  let upper = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // ASCII by its code (A-Z, a-z are its only cased letters): casing each character made two strings of
    // it, the flagger's largest cost in the worker's profile at 200 messages/s.
    if (c < 0x80) {
      if (c >= 0x41 && c <= 0x5a) {
        letters++;
        upper++;
      } else if (c >= 0x61 && c <= 0x7a) letters++;
      continue;
    }
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++; // the second half of a surrogate pair
    const ch = String.fromCodePoint(cp);
    if (ch.toLowerCase() === ch.toUpperCase()) continue; // not a cased letter
    letters++;
    if (ch === ch.toUpperCase()) upper++;
  }
  return letters >= CAPS_MIN_LETTERS && upper / letters >= CAPS_RATIO;
}

export function normalizeRules(input: Partial<FlagRules> | null | undefined): FlagRules {
  const r = { ...DEFAULT_FLAG_RULES, ...(input ?? {}) };
  const rate = typeof r.ratePerMinute === 'number' && Number.isFinite(r.ratePerMinute) && r.ratePerMinute > 0 ? Math.floor(r.ratePerMinute) : null;
  const autoDelete: FlagRules['autoDelete'] = {};
  for (const rule of FLAG_RULES) if (r.autoDelete?.[rule] === true) autoDelete[rule] = true;
  return {
    bannedWords: (Array.isArray(r.bannedWords) ? r.bannedWords : []).filter((w): w is string => typeof w === 'string' && !!w.trim()).slice(0, 500),
    links: r.links !== false,
    caps: r.caps !== false,
    repeat: r.repeat !== false,
    ratePerMinute: rate,
    autoDelete,
  };
}

export interface Flagger {
  /** The flags of a message seen for the first time (call in time order; each id once). */
  check(message: FlaggableMessage): Flag[];
  /** The rules changed: later messages are checked with these. */
  setRules(rules: FlagRules): void;
}

export function createFlagger(initial: FlagRules): Flagger {
  let rules = initial;
  let banned = compileBannedWords(rules.bannedWords);
  /**
   * Per person: recent post times and texts, oldest first, pruned from the front as time moves on, and how
   * many of those texts have each folded text. (Each message filtered both lists into new arrays and
   * compared its text with every text of the last 5 minutes: a person posting a few times a minute has
   * dozens, and the cost grew with the session.)
   */
  const recent = new Map<string, { times: number[]; texts: Array<{ folded: string; at: number }>; seen: Map<string, number> }>();
  return {
    setRules(next) {
      rules = next;
      banned = compileBannedWords(rules.bannedWords);
    },
    check(m) {
      if (m.byModerator) return [];
      const flags: Flag[] = [];
      const word = banned(m.text);
      if (word) flags.push({ rule: 'banned', reason: `Contains the banned word “${word.word}”` });
      if (rules.links && hasLink(m.text)) flags.push({ rule: 'links', reason: 'Contains a link' });
      if (rules.caps && isAllCaps(m.text)) flags.push({ rule: 'caps', reason: 'Written in ALL CAPS' });
      let mine = recent.get(m.authorKey);
      if (!mine) recent.set(m.authorKey, (mine = { times: [], texts: [], seen: new Map() }));
      let old = 0;
      while (old < mine.times.length && m.at - mine.times[old]! >= MINUTE) old++;
      if (old) mine.times.splice(0, old);
      old = 0;
      while (old < mine.texts.length && m.at - mine.texts[old]!.at >= REPEAT_WINDOW_MS) {
        const gone = mine.texts[old++]!.folded;
        const left = mine.seen.get(gone)! - 1;
        if (left) mine.seen.set(gone, left);
        else mine.seen.delete(gone);
      }
      if (old) mine.texts.splice(0, old);
      const folded = foldText(m.text);
      if (rules.repeat && folded && mine.seen.has(folded)) flags.push({ rule: 'repeat', reason: 'Same text again within 5 minutes' });
      mine.times.push(m.at);
      mine.texts.push({ folded, at: m.at });
      mine.seen.set(folded, (mine.seen.get(folded) ?? 0) + 1);
      if (rules.ratePerMinute !== null && mine.times.length > rules.ratePerMinute) {
        flags.push({ rule: 'rate', reason: `More than ${rules.ratePerMinute} messages in a minute` });
      }
      return flags;
    },
  };
}

/** The rule of these flags that asks for an automatic deletion, if any. */
export function autoDeleteRule(flags: readonly Flag[], rules: FlagRules): FlagRuleName | null {
  return flags.find((f) => rules.autoDelete[f.rule] === true)?.rule ?? null;
}
