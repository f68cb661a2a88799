// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Planner } from '../../../sandbox/audience/plan';
import { HOSTILE } from '../../../sandbox/audience/corpus';
import { startSandbox, type Sandbox } from '../../../sandbox/server';

const sessions = [
  { entryId: '1_sessiona1', topics: ['the roadmap', 'AI features'] },
  { entryId: '1_sessionb2', topics: ['webhooks'] },
];
const plan = (seed: number, n: number) => {
  const p = new Planner(seed, 50, sessions);
  return Array.from({ length: n }, () => p.next());
};

describe('audience plan', () => {
  it('same seed → same actions; another seed → others', () => {
    expect(plan(7, 500)).toEqual(plan(7, 500));
    expect(plan(7, 50)).not.toEqual(plan(8, 50));
    expect(Planner.bot(7, 3)).toEqual(Planner.bot(7, 3));
  });

  it('asks realistic questions with duplicates, near-duplicates and hostile text', () => {
    const asks = plan(11, 4000).filter((a) => a.kind === 'ask').map((a) => a.text!);
    const counts = new Map<string, number>();
    for (const t of asks) counts.set(t, (counts.get(t) ?? 0) + 1);
    expect([...counts.values()].some((c) => c > 1)).toBe(true);
    expect(asks.some((t) => /roadmap|AI features|webhooks/.test(t))).toBe(true);
    expect(asks.some((t) => t.startsWith('Sorry if this was asked already') || t.endsWith('Thanks!'))).toBe(true);
    for (const h of HOSTILE.slice(0, 5)) expect(asks).toContain(h);
    expect(asks.some((t) => t.length >= 4900)).toBe(true);
  });
});

describe('audience against the sandbox', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ port: 0, seed: 5 });
  }, 60_000);
  afterAll(() => sb.close());

  it('bots act through the chat host; nothing they sent is lost', async () => {
    sb.control.audience.start({ attendees: 20, rate: 200, seed: 5, entryIds: ['1_sessiona1'], mix: { ask: 1, chat: 1, react: 1, upvote: 1 } });
    // Wait on what is asserted, not on a fixed time: a loaded machine joins the bots more slowly.
    await vi.waitFor(() => expect(sb.control.audience.sent().length).toBeGreaterThan(20), { timeout: 15_000, interval: 50 });
    const status = await sb.control.audience.stop();
    expect(status.running).toBe(false);
    expect(status.counts.join.ok).toBeGreaterThan(0);
    const sent = sb.control.audience.sent();
    expect(sent.length).toBeGreaterThan(20);
    expect(sent.every((s) => s.ok)).toBe(true);
    const truth = sb.control.truth('1_sessiona1');
    const have = new Set([...truth.questions.map((q) => `${q.askerId}|${q.text}`), ...truth.messages.map((m) => `${m.userId}|${m.text}`)]);
    expect(sent.filter((s) => !have.has(`${s.userId}|${s.text}`))).toEqual([]);
    expect(sb.state.activity.query({ entryIds: ['1_sessiona1'] }).some((a) => a.kind === 'login' && a.userId.startsWith('bot-'))).toBe(true);
  });
});
