// Makes a tab's webcast Q&A surface from the moderator's ADMIN session for the tab's partner.
import type { Fetch } from '../../kaltura/api';
import { WebcastQnaClient } from '../../kaltura/qna/client';
import type { AdminSessions } from '../admin-sessions';
import { WebcastSurface } from './webcast-surface';

/**
 * `me`: the moderator as the event knows them (the page's user), which is who claims show; the ADMIN
 * session may belong to an app token with no user at all.
 */
export async function webcastSurfaceFor(
  admin: AdminSessions,
  fetchFn: Fetch,
  partnerId: number | null,
  entryId: string,
  me: string,
): Promise<WebcastSurface | null> {
  if (partnerId === null) return null;
  const session = await admin.get(partnerId);
  if (!session) return null;
  const client = new WebcastQnaClient({ fetch: fetchFn, ks: session.ks });
  return new WebcastSurface(client, entryId, me || session.userId);
}
