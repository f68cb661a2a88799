import { lazyView } from '../lazy';
import type { AuditTrailProps } from './extras/AuditTrail';

/** The "Audit trail" section's body, loaded when the section first opens. */
export const AuditTrail = lazyView<AuditTrailProps>(() => import('./extras/QnaSections').then((m) => m.AuditTrail), 'audit trail');
