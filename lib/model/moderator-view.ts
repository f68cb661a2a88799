// Words for the moderator, not for Kaltura engineers: where the moderator view of a session is, and what
// the page's sign-in is, without "USER KS".
import type { KsSummary } from './context';

/**
 * The CnC moderator app of the session the tab shows: `{site}/chatandcollaboration/index/moderator`
 * (KALTURA.md §1, VERIFIED path) with the session's entry id (MODELED parameter, as the sandbox serves it).
 * Null for a page that is not https (nothing to link to safely).
 */
export function moderatorViewUrl(pageUrl: string, entryId: string): string | null {
  let origin: string;
  try {
    const url = new URL(pageUrl);
    if (url.protocol !== 'https:') return null;
    origin = url.origin;
  } catch {
    return null;
  }
  return `${origin}/chatandcollaboration/index/moderator?entryId=${encodeURIComponent(entryId)}`;
}

/** Who the page is signed in as, in plain words (the key itself is a secret: never shown). */
export function signInLabel(ks: KsSummary, pagePartnerId: number | null): string {
  switch (ks.status) {
    case 'none':
      return 'Not signed in';
    case 'malformed':
      return 'Signed in, but the sign-in could not be read';
    case 'valid':
      if (pagePartnerId !== null && ks.partnerId !== pagePartnerId) return `Signed in to another Kaltura account (${ks.partnerId})`;
      return ks.type === 'ADMIN' ? 'Signed in with an administrator session' : 'Signed in as a user';
  }
}
