// The person card opened from a name outside the Chat view (issue 11 "click a name anywhere", issue 14 "acting
// on a person from a question"): the asker's name in a Q&A row opens a card with all their questions and
// their chat, and block where the widget allows (and why not where it does not).
import { act } from 'preact/test-utils';
import { useState } from 'preact/hooks';
import { signal } from '@preact/signals';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QnaView, type QnaViewData } from '@/components/qna/QnaView';
import { PersonCardHost } from '@/components/chat/PersonCardHost';
import { PersonCardOpener, type PersonRef } from '@/components/chat/person-ref';
import { chatCapabilitiesOf, chatProfileOf } from '@/lib/cnc/chat-profile';
import { applyChatPatch, chatMirrorOf, type ChatMeta, type ChatMirror } from '@/lib/model/chat/session';
import { DEFAULT_FLAG_RULES } from '@/lib/model/chat/flags';
import type { ChatMessage } from '@/lib/model/chat/types';
import type { QnaMirror } from '@/lib/model/qna/session';
import type { Question } from '@/lib/model/qna/types';
import { ALL_CAPS, mountUi, pendingQuestion, qnaMetaOf } from './render';

const chatMeta = (over: Partial<ChatMeta> = {}): ChatMeta => ({
  entryId: 'e1',
  me: 'mod',
  capabilities: chatCapabilitiesOf(chatProfileOf('kep-2026'), 'kep-2026'),
  blocked: [],
  rules: DEFAULT_FLAG_RULES,
  flags: {},
  deletions: {},
  commands: [],
  staleSince: null,
  problem: null,
  audit: [],
  ...over,
});
const qnaMeta = qnaMetaOf({ entryId: 'e1', me: 'mod', capabilities: { ...ALL_CAPS, claim: false } });
const question = (text: string, author: Question['author'], over: Partial<Question> = {}): Question => pendingQuestion(text, { author, ...over });
const message = (id: string, userId: string, name: string, text: string): ChatMessage => ({
  id,
  author: { id: userId, name },
  text,
  at: 1_700_000_000_000 + Number(id.slice(1)),
  pinned: false,
  deleted: false,
  byModerator: false,
  reactions: {},
});

const dana = { id: 'u-dana', name: 'Dana', anonymous: false };
const eli = { id: 'u-eli', name: 'Eli', anonymous: false };

let mounted: ReturnType<typeof mountUi> | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

function mount(questions: Question[], chat: ChatMirror | null) {
  mounted?.unmount();
  const data: QnaViewData = { meta: qnaMeta, questions: new Map(questions.map((q) => [q.id, q])) };
  const qna = signal<QnaMirror | null>({ ...data, version: 1 } as QnaMirror);
  const chatSignal = signal<ChatMirror | null>(chat);
  const onChatAction = vi.fn();
  function Harness() {
    const [person, setPerson] = useState<PersonRef | null>(null);
    return (
      <PersonCardOpener.Provider value={setPerson}>
        <QnaView snapshot={signal(data)} onAction={() => undefined} onLocal={() => undefined} />
        {person && <PersonCardHost person={person} chat={chatSignal} qna={qna} onChatAction={onChatAction} onClose={() => setPerson(null)} />}
      </PersonCardOpener.Provider>
    );
  }
  mounted = mountUi(<Harness />);
  const { root, tid, click } = mounted;
  const row = (id: string) => root.querySelector<HTMLElement>(`[data-testid="qna-item"][data-question-id="${id}"]`)!;
  return { tid, row, click, chatSignal, onChatAction };
}

