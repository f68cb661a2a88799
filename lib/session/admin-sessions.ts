// The moderator's ADMIN session per partner, for what a page's USER KS may not do (webcast Q&A
// moderation). A KS is a secret: kept in storage.session, and in storage.local only if the moderator
// asks to be remembered on this computer. Never logged, never sent to the panel.
import type { AdminCredentials, AdminStatus } from '../contracts/admin';
import type { Fetch } from '../kaltura/api';
import { KalturaApiError } from '../kaltura/api';
import { startAppTokenSession } from '../kaltura/app-token';
import { parseKs } from '../kaltura/ks';
import { getSessionInfo } from '../kaltura/session-info';
import type { StorageArea } from '../platform/storage';


export interface AdminSession {
  ks: string;
  userId: string;
  /** Unix seconds. */
  expiresAt: number;
  /** The app token id it was started with, if any (not a secret): offered again when it expires. */
  tokenId?: string;
}

/** What is kept of an expired session: when, and the token id to connect again with. Never the KS. */
interface ExpiredSession {
  expiredAt: number;
  tokenId?: string;
}

/** What the panel may know about it. */

const KEY = (partnerId: number) => `admin:${partnerId}`;
const EXPIRED_KEY = (partnerId: number) => `admin-expired:${partnerId}`;

export class AdminSessions {
  constructor(
    private readonly deps: { session: StorageArea; local: StorageArea; fetch: Fetch; now(): number },
  ) {}

  async connect(partnerId: number, credentials: AdminCredentials, remember: boolean): Promise<AdminStatus> {
    try {
      const ks =
        credentials.kind === 'ks'
          ? credentials.ks.trim()
          : await startAppTokenSession(this.deps.fetch, { partnerId, id: credentials.id.trim(), token: credentials.token.trim(), userId: credentials.userId?.trim() || undefined });
      const parsed = parseKs(ks);
      if (!parsed.ok) return { partnerId, connected: false, error: `That is not a KS: ${parsed.reason}.` };
      if (parsed.partnerId !== partnerId) {
        return { partnerId, connected: false, error: `That KS belongs to partner ${parsed.partnerId}, not to this event's partner ${partnerId}.` };
      }
      const info = await getSessionInfo(this.deps.fetch, ks);
      if (info.type !== 'ADMIN') {
        return { partnerId, connected: false, error: 'That is a USER session. Moderating webcast Q&A needs an ADMIN session (an admin KS or an app token).' };
      }
      const session: AdminSession = { ks, userId: info.userId, expiresAt: info.expiresAt, ...(credentials.kind === 'app-token' ? { tokenId: credentials.id.trim() } : {}) };
      await this.deps.session.remove(EXPIRED_KEY(partnerId));
      await this.deps.session.set({ [KEY(partnerId)]: session });
      if (remember) await this.deps.local.set({ [KEY(partnerId)]: session });
      else await this.deps.local.remove(KEY(partnerId));
      return { partnerId, connected: true, userId: info.userId, expiresAt: info.expiresAt, remembered: remember };
    } catch (error) {
      return { partnerId, connected: false, error: describe(error) };
    }
  }

  async get(partnerId: number): Promise<AdminSession | null> {
    const session =
      (await this.deps.session.get<AdminSession>(KEY(partnerId))) ?? (await this.deps.local.get<AdminSession>(KEY(partnerId)));
    if (!session) return null;
    if (session.expiresAt * 1000 <= this.deps.now()) {
      await this.expire(partnerId, session, session.expiresAt);
      return null;
    }
    return session;
  }

  /** Kaltura refused the session (INVALID_KS) before our clock said it ended: it is expired all the same. */
  async markExpired(partnerId: number, ks: string): Promise<void> {
    const session = (await this.deps.session.get<AdminSession>(KEY(partnerId))) ?? (await this.deps.local.get<AdminSession>(KEY(partnerId)));
    // Only the refused session: one connected since then stays.
    if (session?.ks === ks) await this.expire(partnerId, session, Math.min(session.expiresAt, Math.floor(this.deps.now() / 1000)));
  }

  private async expire(partnerId: number, session: AdminSession, expiredAt: number): Promise<void> {
    await this.deps.session.remove(KEY(partnerId));
    await this.deps.local.remove(KEY(partnerId));
    const expired: ExpiredSession = { expiredAt, ...(session.tokenId ? { tokenId: session.tokenId } : {}) };
    await this.deps.session.set({ [EXPIRED_KEY(partnerId)]: expired });
  }

  async status(partnerId: number): Promise<AdminStatus> {
    const session = await this.get(partnerId);
    if (!session) {
      const expired = await this.deps.session.get<ExpiredSession>(EXPIRED_KEY(partnerId));
      return expired ? { partnerId, connected: false, ...expired } : { partnerId, connected: false };
    }
    const remembered = !!(await this.deps.local.get(KEY(partnerId)));
    return { partnerId, connected: true, userId: session.userId, expiresAt: session.expiresAt, remembered };
  }

  async forget(partnerId: number): Promise<void> {
    await this.deps.session.remove(EXPIRED_KEY(partnerId));
    await this.deps.session.remove(KEY(partnerId));
    await this.deps.local.remove(KEY(partnerId));
  }
}

function describe(error: unknown): string {
  if (error instanceof KalturaApiError) {
    if (error.code === 'INVALID_KS') return 'Kaltura does not accept that KS (expired or invalid).';
    if (error.code.startsWith('APP_TOKEN') || error.code === 'INVALID_APP_TOKEN_HASH') return `Kaltura refused the app token: ${error.message}`;
    return `${error.message} (${error.code})`;
  }
  return error instanceof Error ? error.message : String(error);
}
