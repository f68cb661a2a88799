// Undo for the Q&A inbox: one toast per undoable act (a dismissal, a bulk dismissal or approval), each with
// its own 10 s and its own Undo, naming the question. The plan is made when the act is done, from the state
// the surface had then, so Undo returns the questions exactly there (lib/model/qna/undo.ts).
import { useEffect, useRef, useState } from 'preact/hooks';
import type { QnaAction } from '@/lib/model/qna/commands';
import type { QnaCapabilities, Question, QuestionState } from '@/lib/model/qna/types';
import { questionSnippet, undoPlan, type UndoPlan } from '@/lib/model/qna/undo';

export const UNDO_MS = 10_000;
/** At most this many undo toasts at once (the oldest goes first). */
const MAX_UNDOS = 4;

export interface UndoEntry {
  key: number;
  text: string;
  /** Per question, how to put it back; a refusal says why Undo is not offered. */
  plans: UndoPlan[];
}

export interface UndoApi {
  entries: UndoEntry[];
  /** Offers an undo of `to` for these questions; `stateOf` is the state the surface had before the act. */
  start(targets: readonly Question[], to: 'dismissed' | 'approved'): void;
  run(entry: UndoEntry): void;
}

export function useUndo(opts: {
  caps: QnaCapabilities;
  stateOf(q: Question): QuestionState;
  onAction(action: QnaAction): void;
  say(text: string): void;
}): UndoApi {
  const [entries, setEntries] = useState<UndoEntry[]>([]);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());
  const seq = useRef(0);
  useEffect(() => () => timers.current.forEach((t) => clearTimeout(t)), []);

  const drop = (key: number) => {
    clearTimeout(timers.current.get(key));
    timers.current.delete(key);
    setEntries((list) => list.filter((u) => u.key !== key));
  };

  const start = (targets: readonly Question[], to: 'dismissed' | 'approved') => {
    if (!targets.length) return;
    const plans = targets.map((t) => undoPlan(t.id, opts.stateOf(t), to, opts.caps));
    const verb = to === 'dismissed' ? 'dismissed' : 'approved';
    const text = targets.length === 1 ? `“${questionSnippet(targets[0]!.text)}” ${verb}.` : `${targets.length} questions ${verb}.`;
    const key = ++seq.current;
    setEntries((list) => {
      const next = [...list, { key, text, plans }];
      for (const old of next.slice(0, Math.max(0, next.length - MAX_UNDOS))) {
        clearTimeout(timers.current.get(old.key));
        timers.current.delete(old.key);
      }
      return next.slice(-MAX_UNDOS);
    });
    timers.current.set(
      key,
      setTimeout(() => drop(key), UNDO_MS),
    );
    const refusal = plans.find((p) => !p.ok);
    opts.say(refusal && !refusal.ok ? `${text} ${refusal.reason}` : `${text} Undo for 10 seconds.`);
  };

  const run = (entry: UndoEntry) => {
    if (!entry.plans.every((p) => p.ok)) return;
    for (const plan of entry.plans) if (plan.ok) for (const action of plan.actions) opts.onAction(action);
    drop(entry.key);
    opts.say(entry.plans.length === 1 ? 'Undone: the question is back where it was.' : `Undone: ${entry.plans.length} questions are back where they were.`);
  };

  return { entries, start, run };
}

export function UndoToasts({ undo }: { undo: UndoApi }) {
  if (!undo.entries.length) return null;
  return (
    <div class="qna-toasts" role="status">
      {undo.entries.map((entry) => {
        const refusal = entry.plans.find((p) => !p.ok);
        return (
          <div key={entry.key} class="qna-toast card" data-testid="qna-undo-toast">
            <span class="qna-toast-text" dir="auto">{entry.text}</span>
            {refusal && !refusal.ok ? (
              <span class="hint" data-testid="qna-undo-absent">
                {refusal.reason}
              </span>
            ) : (
              <button type="button" class="small" data-testid="qna-undo" onClick={() => undo.run(entry)}>
                Undo
              </button>
            )}
          </div>
        );
      })}
    </div>
  );
}