describe('person card from Q&A', () => {
  it("an asker's name opens their card: all their questions and their chat; Block asks a reason, and the card follows the widget", () => {
    const qs = [
      question('When are the slides out?', dana),
      question('Is there a recording?', eli),
      question('Can we get the code?', dana, { state: 'answered' }),
      // Dana asked this one anonymously: it is nobody's on the card.
      question('Why is the audio so bad?', { ...dana, anonymous: true }),
    ];
    const chat = chatMirrorOf({ meta: chatMeta(), messages: [message('m1', 'u-dana', 'Dana', 'hi all'), message('m2', 'u-eli', 'Eli', 'hello')] });
    const v = mount(qs, chat);
    const name = v.tid('qna-author', v.row(qs[0]!.id))!;
    expect(name.tagName).toBe('BUTTON');
    expect(name.textContent).toBe('Dana');
    // The anonymous question's name is not a way to the person.
    expect(v.tid('qna-author', v.row(qs[3]!.id))!.tagName).toBe('SPAN');
    v.click(name);
    const card = v.tid('chat-card')!;
    expect(card.querySelector('h2')!.textContent).toBe('Dana');
    expect([...v.tid('chat-card-questions', card)!.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'When are the slides out? (pending)',
      'Can we get the code? (answered)',
    ]);
    expect(v.tid('chat-card-messages', card)!.textContent).toContain('hi all');
    expect(v.tid('chat-card-messages', card)!.textContent).not.toContain('hello');
    expect(v.tid('chat-card-state', card)!.textContent).toBe('Not blocked');

    v.click(v.tid('chat-card-block', card));
    act(() => {
      const input = v.tid('chat-card-block-reason', card) as HTMLInputElement;
      input.value = 'spam';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    v.click(v.tid('chat-card-block-confirm', card));
    expect(v.onChatAction).toHaveBeenCalledWith({ kind: 'block', userId: 'u-dana', reason: 'spam' });
    // Blocked is what the widget shows afterwards, not what was asked for.
    expect(v.tid('chat-card-state')!.textContent).toBe('Not blocked');
    act(() => void (v.chatSignal.value = applyChatPatch(v.chatSignal.value!, { meta: { blocked: [{ userId: "u-dana", name: "Dana", reason: "spam" }] } })));
    expect(v.tid('chat-card-state')!.textContent).toBe('Blocked: spam');
    expect(v.tid('chat-card-unblock')).not.toBeNull();
    expect(v.tid('chat-card-block')).toBeNull();
  });

  it('says how many earlier messages of the person are no longer held when their count exceeds the held ones', () => {
    const qs = [question('Q', dana), question('R', eli)];
    // The worker counted 14 messages of Dana's and holds 2 (the rest went past its memory cap); Eli's are all held.
    const tally = { messages: 15, flagged: 0, deleted: 0, senders: { 'u-dana': 14, 'u-eli': 1 }, minutes: {} };
    const chat = chatMirrorOf({ meta: chatMeta({ tally }), messages: [message('m1', 'u-dana', 'Dana', 'a'), message('m2', 'u-dana', 'Dana', 'b'), message('m3', 'u-eli', 'Eli', 'c')] });
    const v = mount(qs, chat);
    v.click(v.tid('qna-author', v.row(qs[0]!.id)));
    const note = v.tid('chat-card-not-held')!;
    expect(note.textContent).toBe('12 earlier messages from this person are no longer held.');
    // Under their messages, after the card's buttons: appearing while the card is open, it moves none of them.
    for (const action of ['chat-card-block', 'chat-card-delete-all']) {
      const button = v.tid(action);
      if (button) expect(button.compareDocumentPosition(note) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    }
    expect(v.tid('chat-card-messages')!.compareDocumentPosition(note) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    v.click(v.tid('chat-card-close'));
    v.click(v.tid('qna-author', v.row(qs[1]!.id)));
    expect(v.tid('chat-card')).not.toBeNull();
    expect(v.tid('chat-card-not-held')).toBeNull();
  });

  it('says why it cannot block where the widget does not allow it, and offers no Block', () => {
    const qs = [question('A question', eli)];
    const v = mount(qs, null);
    v.click(v.tid('qna-author', v.row(qs[0]!.id)));
    expect(v.tid('chat-card-block')).toBeNull();
    expect(v.tid('chat-card-no-block')!.textContent).toContain('no chat is attached');
    v.click(v.tid('chat-card-close'));
    expect(v.tid('chat-card')).toBeNull();

    const noBlock = chatMirrorOf({ meta: chatMeta({ capabilities: chatCapabilitiesOf({ ...chatProfileOf('kep-2026')!, actions: {} }, 'p') }), messages: [] });
    const w = mount(qs, noBlock);
    w.click(w.tid('qna-author', w.row(qs[0]!.id)));
    expect(w.tid('chat-card-block')).toBeNull();
    expect(w.tid('chat-card-no-block')!.textContent).toContain('no block control');
  });

  it('"Delete all" says how many and that it cannot be undone before it deletes', () => {
    const qs = [question('Q', dana)];
    const chat = chatMirrorOf({ meta: chatMeta(), messages: [message('m1', 'u-dana', 'Dana', 'a'), message('m2', 'u-dana', 'Dana', 'b')] });
    const v = mount(qs, chat);
    v.click(v.tid('qna-author', v.row(qs[0]!.id)));
    expect(v.tid('chat-card-delete-all')!.textContent).toContain('(2)');
    v.click(v.tid('chat-card-delete-all'));
    expect(v.tid('chat-card-confirm-text')!.textContent).toContain('cannot be undone');
    expect(v.onChatAction).not.toHaveBeenCalled();
    v.click(v.tid('chat-card-confirm'));
    expect(v.onChatAction.mock.calls.map(([a]) => a.messageId)).toEqual(['m1', 'm2']);
  });
});
