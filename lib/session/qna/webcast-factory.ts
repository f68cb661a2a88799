// Makes a tab's webcast Q&A surface from the moderator's ADMIN session for the tab's partner.
import type { Fetch } from '../../kaltura/api';
import { WebcastQnaClient } from '../../kaltura/qna/client';
import type { AdminSessions } from '../admin-sessions';
import { WebcastSurface } from './webcast-surface';

/**
 * `me`: the moderator as the event knows them (the page's user), which is who claims show; the ADMIN
 * session may belong to an app token with no user at all. `onExpired`: Kaltura refused the session; it is
 * marked expired ("expired, connect again", keeping its token id) before this is called.
 */
export async function webcastSurfaceFor(
  admin: AdminSessions,
  fetchFn: Fetch,
  partnerId: number | null,
  entryId: string,
  me: string,
  onExpired: () => void = () => {},
): Promise<WebcastSurface | null> {
  if (partnerId === null) return null;
  const session = await admin.get(partnerId);
  if (!session) return null;
  // The KS is read per call: when the moderator connects again after an expiry, the running surface uses the
  // new session from its next poll (the Q&A view keeps going; nothing to restart).
  let ks = session.ks;
  let refused: string | null = null;
  const client = new WebcastQnaClient({ fetch: fetchFn, ks: () => ks });
  return new WebcastSurface(client, entryId, me || session.userId, {
    refreshSession: async () => {
      const current = await admin.get(partnerId);
      if (current) ks = current.ks;
    },
    onAdminRefused: () => {
      if (refused === ks) return; // told once per session, not on every poll
      refused = ks;
      void admin.markExpired(partnerId, ks).then(onExpired, onExpired);
    },
  });
}
