// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { applyAction } from '../../../sandbox/cnc/actions';
import { eventFor, snapshotFor } from '../../../sandbox/cnc/visibility';
import { CncWorld } from '../../../sandbox/cnc/world';
import type { CncEvent } from '../../../sandbox/cnc/types';
import { SandboxState } from '../../../sandbox/state';
import { SandboxControl } from '../../../sandbox/control/control';

const E = '1_sessiona1';

function setup(seed = 1) {
  const state = new SandboxState({ seed, attendees: 0, rate: 0 });
  state.polls.close();
  const world = new CncWorld(state);
  const events: CncEvent[] = [];
  world.on((e) => events.push(e));
  const act = (userId: string, action: Record<string, unknown>, moderator = false) => applyAction(world, E, userId, moderator, action);
  return { state, world, events, act };
}

describe('CnC world', () => {
  it('chat: time order, reactions, pin, delete kept for the record, events and activity', () => {
    const { world, events, act, state } = setup();
    const a = act('alice', { type: 'chat.post', text: 'hello' });
    const b = act('bob', { type: 'chat.post', text: 'hi' });
    expect(a).toMatchObject({ ok: true, id: expect.stringMatching(/^msg_/) });
    act('bob', { type: 'chat.react', messageId: a.ok && a.id, emoji: '👍' });
    act('mod', { type: 'chat.pin', messageId: b.ok && b.id }, true);
    act('mod', { type: 'chat.delete', messageId: a.ok && a.id }, true);
    const s = world.session(E);
    expect(s.messages.map((m) => m.text)).toEqual(['hello', 'hi']);
    expect(s.messages[0]).toMatchObject({ deleted: true, deletedBy: 'mod', reactions: { '👍': ['bob'] } });
    expect(s.messages[1]).toMatchObject({ pinned: true, pinnedBy: 'mod' });
    expect(events.map((e) => e.type)).toEqual(['chat', 'chat', 'chat', 'chat', 'chat']);
    expect(state.activity.query({ entryIds: [E] }).map((x) => x.kind)).toEqual(['group_message', 'group_message', 'reaction']);
    // Attendees don't see the deleted message; moderators do, flagged.
    expect(snapshotFor(s, { userId: 'carol', moderator: false }).messages.map((m) => m.text)).toEqual(['hi']);
    expect(snapshotFor(s, { userId: 'mod', moderator: true }).messages.map((m) => m.deleted)).toEqual([true, false]);
  });

  it('chat moderation: block keeps its reason until unblock, a moderator post is marked, the control truth says it all', () => {
    const { world, act, state } = setup();
    const m = act('alice', { type: 'chat.post', text: 'buy now' });
    const mod = act('mod', { type: 'chat.post', text: 'Please stay on topic' }, true);
    expect(mod).toMatchObject({ ok: true, item: { moderator: true } });
    expect(m).toMatchObject({ ok: true, item: { text: 'buy now' } });
    expect((m as { item: Record<string, unknown> }).item.moderator).toBeUndefined();
    act('mod', { type: 'chat.delete', messageId: m.ok && m.id }, true);
    act('mod', { type: 'chat.pin', messageId: mod.ok && mod.id }, true);
    act('mod', { type: 'user.block', userId: 'alice', reason: 'spam links' }, true);
    const s = world.session(E);
    expect(snapshotFor(s, { userId: 'mod', moderator: true }).blockRecords).toMatchObject([{ userId: 'alice', reason: 'spam links', by: 'mod' }]);
    expect(snapshotFor(s, { userId: 'bob', moderator: false })).not.toHaveProperty('blockRecords');
    const control = new SandboxControl(state, world, undefined as never);
    expect(control.chat(E)).toMatchObject({
      pinned: [mod.ok && mod.id],
      deleted: [{ id: m.ok && m.id, by: 'mod' }],
      blocked: [{ userId: 'alice', reason: 'spam links', by: 'mod' }],
    });
    expect(control.chat(E).messages).toHaveLength(2);
    act('mod', { type: 'user.block', userId: 'alice', blocked: false }, true);
    expect(control.chat(E).blocked).toEqual([]);
    expect(act('alice', { type: 'chat.post', text: 'back' })).toMatchObject({ ok: true });
  });

  it('refuses attendees moderator actions, blocked users, disabled modules, closed chat', () => {
    const { world, act, state } = setup();
    const m = act('alice', { type: 'chat.post', text: 'x' });
    expect(act('alice', { type: 'chat.delete', messageId: m.ok && m.id })).toMatchObject({ ok: false, error: 'FORBIDDEN' });
    expect(act('alice', { type: 'announce', text: 'x' })).toMatchObject({ ok: false, error: 'FORBIDDEN' });
    expect(act('mod', { type: 'user.block', userId: 'alice' }, true)).toMatchObject({ ok: true });
    expect(act('alice', { type: 'chat.post', text: 'again' })).toMatchObject({ ok: false, error: 'USER_BLOCKED' });
    expect(act('alice', { type: 'qna.ask', text: 'q?' })).toMatchObject({ ok: false, error: 'USER_BLOCKED' });
    act('mod', { type: 'settings.update', settings: { modules: { chat: false } } }, true);
    expect(act('bob', { type: 'chat.post', text: 'x' })).toMatchObject({ ok: false, error: 'MODULE_DISABLED' });
    act('mod', { type: 'settings.update', settings: { modules: { chat: true }, chatAfterEnd: false } }, true);
    const real = state.now;
    state.now = () => world.session(E).record.endAt + 60;
    expect(act('bob', { type: 'chat.post', text: 'late' })).toMatchObject({ ok: false, error: 'CHAT_CLOSED' });
    state.now = real;
    expect(act('bob', { type: 'nope' })).toMatchObject({ ok: false, error: 'INVALID_ACTION' });
    expect(act('bob', { type: 'chat.post', text: '' })).toMatchObject({ ok: false, error: 'INVALID_ACTION' });
    expect(applyAction(world, '1_nope', 'bob', false, { type: 'chat.post', text: 'x' })).toMatchObject({ ok: false, error: 'UNKNOWN_SESSION' });
  });

  it('deterministic ids for a seed', () => {
    const run = (seed: number) => {
      const { act } = setup(seed);
      return [act('a', { type: 'chat.post', text: '1' }), act('a', { type: 'qna.ask', text: '2' })].map((r) => r.ok && r.id);
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });
});

describe('Q&A visibility', () => {
  it('moderation on: pending is visible to the asker and moderators only, until approved', () => {
    const { world, events, act } = setup();
    const q = act('alice', { type: 'qna.ask', text: 'When is GA?' });
    expect(q).toMatchObject({ ok: true, item: { state: 'pending', mine: true } });
    const s = world.session(E);
    const alice = { userId: 'alice', moderator: false };
    const bob = { userId: 'bob', moderator: false };
    const mod = { userId: 'mod', moderator: true };
    expect(snapshotFor(s, bob).questions).toHaveLength(0);
    expect(snapshotFor(s, alice).questions).toHaveLength(1);
    expect(snapshotFor(s, mod).questions).toHaveLength(1);
    const asked = events.at(-1)!;
    expect(eventFor(asked, bob)).toBeNull();
    expect(eventFor(asked, mod)).toMatchObject({ type: 'question', question: { state: 'pending' } });
    expect(act('bob', { type: 'qna.upvote', questionId: q.ok && q.id })).toMatchObject({ ok: false, error: 'NOT_FOUND' });

    act('mod', { type: 'qna.approve', questionId: q.ok && q.id }, true);
    expect(eventFor(events.at(-1)!, bob)).toMatchObject({ type: 'question', question: { state: 'approved', upvotes: 0 } });
    act('bob', { type: 'qna.upvote', questionId: q.ok && q.id });
    act('bob', { type: 'qna.upvote', questionId: q.ok && q.id, on: true }); // idempotent
    expect(snapshotFor(s, bob).questions[0]).toMatchObject({ upvotes: 1, upvotedByMe: true });

    act('mod', { type: 'qna.answer', questionId: q.ok && q.id, text: 'public answer' }, true);
    act('mod', { type: 'qna.answer', questionId: q.ok && q.id, text: 'just for you', private: true }, true);
    expect(snapshotFor(s, bob).questions[0]!.answers.map((a) => a.text)).toEqual(['public answer']);
    expect(snapshotFor(s, alice).questions[0]!.answers.map((a) => a.text)).toEqual(['public answer', 'just for you']);
    expect(snapshotFor(s, mod).questions[0]).toMatchObject({ handledBy: 'mod' });

    act('mod', { type: 'qna.dismiss', questionId: q.ok && q.id }, true);
    expect(eventFor(events.at(-1)!, bob)).toEqual({ type: 'question.removed', id: q.ok && q.id });
    expect(snapshotFor(s, bob).questions).toHaveLength(0);
  });

  it('moderation off: questions are approved at once; anonymous hides the asker from others', () => {
    const { world, act } = setup();
    act('mod', { type: 'settings.update', settings: { qnaModeration: false } }, true);
    act('alice', { type: 'qna.ask', text: 'secret?', anonymous: true });
    const bobView = snapshotFor(world.session(E), { userId: 'bob', moderator: false }).questions[0]!;
    expect(bobView).toMatchObject({ state: 'approved', askerName: 'Anonymous', anonymous: true });
    expect(bobView.askerId).toBeUndefined();
    expect(snapshotFor(world.session(E), { userId: 'mod', moderator: true }).questions[0]!.askerId).toBe('alice');
    act('mod', { type: 'settings.update', settings: { anonymousAllowed: false } }, true);
    expect(act('alice', { type: 'qna.ask', text: 'x', anonymous: true })).toMatchObject({ ok: false, error: 'ANONYMOUS_NOT_ALLOWED' });
  });

  it('webcast sessions refuse CnC questions; answered-live publishes; announcements reach everyone', () => {
    const { world, events, act } = setup();
    expect(applyAction(world, '1_webcast3', 'alice', false, { type: 'qna.ask', text: 'x' })).toMatchObject({ ok: false, error: 'QNA_BACKEND_WEBCAST' });
    const q = act('alice', { type: 'qna.ask', text: 'live?' });
    act('mod', { type: 'qna.answeredLive', questionId: q.ok && q.id }, true);
    expect(world.session(E).question(q.ok && q.id)).toMatchObject({ answeredLive: true, state: 'approved' });
    act('mod', { type: 'announce', text: 'Break in 5 minutes' }, true);
    expect(eventFor(events.at(-1)!, { userId: 'bob', moderator: false })).toMatchObject({ type: 'announcement', announcement: { text: 'Break in 5 minutes' } });
  });
});
