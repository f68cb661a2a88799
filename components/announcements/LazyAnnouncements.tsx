import { lazyView } from '../lazy';
import type { AnnouncementsPanelProps } from './AnnouncementsPanel';

/** The announcements view, loaded when first opened (the side panel's first load stays small). */
export const LazyAnnouncements = lazyView<AnnouncementsPanelProps>(
  () => import('./AnnouncementsPanel').then((m) => m.AnnouncementsPanel),
  'announcements view',
);
