// The chat's memory in a long, busy session, in node (no browser):
// - chat.worker_heap_200k_mb: the heap the worker's ChatSession keeps after 200,000 messages (1,000 s of a
//   200 messages/s chat, in batches of 12 as the content script posts them), after a full GC;
// - chat.panel_mirror_heap_200k_mb: the panel's mirror fed the same session's patches (each cloned, as a
//   post is), the session then dropped: what the panel keeps;
// - chat.worker_held_200k: the messages the worker holds at the end (its cap: lib/model/chat/eviction.ts).
// With _ingest_ms: the time the ingest took (the worker's part).
// Messages from 4,000 senders (each under the default rate rule), one in 100 with a link (flagged by the default
// rules), one in 250 deleted a batch later by another moderator. CHAT_HEAP_MESSAGES changes the count.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ChatSession, type ChatSurfacePort } from '../../lib/session/chat/chat-session';
import { applyChatPatch, chatMirrorOf, type ChatMirror, type ChatPatch } from '../../lib/model/chat/session';
import type { ChatMessage } from '../../lib/model/chat/types';

const COUNT = Number(process.env.CHAT_HEAP_MESSAGES ?? 200_000);
const BATCH = 12;
const T = 1_764_000_000_000;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapMb(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed / 1_048_576;
}

const caps = { delete: true, pin: true, unpin: true, block: true, unblock: true, post: true, absent: {} };
const surface: ChatSurfacePort = { capabilities: caps, perform: async () => undefined };

function message(i: number, deleted = false): ChatMessage {
  const who = i % 4_000;
  return {
    id: `msg-${T.toString(36)}-${i}`,
    author: { id: `attendee-${who}`, name: `Attendee Number ${who}` },
    text: i % 100 === 0 ? `have a look at https://spam${i}.example.xyz now` : `Message ${i}: a comment about the session, about sixty characters`,
    at: T + i * 5,
    pinned: false,
    deleted,
    byModerator: false,
    reactions: {},
  };
}

/** Feeds COUNT messages to a new session; each patch goes to `onPatch`. */
function ingest(onPatch: (p: ChatPatch) => void, started: (s: ChatSession) => void = () => undefined): { session: ChatSession; ms: number } {
  let now = T;
  let n = 0;
  const session = new ChatSession({ surface, now: () => now, newId: () => `c${++n}`, onPatch }, { entryId: '1_bench', me: 'mod' });
  started(session);
  const t0 = performance.now();
  for (let b = 0; b < COUNT; b += BATCH) {
    const batch: ChatMessage[] = [];
    for (let i = b; i < Math.min(COUNT, b + BATCH); i++) batch.push(message(i));
    for (let i = Math.max(0, b - BATCH); i < b; i++) if (i % 250 === 0) batch.push(message(i, true));
    now += BATCH * 5;
    session.applyBatch(batch, null);
    // What the manager asks after every patch (the badge).
    session.flaggedSummary();
  }
  return { session, ms: performance.now() - t0 };
}

/** The heap after a full GC, once the caller's frames are gone (a later task). */
async function settledHeapMb(): Promise<number> {
  await new Promise((r) => setImmediate(r));
  return heapMb();
}

/** The worker alone: its session kept until measured. */
async function workerPhase(): Promise<{ mb: number; held: number; ms: number }> {
  const base = await settledHeapMb();
  const { session, ms } = ingest(() => undefined);
  const mb = (await settledHeapMb()) - base;
  return { mb, held: session.snapshot().messages.length, ms };
}

/** The panel's mirror fed the session's patches (cloned, as posted); the session dropped before measuring. */
async function mirrorPhase(): Promise<{ mb: number; held: number }> {
  const base = await settledHeapMb();
  const box: { mirror: ChatMirror | null } = { mirror: null };
  ingest(
    (p) => void (box.mirror = applyChatPatch(box.mirror!, structuredClone(p))),
    (s) => void (box.mirror = chatMirrorOf(structuredClone(s.snapshot()))),
  );
  const mb = (await settledHeapMb()) - base;
  return { mb, held: box.mirror?.store.list.length ?? 0 };
}

export async function run(): Promise<Record<string, number>> {
  const worker = await workerPhase();
  const mirror = await mirrorPhase();
  return {
    'chat.worker_heap_200k_mb': Math.round(worker.mb * 10) / 10,
    'chat.panel_mirror_heap_200k_mb': Math.round(mirror.mb * 10) / 10,
    'chat.worker_held_200k': worker.held,
    'chat.panel_mirror_held_200k': mirror.held,
    'chat.worker_heap_200k_ingest_ms': Math.round(worker.ms),
  };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  void run().then((r) => console.log(JSON.stringify(r, null, 2)));
}
