import { lazyView } from '../lazy';
import type { BannedWordsProps } from './extras/BannedWords';

/** The "Banned words" section's body, loaded when the section first opens. */
export const BannedWords = lazyView<BannedWordsProps>(() => import('./extras/QnaSections').then((m) => m.BannedWords), 'banned words');
