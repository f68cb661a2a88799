// The notifier and badge path with 10,000 questions pending, in-process (a micro benchmark: figures, not
// pass/fail): one change through the Q&A session, its pending summary, the badge and the notifier, as the
// background wires them (lib/background/create.ts), with storage in memory. Per-change work must not grow
// with the pending queue: each figure is measured at 1,000 and at 10,000 pending, and the ratio is a figure.
// - notify.new_pending_us_at_{1k,10k}: a new question arrives while nobody looks (the notifier queues it).
// - notify.approve_oldest_us_at_{1k,10k}: the moderator approves the oldest pending question (oldest-first
//   triage: the badge's "oldest waiting" age must be found again each time).
// Figures are medians of 200 changes each (µs), with _samples.
import { BadgeKeeper } from '../../lib/notify/badge-keeper';
import { Notifier } from '../../lib/notify/notifier';
import type { Question } from '../../lib/model/qna/types';
import { QnaManager } from '../../lib/session/qna/manager';
import type { QnaSurfacePort } from '../../lib/session/qna/qna-session';
import { percentile } from './stats';
import { memoryArea } from '../unit/memory-area';

const CHANGES = 200;


const surface: QnaSurfacePort = {
  kind: 'cnc',
  capabilities: { approve: true, dismiss: true, restore: true, answerPublic: true, answerPrivate: true, answeredLive: true, editBeforeApprove: false, claim: true, absent: {} },
  perform: async () => undefined,
};

let seq = 0;
const pendingQuestion = (): Question => {
  seq++;
  return {
    id: `q_${seq}`, surface: 'cnc', text: `Question ${seq} about pricing for teams of ${seq % 90}?`, author: { id: `u${seq}`, name: `User ${seq}`, anonymous: false },
    createdAt: 1_700_000_000_000 + seq, updatedAt: 1_700_000_000_000 + seq, votes: 0, state: 'pending', answeredLive: false, answers: [], replies: 0, handledBy: null,
  };
};

async function measure(pending: number): Promise<{ arrive: number; approve: number }> {
  const session = memoryArea();
  const local = memoryArea();
  let lastDecision: Promise<void> = Promise.resolve();
  let lastBadge: Promise<unknown> = Promise.resolve();
  const notifier = new Notifier({
    session,
    local,
    attention: async () => ({ panelOpen: false, tabFocused: false }),
    show: async () => undefined,
    now: Date.now,
    setTimeout: () => 0,
    clearTimeout: () => undefined,
  });
  const badges = new BadgeKeeper({ draw: async () => undefined, now: Date.now });
  await badges.setState(7, 'attached');
  const manager = new QnaManager({
    session,
    local,
    now: Date.now,
    newId: () => `c${++seq}`,
    cncSurfaceFor: () => surface,
    webcastSurfaceFor: async () => null,
    meOf: async () => 'me',
    rescan: () => undefined,
    onPatch: () => undefined,
    onPending: (tabId, entryId, summary) => {
      lastBadge = badges.setWaiting(tabId, summary);
      lastDecision = notifier.onPending(tabId, summary, entryId, 'Opening keynote');
    },
    // Saves are not part of this path (the repository has its own figures).
    setTimeout: () => 0,
  });
  const backlog = Array.from({ length: pending }, pendingQuestion);
  await manager.onBatch(7, '1_a', 'kep-2026', backlog);
  await Promise.all([lastDecision, lastBadge]);

  const arrive: number[] = [];
  for (let i = 0; i < CHANGES; i++) {
    const t0 = performance.now();
    await manager.onBatch(7, '1_a', 'kep-2026', [pendingQuestion()]);
    await Promise.all([lastDecision, lastBadge]);
    arrive.push((performance.now() - t0) * 1000);
  }
  const approve: number[] = [];
  for (let i = 0; i < CHANGES; i++) {
    const oldest = backlog[i]!;
    const t0 = performance.now();
    // The widget reports it approved (what an approve ends with).
    await manager.onBatch(7, '1_a', 'kep-2026', [{ ...oldest, state: 'approved', updatedAt: oldest.updatedAt + 1 }]);
    await Promise.all([lastDecision, lastBadge]);
    approve.push((performance.now() - t0) * 1000);
  }
  return { arrive: Math.round(percentile(arrive, 50)), approve: Math.round(percentile(approve, 50)) };
}

export async function run(): Promise<Record<string, number>> {
  await measure(1_000); // warm-up: the JIT, not a figure
  const small = await measure(1_000);
  const large = await measure(10_000);
  return {
    'notify.new_pending_us_at_1k': small.arrive,
    'notify.new_pending_us_at_10k': large.arrive,
    'notify.approve_oldest_us_at_1k': small.approve,
    'notify.approve_oldest_us_at_10k': large.approve,
    'notify.approve_oldest_growth_10k_over_1k': Math.round((large.approve / small.approve) * 10) / 10,
    'notify.new_pending_growth_10k_over_1k': Math.round((large.arrive / small.arrive) * 10) / 10,
    'notify.samples': CHANGES,
  };
}
