import type { ComponentChildren } from 'preact';
import { useId, useState } from 'preact/hooks';

/** A collapsible section (a button with aria-expanded; the body renders only when open, so work is lazy). */
export function Disclosure(props: {
  testId: string;
  title: string;
  badge?: string;
  initiallyOpen?: boolean;
  onToggle?(open: boolean): void;
  children: (open: true) => ComponentChildren;
}) {
  const [open, setOpen] = useState(props.initiallyOpen ?? false);
  const bodyId = useId();
  return (
    <section class="qna-section" data-testid={props.testId} data-open={open}>
      <h2>
        <button
          type="button"
          class="qna-disclosure"
          aria-expanded={open}
          aria-controls={bodyId}
          data-testid={`${props.testId}-toggle`}
          onClick={() => {
            setOpen(!open);
            props.onToggle?.(!open);
          }}
        >
          <span aria-hidden="true">{open ? '▾' : '▸'}</span> {props.title}
          {props.badge && <span class="pill">{props.badge}</span>}
        </button>
      </h2>
      {open && (
        <div id={bodyId} class="qna-section-body">
          {props.children(true)}
        </div>
      )}
    </section>
  );
}
