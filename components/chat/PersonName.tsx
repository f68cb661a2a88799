// A person's name that opens their card where the panel can (PersonCardOpener), plain text otherwise. The name
// is attendee data: text only, dir="auto". A real button (keyboard, screen readers), styled as the name it
// replaces so rows keep their layout.
import type { JSX } from 'preact';
import { useContext } from 'preact/hooks';
import { PersonCardOpener, type PersonRef } from './person-ref';
import './person.css';

export interface PersonNameProps {
  person: PersonRef;
  class?: string;
  testId?: string;
  tabIndex?: number;
}

export function PersonName(p: PersonNameProps): JSX.Element {
  const open = useContext(PersonCardOpener);
  if (!open) {
    return (
      <span class={p.class} data-testid={p.testId} dir="auto">
        {p.person.name}
      </span>
    );
  }
  return (
    <button
      type="button"
      class={`person-name${p.class ? ` ${p.class}` : ''}`}
      data-testid={p.testId}
      data-person-id={p.person.id ?? undefined}
      dir="auto"
      aria-haspopup="dialog"
      title={`${p.person.name}: their card`}
      tabIndex={p.tabIndex}
      onClick={(e) => {
        // The name sits inside rows that act on clicks and keys of their own: the card is all this click does.
        e.stopPropagation();
        open(p.person);
      }}
    >
      {p.person.name}
    </button>
  );
}
