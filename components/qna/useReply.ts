// The reply box of the Q&A inbox: which question it is open on and in which mode (a public or private answer,
// an edit before approving, or "another moderator holds it"), the drafts per question and mode (kept when the
// box closes without sending), and the claim that opening an answer makes first where the surface has claims
// (the rule: lib/model/qna/moderation.ts claimOnOpen).
import { useRef, useState } from 'preact/hooks';
import type { QnaAction } from '@/lib/model/qna/commands';
import { claimOnOpen, heldByOther } from '@/lib/model/qna/moderation';
import type { QnaCapabilities, Question } from '@/lib/model/qna/types';
import type { RowAction } from '@/lib/model/qna/view';
import type { PanelMode } from './ReplyPanel';

export type Drafts = Readonly<Record<string, string>>;

export interface ReplyApi {
  panel: { id: string; mode: PanelMode } | null;
  draftKey: string;
  drafts: Drafts;
  takingOver: string | null;
  openAnswer(q: Question, visibility: 'public' | 'private'): void;
  openEdit(q: Question): void;
  openBlocked(q: Question, action: RowAction): void;
  setDraft(text: string): void;
  /** Sends what the box holds for `q` (the question as the inbox shows it); false when nothing went. */
  send(q: Question, text: string): boolean;
  takeOver(q: Question): void;
  /** Claims again after a failed claim (the failure comes back through the snapshot's commands). */
  retryClaim(q: Question): void;
  release(q: Question): void;
  close(): void;
}

export function useReply(opts: {
  caps: QnaCapabilities;
  me: string;
  onAction(action: QnaAction): void;
  say(text: string): void;
  /** A co-moderator's display name where known (lib/model/people.ts); the id otherwise. */
  nameOf?(id: string | null): string | undefined;
  /** Where focus goes when the box closes. */
  onClosed(): void;
  /** Drafts kept by the caller across view switches (item 5); defaults to state of its own. */
  drafts?: { value: Drafts; set(next: Drafts): void };
}): ReplyApi {
  const { caps, me, onAction, say } = opts;
  const holder = (q: Question) => opts.nameOf?.(q.handledBy) ?? q.handledBy;
  const [panel, setPanel] = useState<{ id: string; mode: PanelMode } | null>(null);
  const [ownDrafts, setOwnDrafts] = useState<Drafts>({});
  const drafts = opts.drafts?.value ?? ownDrafts;
  const setDrafts = (f: (d: Drafts) => Drafts) => (opts.drafts ? opts.drafts.set(f(opts.drafts.value)) : setOwnDrafts(f));
  const [takingOver, setTakingOver] = useState<string | null>(null);
  const claimed = useRef(new Set<string>());

  const draftKey = panel ? (panel.mode.kind === 'edit' ? `edit:${panel.id}` : `answer:${panel.id}`) : '';

  const close = () => {
    if (panel) claimed.current.delete(panel.id);
    setPanel(null);
    setTakingOver(null);
    opts.onClosed();
  };

  return {
    panel,
    draftKey,
    drafts,
    takingOver,
    openAnswer(q, visibility) {
      setPanel({ id: q.id, mode: { kind: 'answer', visibility } });
      if (heldByOther(q, caps, me)) say(`Handled by ${holder(q)}. Take over to answer.`);
      else if (claimOnOpen(q, caps, claimed.current.has(q.id))) {
        // Claim first, so that every other moderator sees who is answering before anyone can answer twice.
        claimed.current.add(q.id);
        onAction({ kind: 'claim', questionId: q.id });
      }
    },
    openEdit(q) {
      setDrafts((d) => (d[`edit:${q.id}`] === undefined ? { ...d, [`edit:${q.id}`]: q.text } : d));
      setPanel({ id: q.id, mode: { kind: 'edit' } });
    },
    openBlocked(q, action) {
      setPanel({ id: q.id, mode: { kind: 'blocked', action } });
    },
    setDraft(text) {
      const key = draftKey;
      if (key) setDrafts((d) => ({ ...d, [key]: text }));
    },
    send(q, text) {
      if (!panel || panel.id !== q.id) return false;
      const trimmed = text.trim();
      if (!trimmed) return false;
      if (panel.mode.kind === 'edit') {
        onAction(trimmed === q.text ? { kind: 'approve', questionId: q.id } : { kind: 'approve', questionId: q.id, editedText: trimmed });
        say('Approved.');
      } else if (panel.mode.kind === 'answer') {
        if (heldByOther(q, caps, me)) return false;
        onAction({ kind: 'answer', questionId: q.id, text: trimmed, visibility: panel.mode.visibility });
        say(panel.mode.visibility === 'public' ? 'Answer sent publicly.' : 'Answer sent privately.');
      } else return false;
      const key = draftKey;
      setDrafts((d) => {
        const { [key]: _, ...rest } = d;
        return rest;
      });
      close();
      return true;
    },
    takeOver(q) {
      setTakingOver(q.id);
      onAction({ kind: 'claim', questionId: q.id, takeOver: true });
      say(`Taking over from ${holder(q)}.`);
    },
    retryClaim(q) {
      claimed.current.add(q.id);
      onAction({ kind: 'claim', questionId: q.id });
    },
    release(q) {
      onAction({ kind: 'release', questionId: q.id });
      close();
    },
    close,
  };
}
