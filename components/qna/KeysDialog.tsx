import { useEffect, useRef } from 'preact/hooks';
import { keysFor } from '@/lib/model/qna/view';
import type { QnaCapabilities } from '@/lib/model/qna/types';

const SHOWN: Record<string, string> = { ' ': 'Space', ArrowDown: '↓', ArrowUp: '↑' };

/** The list of keys ("?"). Esc or the button closes it; focus goes back where it was. */
/** Lists only the keys that do something on this surface (`caps`). */
export function KeysDialog({ onClose, caps }: { onClose(): void; caps: QnaCapabilities }) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
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
        <button ref={close} type="button" class="primary" data-testid="qna-keys-close" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
