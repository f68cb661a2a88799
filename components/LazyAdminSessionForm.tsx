import { lazyView } from './lazy';
import type { AdminSessionFormProps } from './AdminSessionForm';

/**
 * The page view's admin-session form (a Kaltura page without CnC: webcast Q&A), loaded when first shown:
 * a moderator on a CnC session never needs it at the panel's first load.
 */
export const LazyAdminSessionForm = lazyView<AdminSessionFormProps>(() => import('./AdminSessionForm').then((m) => m.AdminSessionForm), 'admin session form');
