import { lazyView } from '../lazy';
import type { ReactionMeterProps } from './ReactionMeter';

/** The reactions meter, loaded when first opened. */
export const LazyReactions = lazyView<ReactionMeterProps>(() => import('./ReactionMeter').then((m) => m.ReactionMeter), 'reactions meter');
