// Bench-only hop marks on a chat message's way to the panel (test/bench/chat.bench.ts). Off unless a bench
// put an array at globalThis.__cncChatHops in this context (the content script's isolated world, the
// service worker): then each hop pushes one record per batch, [hop, epoch ms, message ids]. Off, a hop
// costs one property read; a page cannot turn it on (the content script's globals are not the page's).
type HopRecord = [hop: string, at: number, ids: string[]];

const MAX_RECORDS = 20_000;

// Off, the look for the array was a miss on the global object, which in a content script's isolated world
// goes on to the window's named properties (the document's elements by id and name): ~2 µs three times a
// chat flush, 3 % of our time on the page at 200 messages a second. An own property that is null is a plain
// read. (Not set over a bench's array: the bench may have put it there first.)
if (!Object.prototype.hasOwnProperty.call(globalThis, '__cncChatHops')) (globalThis as { __cncChatHops?: unknown }).__cncChatHops = null;

export function chatHops(): HopRecord[] | null {
  const hops = (globalThis as { __cncChatHops?: unknown }).__cncChatHops;
  return Array.isArray(hops) && hops.length < MAX_RECORDS ? (hops as HopRecord[]) : null;
}

export function markChatHop(hop: string, ids: () => string[], at = Date.now()): void {
  const hops = chatHops();
  if (hops) hops.push([hop, at, ids()]);
}
