// The oldest of a changing set of ids (pending questions, by createdAt), without a scan when the oldest
// leaves: a min-heap with lazy deletion. Moderators often triage oldest first, and each approve used to
// scan every pending question (1.2 ms per approve at 10,000 pending, ten times the cost at 1,000).
export class OldestTracker {
  private heap: Array<[at: number, id: string]> = [];

  /**
   * `isCurrent` says whether an entry still stands: its id is in the set with that time (entries of ids
   * that left, or came back with another time, are dropped when met).
   */
  constructor(private readonly isCurrent: (id: string, at: number) => boolean) {}

  add(id: string, at: number): void {
    const heap = this.heap;
    heap.push([at, id]);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]![0] <= at) break;
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  }

  /** The oldest member's time, or null when there is none. */
  oldest(size: number): number | null {
    const heap = this.heap;
    while (heap.length && !this.isCurrent(heap[0]![1], heap[0]![0])) this.pop();
    // Left entries pile up only until they reach the top: start again when they outnumber the members.
    if (heap.length > 2 * size + 64) {
      const live = heap.filter(([at, id]) => this.isCurrent(id, at));
      this.reset(live);
    }
    return heap.length ? heap[0]![0] : null;
  }

  /** Starts again from these members. */
  reset(members: Iterable<[at: number, id: string]>): void {
    // Sorted, an array is a min-heap: no sift per member, and repeats are neighbours (a restored session's
    // pending come nearly in order; a key string per member to find repeats cost as much as the heap).
    const sorted = [...members].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    const heap: Array<[at: number, id: string]> = [];
    for (const m of sorted) {
      const last = heap[heap.length - 1];
      if (last && last[0] === m[0] && last[1] === m[1]) continue;
      heap.push(m);
    }
    this.heap = heap;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (!heap.length) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let min = i;
      if (l < heap.length && heap[l]![0] < heap[min]![0]) min = l;
      if (r < heap.length && heap[r]![0] < heap[min]![0]) min = r;
      if (min === i) return;
      [heap[min], heap[i]] = [heap[i]!, heap[min]!];
      i = min;
    }
  }
}
