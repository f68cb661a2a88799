// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { moderatorGroup, signCncJwt } from '../../../sandbox/kaltura/cnc-jwt';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { fetchHost } from './helpers';

const E = '1_sessionb2';
const CHAT = 'chat.nvp1.ovp.kaltura.com';
let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
}, 60_000);
afterAll(() => sb.close());

/** TLS options pass through to tls.connect (SNI = the chat host); `servername` is missing from ws's types. */
const tlsTo = (host: string): WebSocket.ClientOptions => ({ headers: { Host: host }, servername: host, rejectUnauthorized: false }) as WebSocket.ClientOptions;

function jwt(uid: string, moderator: boolean, entryId = E): string {
  return signCncJwt(sb.info.adminSecret, { partnerId: 1234567, uid, contextId: entryId, groups: moderator ? [moderatorGroup(entryId)] : [], virtualEventId: 7654321, exp: sb.state.now() + 3600 });
}

interface Frame {
  op: string;
  [k: string]: any;
}

/** A ws client that keeps every frame and can wait for one matching a predicate. */
async function connect(token: string, entryId = E) {
  const ws = new WebSocket(`wss://127.0.0.1:${sb.port}/socket?entryId=${entryId}&token=${encodeURIComponent(token)}`, tlsTo(CHAT));
  const frames: Frame[] = [];
  const waiters: { pred: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  /** Every frame as it came (`wire`); `frames`: an `events` frame (one server turn's events) as its events. */
  const wire: Frame[] = [];
  ws.on('message', (d) => {
    const got = JSON.parse(d.toString()) as Frame;
    wire.push(got);
    const unpacked: Frame[] = got.op === 'events' ? got.events.map((e: Frame) => ({ ...e, op: 'event' })) : [got];
    for (const f of unpacked) {
      frames.push(f);
      for (const w of [...waiters]) if (w.pred(f)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(f);
      }
    }
  });
  const next = (pred: (f: Frame) => boolean, ms = 1000): Promise<Frame> => {
    const seen = frames.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no matching frame within ' + ms + ' ms')), ms);
      waiters.push({ pred, resolve: (f) => (clearTimeout(t), resolve(f)) });
    });
  };
  let ref = 0;
  const act = async (action: Record<string, unknown>) => {
    const r = ++ref;
    ws.send(JSON.stringify({ op: 'action', ref: r, action }));
    return (await next((f) => f.op === 'ack' && f.ref === r)).result;
  };
  await next((f) => f.op === 'hello', 5000);
  return { ws, frames, wire, next, act };
}

