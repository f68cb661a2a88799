// What the Chat view shows, as pure functions: which messages pass the search, the person filter and
// "only flagged"; who has written; everything a person wrote; and the keys.
import { foldText } from '../qna/text';
import { clockTime } from '../qna/view';
import type { ChatMessage } from './types';

export interface ChatFilter {
  search: string;
  /** A person's key (author id, else `name:` + name), or null for everyone. */
  person: string | null;
  onlyFlagged: boolean;
}

export function personKey(m: Pick<ChatMessage, 'author'>): string {
  return m.author.id ?? `name:${m.author.name}`;
}

export function filterMessages(list: readonly ChatMessage[], filter: ChatFilter, flags: Readonly<Record<string, unknown>>): ChatMessage[] {
  const needle = foldText(filter.search);
  if (!needle && !filter.person && !filter.onlyFlagged) return list as ChatMessage[];
  return list.filter((m) => {
    if (filter.onlyFlagged && !flags[m.id]) return false;
    if (filter.person && personKey(m) !== filter.person) return false;
    if (needle && !foldText(`${m.author.name} ${m.text}`).includes(needle)) return false;
    return true;
  });
}

/** People who wrote, most messages first (for the person filter). */
export function senders(list: readonly ChatMessage[], limit = 300): Array<{ key: string; name: string; count: number }> {
  const by = new Map<string, { key: string; name: string; count: number }>();
  for (const m of list) {
    const key = personKey(m);
    const s = by.get(key);
    if (s) s.count++;
    else by.set(key, { key, name: m.author.name, count: 1 });
  }
  return [...by.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)).slice(0, limit);
}

/** The time of day a message was posted, as the Q&A view writes it ("14:03:09"): no Intl formatter to build. */
export function clockOf(at: number): string {
  return clockTime(at);
}

export type ChatKeyCommand = 'next' | 'prev' | 'delete' | 'block' | 'pin' | 'keep' | 'search' | 'help' | 'card';

export const CHAT_KEYS: Array<{ keys: string[]; command: ChatKeyCommand; label: string }> = [
  { keys: ['j', 'ArrowDown'], command: 'next', label: 'Next message' },
  { keys: ['k', 'ArrowUp'], command: 'prev', label: 'Previous message' },
  { keys: ['d'], command: 'delete', label: 'Delete (asks for a reason; a flagged message goes at once, its flag as the reason)' },
  { keys: ['o'], command: 'keep', label: 'Keep a flagged message (it leaves Flagged)' },
  { keys: ['b'], command: 'block', label: 'Block the sender (asks for a reason), or unblock' },
  { keys: ['p'], command: 'pin', label: 'Pin or unpin' },
  { keys: ['c'], command: 'card', label: "Open the sender's card" },
  { keys: ['/'], command: 'search', label: 'Search' },
  { keys: ['?'], command: 'help', label: 'This list of keys' },
];

export function chatKeyCommand(key: string): ChatKeyCommand | null {
  return CHAT_KEYS.find((k) => k.keys.includes(key))?.command ?? null;
}

/** A person as the card looks them up: the widget's user id when known, and the name shown. */
export interface PersonLookup {
  id: string | null;
  name: string;
}

/** Everything one person wrote in chat, in time order (by user id, else by the name shown when there is none). */
export function messagesOf(list: readonly ChatMessage[], person: PersonLookup): ChatMessage[] {
  const key = person.id ?? `name:${person.name}`;
  return list.filter((m) => personKey(m) === key);
}

/**
 * Everything one person asked, oldest first. Anonymous questions never count as anyone's: the card must not
 * tie a question the asker chose to hide their name on to that person.
 */
export function questionsOf<Q extends { author: { id: string | null; name: string | null; anonymous: boolean }; createdAt: number }>(
  questions: Iterable<Q>,
  person: PersonLookup,
): Q[] {
  const out: Q[] = [];
  for (const q of questions) {
    if (q.author.anonymous) continue;
    if (person.id !== null ? q.author.id === person.id : q.author.id === null && q.author.name === person.name) out.push(q);
  }
  return out.sort((a, b) => a.createdAt - b.createdAt);
}
