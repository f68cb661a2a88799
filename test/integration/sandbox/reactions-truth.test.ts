// @vitest-environment node
// The control API's truth about reactions: what the bench and the reactions e2e compare the panel with.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { fetchHost } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
}, 60_000);
afterAll(() => sb.close());

const call = async (method: string, path: string, body?: unknown) => {
  const r = await fetchHost(sb.port, 'control.sandbox.test', path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }) });
  return { status: r.status, json: JSON.parse(r.body) as any };
};

describe('control API: reactions truth', () => {
  it('counts reactions per type, per 10 s bucket and in a window; lists reactions on chat messages', async () => {
    const entryId = sb.control.createSession({ title: 'Reactions' }).entryId;
    const t0 = Date.now();
    for (const [user, r] of [['ann', 'clap'], ['bob', 'clap'], ['cy', 'love']] as const) {
      expect(sb.control.act({ entryId, userId: user, action: { type: 'react', reaction: r } }).ok).toBe(true);
    }
    const m = sb.control.act({ entryId, userId: 'ann', action: { type: 'chat.post', text: 'hello' } }) as { ok: true; id: string };
    sb.control.act({ entryId, userId: 'bob', action: { type: 'chat.react', messageId: m.id, emoji: '👍', on: true } });
    sb.control.act({ entryId, userId: 'cy', action: { type: 'chat.react', messageId: m.id, emoji: '👍', on: true } });

    const all = (await call('GET', `/control/reactions?entryId=${entryId}`)).json.reactions;
    expect(all.totals).toEqual({ clap: 2, love: 1 });
    expect(all.allTime).toEqual({ clap: 2, love: 1 });
    expect(all.bucketMs).toBe(10_000);
    const bucketed = all.buckets.reduce((n: number, b: { start: number; counts: Record<string, number> }) => {
      expect(b.start % 10_000).toBe(0);
      return n + Object.values(b.counts).reduce((a, c) => a + c, 0);
    }, 0);
    expect(bucketed).toBe(3);
    expect(all.onMessages).toEqual([{ messageId: m.id, reactions: { '👍': 2 } }]);

    // A window after the reactions has none of them (the running totals stay).
    const later = (await call('POST', '/control/reactions', { entryId, since: Date.now() + 1000 })).json.reactions;
    expect(later.totals).toEqual({});
    expect(later.allTime).toEqual({ clap: 2, love: 1 });
    expect(sb.control.reactions(entryId, t0 - 1).totals).toEqual({ clap: 2, love: 1 });
  });

  it('reactions turned off in the session are refused and not counted', async () => {
    const entryId = sb.control.createSession({ title: 'Quiet' }).entryId;
    const off = sb.control.act({ entryId, userId: 'host', moderator: true, action: { type: 'settings.update', settings: { modules: { reactions: false } } } });
    expect(off.ok).toBe(true);
    expect(sb.control.act({ entryId, userId: 'ann', action: { type: 'react', reaction: 'clap' } })).toMatchObject({ ok: false, error: 'MODULE_DISABLED' });
    expect(sb.control.reactions(entryId).totals).toEqual({});
  });

  it('an unknown session is a 404', async () => {
    expect((await call('GET', '/control/reactions?entryId=nope')).status).toBe(404);
  });
});
