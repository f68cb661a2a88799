import { lazyView } from '../lazy';
import type { TeachViewProps } from './TeachView';

/** Teach mode, loaded when first opened. */
export const LazyTeach = lazyView<TeachViewProps>(() => import('./TeachView').then((m) => m.TeachView), 'teach view');
