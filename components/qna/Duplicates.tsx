import { lazyView } from '../lazy';
import type { DuplicatesProps } from './extras/Duplicates';

/** The "Similar questions" section's body, loaded when the section first opens (with the grouping rules). */
export const Duplicates = lazyView<DuplicatesProps>(() => import('./extras/QnaSections').then((m) => m.Duplicates), 'similar questions');
