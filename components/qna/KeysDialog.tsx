import { useLayoutEffect, useRef } from 'preact/hooks';
import { keysFor } from '@/lib/model/qna/view';
import type { QnaCapabilities } from '@/lib/model/qna/types';

const SHOWN: Record<string, string> = { ' ': 'Space', ArrowDown: '↓', ArrowUp: '↑' };

/** The keys of a flagged chat message in the inbox (components/qna/FlaggedChat.tsx), as in the Chat view. */
const FLAGGED_KEYS = [
  { key: 'j', command: 'next', label: 'Next (past the last: the questions)' },
  { key: 'k', command: 'previous', label: 'Previous' },
  { key: 'd', command: 'delete', label: 'Delete it through the widget (its flag is the reason in our record)' },
  { key: 'o', command: 'keep', label: 'Keep it (it leaves the list)' },
  { key: 'n', command: 'show-new', label: 'Show new flagged messages' },
];

/** The list of keys ("?"). Esc or the button closes it; focus goes back where it was. */
/** Lists only the keys that do something on this surface (`caps`). */
export function KeysDialog({ onClose, caps, flaggedChat = false }: { onClose(): void; caps: QnaCapabilities; flaggedChat?: boolean }) {
  const close = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    close.current?.focus();
    // Esc closes it wherever focus is: a key pressed right after "?" may land before focus moved here.
    const onEscape = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopPropagation();
      onClose();
    };
    document.addEventListener('keydown', onEscape, true);
    return () => {
      document.removeEventListener('keydown', onEscape, true);
      before?.focus?.();
    };
  }, []);
  return (
    <div class="qna-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div
        class="qna-dialog card"
        role="dialog"
        aria-modal="true"
        aria-labelledby="qna-keys-title"
        data-testid="qna-keys"
        onKeyDown={(e) => {
          if (e.key === 'Escape' || e.key === '?') {
            e.preventDefault();
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <h2 id="qna-keys-title">Keyboard</h2>
        <p class="hint">In the question list (not while typing in a text field):</p>
        <dl class="qna-keys">
          {keysFor(caps).map((k) => (
            <div key={k.command} data-testid="qna-key" data-command={k.command}>
              <dt>
                {k.keys.map((key, i) => (
                  <>
                    {i > 0 && ' '}
                    <kbd>{SHOWN[key] ?? key}</kbd>
                  </>
                ))}
              </dt>
              <dd>{k.label}</dd>
            </div>
          ))}
          <div>
            <dt>
              <kbd>Esc</kbd>
            </dt>
            <dd>Close a dialog or the reply box</dd>
          </div>
          <div>
            <dt>
              <kbd>Ctrl</kbd>+<kbd>Enter</kbd>
            </dt>
            <dd>Send the reply</dd>
          </div>
        </dl>
        {flaggedChat && (
          <>
            <p class="hint">On a flagged chat message (Pending, above the questions):</p>
            <dl class="qna-keys" data-testid="qna-keys-flagged">
              {FLAGGED_KEYS.map((k) => (
                <div key={k.key} data-testid="qna-key" data-command={`flagged-${k.command}`}>
                  <dt>
                    <kbd>{k.key}</kbd>
                  </dt>
                  <dd>{k.label}</dd>
                </div>
              ))}
            </dl>
          </>
        )}
        <button ref={close} type="button" class="primary" data-testid="qna-keys-close" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
