// Who a person card is about, and how any view opens one (issue 11: "click a name anywhere"). Tiny and in the
// panel's first load: Q&A rows use it; the card itself loads on first use (LazyPersonCard).
import { createContext } from 'preact';

/** A person as a view knows them: the widget's user id when it shows one, and the name it shows. */
export interface PersonRef {
  id: string | null;
  name: string;
}

/**
 * Opens the card for a person. Null where no card can open (a view rendered on its own, in a unit test):
 * names are then plain text.
 */
export const PersonCardOpener = createContext<((person: PersonRef) => void) | null>(null);
