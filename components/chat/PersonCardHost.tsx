// The person card for whichever view opened it (Chat, Q&A, the reply box): looks the person up in the
// followed session's chat and Q&A mirrors and renders PersonCard. Re-reads on every change of either mirror,
// so a block confirmed by the widget shows in the open card.
import type { ReadonlySignal } from '@preact/signals';
import { useMemo } from 'preact/hooks';
import type { ChatAction } from '@/lib/model/chat/commands';
import type { ChatMirror } from '@/lib/model/chat/session';
import { messagesOf, questionsOf } from '@/lib/model/chat/view';
import { notHeldNote } from '@/lib/model/chat/tally';
import type { QnaMirror } from '@/lib/model/qna/session';
import { PersonCard } from './PersonCard';
import type { PersonRef } from './person-ref';

export interface PersonCardHostProps {
  person: PersonRef;
  chat: ReadonlySignal<ChatMirror | null> | undefined;
  qna: ReadonlySignal<QnaMirror | null> | undefined;
  /** Absent: this panel cannot act on chat (the card then says block is not available). */
  onChatAction?(action: ChatAction): void;
  onClose(): void;
}

export function PersonCardHost(p: PersonCardHostProps) {
  const chat = p.chat?.value ?? null;
  const qna = p.qna?.value ?? null;
  const { id, name } = p.person;
  // The chat store is updated in place: its version says when it changed.
  const messages = useMemo(() => (chat ? messagesOf(chat.store.list, p.person) : []), [chat?.version, id, name]);
  const questions = useMemo(() => (qna ? questionsOf(qna.questions.values(), p.person) : []), [qna, id, name]);
  const meta = chat?.meta;
  // The worker holds the latest messages only (its memory cap); the tally counts everything they wrote.
  const notHeld = notHeldNote(meta?.tally?.senders[id ?? `name:${name}`], messages.length);
  const blocked = id && meta ? (meta.blocked.find((b) => b.userId === id) ?? null) : null;
  const commands = (meta?.commands ?? []).filter((c) => (c.action.kind === 'block' || c.action.kind === 'unblock') && c.action.userId === id);
  return (
    <PersonCard
      name={name}
      userId={id}
      messages={messages}
      notHeld={notHeld}
      questions={questions}
      blocked={blocked}
      caps={meta && p.onChatAction ? meta.capabilities : null}
      commands={commands}
      onAction={p.onChatAction ?? (() => undefined)}
      onClose={p.onClose}
    />
  );
}
