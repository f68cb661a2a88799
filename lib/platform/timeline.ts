// One-off moments of a service worker's or panel's life as User Timing marks (performance.mark), so the
// cold-restore bench (test/bench/session-restore.bench.ts) can split a restore into phases: storage read,
// state rebuilt, snapshot posted, snapshot received… Each name is marked once per life (a worker start, a
// panel page), so nothing piles up in the timeline however long the life; a mark costs microseconds.
const marked = new Set<string>();

export function markOnce(name: string, detail?: unknown): void {
  if (marked.has(name)) return;
  marked.add(name);
  try {
    globalThis.performance?.mark?.(`cnc:${name}`, detail === undefined ? undefined : { detail });
  } catch {
    // No User Timing here (a test's fake global): the mark is for benches only.
  }
}
