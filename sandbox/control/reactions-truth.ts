/**
 * The sandbox's truth about live reactions, for tests and the bench to compare a UI with: every reaction
 * the server took, per session, stamped with the sandbox clock, counted per type per 10-second bucket;
 * and the emoji reactions on chat messages. It listens to the world's event stream from the sandbox's
 * start, so it sees exactly what subscribers were sent.
 */
import type { CncWorld } from '../cnc/world.js';

export const REACTION_BUCKET_MS = 10_000;
/** Bounded: a long bench run must not grow without limit (one entry per bucket per session). */
const MAX_BUCKETS = 24 * 360;

export interface ReactionBucket {
  /** Unix ms of the bucket's start (a multiple of 10 s). */
  start: number;
  counts: Record<string, number>;
}

export interface ReactionsTruth {
  entryId: string;
  bucketMs: number;
  /** Reactions taken in [since, until), per type. */
  totals: Record<string, number>;
  /** Buckets that overlap [since, until), oldest first. */
  buckets: ReactionBucket[];
  /** The session's running totals since it began (what the widget's counters show). */
  allTime: Record<string, number>;
  /** Chat messages with emoji reactions: emoji → how many people reacted with it. */
  onMessages: { messageId: string; reactions: Record<string, number> }[];
}

interface Stamped {
  at: number;
  reaction: string;
}

export class ReactionTruth {
  private readonly log = new Map<string, Stamped[]>();
  private readonly buckets = new Map<string, Map<number, Record<string, number>>>();

  constructor(private readonly world: CncWorld) {
    world.on((e) => {
      if (e.type !== 'reaction') return;
      const at = world.nowMs();
      let log = this.log.get(e.entryId);
      if (!log) this.log.set(e.entryId, (log = []));
      // Stamped one by one for exact windows (bounded); the buckets keep the counts beyond.
      log.push({ at, reaction: e.reaction });
      if (log.length > 2_000_000) log.splice(0, log.length / 2);
      let buckets = this.buckets.get(e.entryId);
      if (!buckets) this.buckets.set(e.entryId, (buckets = new Map()));
      const start = Math.floor(at / REACTION_BUCKET_MS) * REACTION_BUCKET_MS;
      let b = buckets.get(start);
      if (!b) {
        buckets.set(start, (b = {}));
        if (buckets.size > MAX_BUCKETS) buckets.delete(buckets.keys().next().value!);
      }
      b[e.reaction] = (b[e.reaction] ?? 0) + 1;
    });
  }

  truth(entryId: string, since = 0, until = Number.POSITIVE_INFINITY): ReactionsTruth {
    const s = this.world.session(entryId);
    const totals: Record<string, number> = {};
    for (const r of this.log.get(entryId) ?? []) {
      if (r.at >= since && r.at < until) totals[r.reaction] = (totals[r.reaction] ?? 0) + 1;
    }
    const buckets = [...(this.buckets.get(entryId) ?? new Map<number, Record<string, number>>())]
      .filter(([start]) => start + REACTION_BUCKET_MS > since && start < until)
      .sort((a, b) => a[0] - b[0])
      .map(([start, counts]) => ({ start, counts: { ...counts } }));
    const onMessages = s.messages
      .filter((m) => !m.deleted && Object.keys(m.reactions).length > 0)
      .map((m) => ({ messageId: m.id, reactions: Object.fromEntries(Object.entries(m.reactions).map(([emoji, users]) => [emoji, users.length])) }));
    return { entryId, bucketMs: REACTION_BUCKET_MS, totals, buckets, allTime: { ...s.reactionCounts }, onMessages };
  }
}
