import { lazyView } from '../lazy';
import type { PollsPanelProps } from './PollsPanel';

/** The polls view, loaded when first opened (the side panel's first load stays small). */
export const LazyPolls = lazyView<PollsPanelProps>(() => import('./PollsPanel').then((m) => m.PollsPanel), 'polls view');