describe('realtime over WebSocket', () => {
  it('attendee and moderator see each other within a second, each only what they may see', async () => {
    const att = await connect(jwt('alice', false));
    const other = await connect(jwt('bob', false));
    const mod = await connect(jwt('mod-1', true));
    expect(att.frames[0]!.snapshot.me).toEqual({ userId: 'alice', moderator: false, blocked: false });
    expect(mod.frames[0]!.snapshot.me.moderator).toBe(true);

    const asked = await att.act({ type: 'qna.ask', text: '<img src=x onerror=alert(1)>' });
    expect(asked).toMatchObject({ ok: true, item: { state: 'pending' } });
    const seen = await mod.next((f) => f.event?.type === 'question' && f.event.question.id === asked.id);
    expect(seen.event.question).toMatchObject({ state: 'pending', askerId: 'alice', text: '<img src=x onerror=alert(1)>' });

    expect(await mod.act({ type: 'qna.approve', questionId: asked.id })).toMatchObject({ ok: true });
    await att.next((f) => f.event?.type === 'question' && f.event.question.state === 'approved');
    // bob never saw it pending, and sees it once approved
    expect(other.frames.filter((f) => f.event?.question?.state === 'pending')).toHaveLength(0);
    await other.next((f) => f.event?.type === 'question' && f.event.question.state === 'approved');

    await mod.act({ type: 'qna.answer', questionId: asked.id, text: 'only alice', private: true });
    const priv = await att.next((f) => f.event?.question?.answers?.length === 1);
    expect(priv.event.question.answers[0]).toMatchObject({ text: 'only alice', visibility: 'private' });
    // Frames reach a socket in order: once bob has a later event, any frame about the private answer
    // would be in his list already.
    await mod.act({ type: 'chat.post', text: 'after the private answer' });
    await other.next((f) => f.event?.type === 'chat' && f.event.message.text === 'after the private answer');
    expect(other.frames.some((f) => JSON.stringify(f).includes('only alice'))).toBe(false);

    const msg = await mod.act({ type: 'chat.post', text: 'welcome' });
    await att.next((f) => f.event?.type === 'chat' && f.event.message.text === 'welcome');
    await att.act({ type: 'chat.react', messageId: msg.id, emoji: '🎉' });
    await mod.next((f) => f.event?.type === 'chat' && f.event.message.reactions['🎉'] === 1);
    await mod.act({ type: 'chat.delete', messageId: msg.id });
    await att.next((f) => f.event?.type === 'chat.removed' && f.event.id === msg.id);
    await mod.next((f) => f.event?.type === 'chat' && f.event.message.deleted === true);

    await mod.act({ type: 'announce', text: 'Break' });
    await other.next((f) => f.event?.type === 'announcement' && f.event.announcement.text === 'Break');
    await other.act({ type: 'react', reaction: 'clap' });
    await att.next((f) => f.event?.type === 'reaction' && f.event.counts.clap === 1);
    expect(await att.act({ type: 'qna.approve', questionId: asked.id })).toMatchObject({ ok: false, error: 'FORBIDDEN' });
    for (const c of [att, other, mod]) c.ws.close();
  });

  it('refuses bad tokens, other entries and other hosts; HTTP actions reach socket subscribers', async () => {
    const fails = (url: string, host = CHAT) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url, tlsTo(host));
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => resolve(101));
        ws.on('error', () => resolve(-1));
      });
    const base = `wss://127.0.0.1:${sb.port}/socket`;
    expect(await fails(`${base}?entryId=${E}&token=garbage`)).toBe(401);
    expect(await fails(`${base}?entryId=1_sessiona1&token=${jwt('alice', false)}`)).toBe(401); // JWT for another entry
    expect(await fails(`${base}?entryId=1_nope&token=x`)).toBe(404);
    expect(await fails(`${base}?entryId=${E}&token=${jwt('alice', false)}`, 'www.kaltura.com')).toBe(404);
    expect(await fails(`${base}?entryId=${E}&ks=${sb.state.pageUserKs('carol')}`)).toBe(101);
    expect(await fails(`${base}?entryId=${E}&ks=${sb.state.pageUserKs('carol', 999999)}`)).toBe(401);

    const mod = await connect(jwt('mod-2', true));
    const r = await fetchHost(sb.port, CHAT, '/cnc/action', {
      method: 'POST',
      headers: { Authorization: `Bearer ${jwt('dave', false)}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ entryId: E, action: { type: 'chat.post', text: 'via http' } }),
    });
    expect(r.headers['access-control-allow-origin']).toBe('*');
    expect(JSON.parse(r.body)).toMatchObject({ ok: true });
    await mod.next((f) => f.event?.message?.text === 'via http');
    const unauth = await fetchHost(sb.port, CHAT, '/cnc/action', { method: 'POST', body: JSON.stringify({ entryId: E, action: { type: 'join' } }) });
    expect(unauth.status).toBe(401);
    const junk = await fetchHost(sb.port, CHAT, '/cnc/action', { method: 'POST', body: '{{{' });
    expect(junk.status).toBe(400);
    mod.ws.send('not json');
    await mod.next((f) => f.op === 'error');
    mod.ws.close();
  });

  it('sends the events of one server turn in one frame, in order, none lost; an ack never overtakes its event', async () => {
    const mod = await connect(jwt('mod-3', true));
    const att = await connect(jwt('erin', false));
    // 50 posts in one turn (a burst behind a stall): one frame each subscriber, not 50 WebSocket messages.
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) ids.push((sb.control.act({ entryId: E, userId: `burst-${i}`, action: { type: 'chat.post', text: `burst ${i}` } }) as { id: string }).id);
    for (const c of [mod, att]) {
      await c.next((f) => f.event?.message?.id === ids.at(-1));
      const chat = c.frames.filter((f) => f.event?.type === 'chat' && ids.includes(f.event.message.id));
      expect(chat.map((f) => f.event.message.id)).toEqual(ids);
      expect(c.wire.filter((f) => f.op === 'events' || (f.op === 'event' && ids.includes(f.event.message?.id)))).toHaveLength(1);
    }
    // A post over the socket: the message's event comes before the ack that says it was posted.
    const before = mod.frames.length;
    const posted = await mod.act({ type: 'chat.post', text: 'ordered' });
    const after = mod.frames.slice(before);
    const eventAt = after.findIndex((f) => f.event?.message?.id === posted.id);
    expect(eventAt).toBeGreaterThanOrEqual(0);
    expect(eventAt).toBeLessThan(after.findIndex((f) => f.op === 'ack'));
    for (const c of [mod, att]) c.ws.close();
  });

  it('frame faults act event by event on a turn of several events: each one duplicated, in its own frame', async () => {
    const mod = await connect(jwt('mod-4', true));
    sb.faults.set({ frames: { duplicate: true } });
    try {
      const ids = [0, 1, 2].map((i) => (sb.control.act({ entryId: E, userId: `dup-${i}`, action: { type: 'chat.post', text: `dup ${i}` } }) as { id: string }).id);
      await mod.next((f) => f.event?.message?.id === ids[2] && mod.frames.filter((g) => g.event?.message?.id === ids[2]).length === 2);
      const wire = mod.wire.filter((f) => f.op === 'events' || ids.includes(f.event?.message?.id));
      expect(wire.map((f) => f.op === 'event' && f.event.message.id)).toEqual([ids[0], ids[0], ids[1], ids[1], ids[2], ids[2]]);
    } finally {
      sb.faults.reset();
      mod.ws.close();
    }
  });
});
