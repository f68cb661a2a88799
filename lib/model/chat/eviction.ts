// How many chat messages the worker holds per tab, and which go past that. Pure.
import type { ChatMessage } from './types';

/**
 * messagesPerTab: the panel's Chat view is measured at 50,000 messages (test/bench/chat.bench.ts,
 * chat.render_50k_first_ms ~124 ms and chat.heap_50k_mb ~14 MB on a loaded machine); more grew without a
 * bound (a 3-hour event at 24 messages/s is ~260,000, at 200/s ~12,000 a minute), in the worker and again in
 * the panel's mirror. Past it the held list goes down to evictTo at once: one walk per 1,000 messages, not a
 * walk and a splice per message. keepNewest: the widget shows only the latest few hundred messages, and one it
 * still shows can be reported again (a reaction, a deletion, a rescan); held, that is a change, not a new
 * message counted twice. The session's counts are kept apart (lib/model/chat/tally.ts) and stay exact.
 */
export const CHAT_MEMORY_LIMITS = { messagesPerTab: 50_000, evictTo: 49_000, keepNewest: 1_000 };

export type ChatMemoryLimits = typeof CHAT_MEMORY_LIMITS;

/** 0: a plain message, 1: deleted, 2: flagged (waiting for a look). Lower goes first. */
export type EvictionRank = 0 | 1 | 2;

/**
 * The ids to let go when `list` (time order) is over the cap: the oldest first, plain messages, then deleted
 * ones, flagged ones last (the order the saved rows go in, lib/session/chat/repository.ts), never one `kept`
 * (a command on its way or failed, a flagged message the inbox shows) nor one of the newest keepNewest.
 * Empty when under the cap. Fewer than asked when too many are kept: the next batch tries again.
 */
export function evictionOf(
  list: readonly ChatMessage[],
  rank: (m: ChatMessage) => EvictionRank,
  kept: (id: string) => boolean,
  limits: ChatMemoryLimits = CHAT_MEMORY_LIMITS,
): Set<string> {
  const out = new Set<string>();
  if (list.length <= limits.messagesPerTab) return out;
  let over = list.length - limits.evictTo;
  const end = Math.max(0, list.length - limits.keepNewest);
  for (let pass = 0; pass <= 2 && over > 0; pass++) {
    for (let i = 0; i < end && over > 0; i++) {
      const m = list[i]!;
      if (rank(m) !== pass || kept(m.id)) continue;
      out.add(m.id);
      over--;
    }
  }
  return out;
}
