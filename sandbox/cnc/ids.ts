/**
 * Deterministic ids: a counter per kind, prefixed with a short tag derived from the seed, so two runs
 * with the same seed and the same actions produce the same ids (tests compare them), while sandboxes
 * with different seeds never hand out colliding ids.
 */
import { createHash } from 'node:crypto';

export class IdSource {
  private readonly tag: string;
  private readonly counters = new Map<string, number>();

  constructor(seed: number) {
    this.tag = createHash('sha256').update(`cnc-ids:${seed}`).digest('hex').slice(0, 4);
  }

  next(kind: string): string {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return `${kind}_${this.tag}${n.toString().padStart(6, '0')}`;
  }
}
