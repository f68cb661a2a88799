// A panel that does not show the chat (its Chat view hidden, no report, no person card) gets none of the
// chat's patches, and when it starts showing it gets at once what it missed: its mirror is then the
// background's chat exactly (messages, reactions, flags, deletions, commands, audit). Through the real
// hub, chat wiring and the panel's chat state.
import { describe, expect, it } from 'vitest';
import type { PanelHub } from '@/lib/session/panel-hub';
import type { BackgroundToPanel } from '@/lib/contracts/protocol';
import { TAB, batch, chatHub, msg } from './chat-hub-fixture';
import type { ChatMirror } from '@/lib/model/chat/session';

const setup = () => chatHub();

/** The mirror as a plain value (its store's list, the meta), to compare with the background's snapshot. */
const plain = (m: ChatMirror | null) => m && { meta: m.meta, messages: [...m.store.list] };

describe('chat to panels that show it', () => {
  it('a panel not showing the chat gets no patches, and the whole chat at once when it shows it', async () => {
    const { hub, chat, port, received, state } = setup();
    await chat.onBatch(TAB, batch([msg(1, 'hello'), msg(2, 'welcome all')]));
    await hub.onMessage(port, { type: 'follow', tabId: TAB });
    await hub.onMessage(port, { type: 'panel-shows', chat: false });
    expect(state.chat.value?.store.list.map((m) => m.id)).toEqual(['m1', 'm2']);
    const before = received.length;

    // While hidden: new messages, a reaction on an old one, a flagged one (a link), one deleted elsewhere,
    // a moderator's delete (a command and its audit entry).
    await chat.onBatch(TAB, batch([msg(3, 'see spam.example.com now'), msg(1, 'hello', { reactions: { '👍': 3 } })]));
    await chat.onBatch(TAB, batch([msg(4, 'bye'), msg(2, 'welcome all', { deleted: true })]));
    await hub.onMessage(port, { type: 'chat-action', tabId: TAB, action: { kind: 'delete', messageId: 'm4', reason: 'rude' } });
    await chat.onBatch(TAB, batch([msg(4, 'bye', { deleted: true })]));
    expect(received.slice(before).filter((m) => m.type === 'chat-patch' || m.type === 'chat')).toEqual([]);
    expect(state.chat.value?.store.list.map((m) => m.id)).toEqual(['m1', 'm2']);

    // Shown: one catch-up, after which the mirror is the background's chat.
    await hub.onMessage(port, { type: 'panel-shows', chat: true });
    const caughtUp = received.slice(before).filter((m) => m.type === 'chat-patch' || m.type === 'chat');
    expect(caughtUp).toHaveLength(1);
    const truth = await snapshotNow(hub);
    expect(plain(state.chat.value)).toEqual(truth);
    expect(Object.keys(state.chat.value!.meta.flags)).toEqual(['m3']);
    expect(state.chat.value!.meta.deletions.m4?.reason).toBe('rude');
    expect(state.chat.value!.meta.audit.map((a) => a.action)).toContain('delete');

    // And it follows again, patch by patch.
    await chat.onBatch(TAB, batch([msg(5, 'back again')]));
    expect(received.at(-1)).toMatchObject({ type: 'chat-patch', patch: { upserts: [{ id: 'm5' }] } });
    expect(state.chat.value?.store.list.at(-1)?.id).toBe('m5');
  });

  it('a panel shown again with nothing new gets nothing; one that never said gets every patch', async () => {
    const { hub, chat, port, received } = setup();
    await chat.onBatch(TAB, batch([msg(1, 'hello')]));
    await hub.onMessage(port, { type: 'follow', tabId: TAB });
    await chat.onBatch(TAB, batch([msg(2, 'there')]));
    expect(received.at(-1)).toMatchObject({ type: 'chat-patch' });
    await hub.onMessage(port, { type: 'panel-shows', chat: false });
    const before = received.length;
    await hub.onMessage(port, { type: 'panel-shows', chat: true });
    expect(received.length).toBe(before);
  });
});

describe("the chat's pace told to the tab's content script", () => {
  const paces = (told: Array<[number, { type: string }]>) => told.filter(([, m]) => m.type === 'chat-pace').map(([tab, m]) => `${tab}:${(m as unknown as { pace: string }).pace}`);

  it('unseen while no panel shows the chat, shown while one does; told on a change and on each full read, not on every batch', async () => {
    const { hub, chat, port, told } = setup();
    // A new watcher's first read (full): no panel follows the tab yet, nobody sees its chat.
    await chat.onBatch(TAB, { ...batch([msg(1, 'hello')]), full: true });
    expect(paces(told)).toEqual([`${TAB}:unseen`]);
    await chat.onBatch(TAB, batch([msg(2, 'there')]));
    expect(paces(told)).toEqual([`${TAB}:unseen`]); // not on every batch
    // A panel follows the tab (it has not said what it shows: everything), then hides the chat.
    await hub.onMessage(port, { type: 'follow', tabId: TAB });
    expect(paces(told).at(-1)).toBe(`${TAB}:shown`);
    await hub.onMessage(port, { type: 'panel-shows', chat: false });
    expect(paces(told).at(-1)).toBe(`${TAB}:unseen`);
    await hub.onMessage(port, { type: 'panel-shows', chat: true });
    expect(paces(told).at(-1)).toBe(`${TAB}:shown`);
    const n = paces(told).length;
    await hub.onMessage(port, { type: 'panel-shows', chat: true });
    expect(paces(told)).toHaveLength(n); // no change, nothing told
    // A re-rendered widget's watcher (a full read) starts as shown: told again, whatever was told before.
    await chat.onBatch(TAB, { ...batch([msg(3, 'again')]), full: true });
    expect(paces(told)).toEqual([...paces(told).slice(0, n), `${TAB}:shown`]);
    // The panel closes: nobody sees it.
    hub.disconnect(port);
    expect(paces(told).at(-1)).toBe(`${TAB}:unseen`);
  });
});

/** The background's chat for the tab now, as a panel that follows the tab anew would get it. */
async function snapshotNow(hub: PanelHub) {
  const fresh: BackgroundToPanel[] = [];
  const other = { postMessage: (m: BackgroundToPanel) => void fresh.push(structuredClone(m)) };
  hub.connect(other);
  await hub.onMessage(other, { type: 'follow', tabId: TAB });
  hub.disconnect(other);
  const snap = fresh.find((m) => m.type === 'chat');
  return snap && snap.type === 'chat' ? snap.snapshot : null;
}
