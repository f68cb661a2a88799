// Sandbox sustain figures: 1,000 simulated attendees at 50 questions/s and 200 chat messages/s for
// 5 minutes (SANDBOX_SUSTAIN_SECONDS overrides the 300 s), in-process on loopback, then what the bots
// sent is compared with the server's truth. A moderator socket listens the whole time, as in a real
// session, and must receive every item too.
import { tsImport } from 'tsx/esm/api';
import WebSocket from 'ws';

const ENTRY = '1_sessiona1';
const CHAT = 'chat.nvp1.ovp.kaltura.com';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function run() {
  const seconds = Math.max(1, Math.min(3600, Number(process.env.SANDBOX_SUSTAIN_SECONDS ?? 300)));
  const { startSandbox } = await tsImport('../../sandbox/server.ts', import.meta.url);
  const { signCncJwt, moderatorGroup } = await tsImport('../../sandbox/kaltura/cnc-jwt.ts', import.meta.url);
  const sb = await startSandbox({ port: 0, seed: 1 });
  let ws;
  try {
    // One moderator watching live: counts the questions and messages the socket delivers.
    const token = signCncJwt(sb.info.adminSecret, { partnerId: 1234567, uid: 'bench-moderator', contextId: ENTRY, groups: [moderatorGroup(ENTRY)], virtualEventId: 7654321, exp: sb.state.now() + 7200 });
    ws = new WebSocket(`wss://127.0.0.1:${sb.port}/socket?entryId=${ENTRY}&token=${token}`, { headers: { Host: CHAT }, servername: CHAT, rejectUnauthorized: false });
    const delivered = new Set();
    ws.on('message', (d) => {
      const f = JSON.parse(d.toString());
      // One server turn's events come in one `events` frame (sandbox/cnc/protocol.ts).
      for (const e of f.op === 'events' ? f.events : f.op === 'event' ? [f] : []) {
        if (e.event.type === 'question') delivered.add(e.event.question.id);
        else if (e.event.type === 'chat') delivered.add(e.event.message.id);
      }
    });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });

    const t0 = Date.now();
    sb.control.audience.start({
      attendees: 1000,
      rate: 250,
      seed: 1,
      entryIds: [ENTRY],
      // 50 questions/s + 200 chat messages/s on average (the plan draws each action by these weights).
      mix: { ask: 50, chat: 200, upvote: 0, react: 0, chatReact: 0, vote: 0 },
      maxInFlight: 512,
    });
    const deadline = t0 + seconds * 1000;
    while (Date.now() < deadline) await sleep(Math.min(1000, deadline - Date.now()));
    const status = await sb.control.audience.stop(60_000);
    const elapsed = (Date.now() - t0) / 1000;
    await sleep(500); // let the last socket frames arrive

    const sent = sb.control.audience.sent();
    const truth = sb.control.truth(ENTRY);
    const have = new Map();
    const key = (user, text) => `${user}\u0000${text}`;
    for (const q of truth.questions) have.set(key(q.askerId, q.text), (have.get(key(q.askerId, q.text)) ?? 0) + 1);
    for (const m of truth.messages) have.set(key(m.userId, m.text), (have.get(key(m.userId, m.text)) ?? 0) + 1);
    let lost = 0;
    let notDelivered = 0;
    for (const s of sent) {
      const k = key(s.userId, s.text);
      const n = have.get(k) ?? 0;
      if (!s.ok || n === 0) lost++;
      else have.set(k, n - 1);
      if (s.id && !delivered.has(s.id)) notDelivered++;
    }
    const asks = sent.filter((s) => s.kind === 'ask' && s.ok).length;
    const chats = sent.filter((s) => s.kind === 'chat' && s.ok).length;
    if (status.lastError) process.stderr.write(`[bench] sandbox audience last error: ${status.lastError}\n`);
    return {
      'sandbox.sustain_lost_items': lost,
      'sandbox.sustain_questions_per_s': Math.round((asks / elapsed) * 10) / 10,
      'sandbox.sustain_chat_per_s': Math.round((chats / elapsed) * 10) / 10,
      'sandbox.sustain_moderator_missed_items': notDelivered,
      'sandbox.sustain_seconds': Math.round(elapsed),
    };
  } finally {
    ws?.terminate();
    await sb.close();
  }
}
