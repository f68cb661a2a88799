import { lazyView } from '../lazy';
import type { PersonCardHostProps } from './PersonCardHost';

/** The person card, loaded when a name is first clicked outside the Chat view. */
export const LazyPersonCard = lazyView<PersonCardHostProps>(() => import('./PersonCardHost').then((m) => m.PersonCardHost), 'person card');
