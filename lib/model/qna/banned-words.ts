// Banned words: a question that matches is held in Pending with the reason shown; never deleted.
import { foldText } from './text';

export interface BannedWordMatch {
  word: string;
  reason: string;
}

/**
 * Compiles the moderator's list once. Entries match whole words (or whole phrases), ignoring case and
 * accents; an entry ending in `*` matches any word that starts with it.
 */
export function compileBannedWords(list: readonly string[]): (text: string) => BannedWordMatch | null {
  const entries = list
    .map((raw) => ({ raw: raw.trim(), folded: foldText(raw.replace(/\*$/, '')), prefix: raw.trim().endsWith('*') }))
    .filter((e) => e.folded.length > 0);
  if (!entries.length) return () => null;
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(
    entries.map((e) => `(?:^| )(${escape(e.folded)}${e.prefix ? '[\\p{L}\\p{N}]*' : ''})(?= |$)`).join('|'),
    'u',
  );
  return (text) => {
    const match = pattern.exec(foldText(text));
    if (!match) return null;
    const index = match.slice(1).findIndex((g) => g !== undefined);
    const word = entries[index]?.raw ?? match[0].trim();
    return { word, reason: `Held: contains the banned word “${word}”` };
  };
}
