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

/**
 * What is kept of a session Kaltura stopped taking (expired, or ended early): who it was, whether it was
 * remembered, when it ended and the app token id it came from, so the panel can say "expired on …, connect
 * again" with the same choices filled in. Never the KS.
 */
interface ExpiredMark {
  userId: string;
  remembered: boolean;
  /** Unix ms, when we found out. */
  at: number;
  /** Unix seconds: its own end, or when Kaltura refused it if that came first. */
  expiredAt: number;
  tokenId?: string;
}

const KEY = (partnerId: number) => `admin:${partnerId}`;
const EXPIRED_KEY = (partnerId: number) => `admin-expired:${partnerId}`;
export const EXPIRED_TEXT = 'The admin session expired (Kaltura no longer accepts it). Connect again to go on; nothing else was lost.';

export class AdminSessions {
  /** Admin KSes handed out by get(), by partner: what guard() looks for in a request. Memory only. */
  private readonly inUse = new Map<string, number>();
  private readonly listeners = new Set<(partnerId: number) => void>();

  constructor(
    private readonly deps: { session: StorageArea; local: StorageArea; fetch: Fetch; now(): number },
  ) {}

  /** Called when a partner's session changes on its own (Kaltura stopped taking it). */
  onChange(listener: (partnerId: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * A fetch that notices when Kaltura refuses an admin KS we handed out (API v3: INVALID_KS, which is how an
   * expired KS is refused; Events API and polls REST: 401), so the session ends at once and the panel says
   * so, rather than every view failing on its own with a raw error until the moderator guesses why.
   */
  guard(fetchFn: Fetch): Fetch {
    return async (input, init) => {
      const response = await fetchFn(input, init);
      if (this.inUse.size === 0) return response;
      const ks = this.ksIn(init);
      if (!ks) return response;
      const refused = response.status === 401 || (response.ok && (await response.clone().text().catch(() => '')).includes('"INVALID_KS"'));
      if (refused) await this.expire(this.inUse.get(ks)!, ks).catch(() => undefined);
      return response;
    };
  }

  private ksIn(init: RequestInit | undefined): string | null {
    const body = typeof init?.body === 'string' ? init.body : '';
    const headers = new Headers(init?.headers);
    const auth = headers.get('authorization') ?? '';
    for (const ks of this.inUse.keys()) if (auth.endsWith(ks) || (body && body.includes(ks))) return ks;
    return null;
  }

  /** Ends the partner's session if it is still `ks` (a newer connect is left alone), keeping who it was. */
  async expire(partnerId: number, ks: string): Promise<void> {
    this.inUse.delete(ks);
    const session = (await this.deps.session.get<AdminSession>(KEY(partnerId))) ?? (await this.deps.local.get<AdminSession>(KEY(partnerId)));
    if (!session || session.ks !== ks) return;
    await this.record(partnerId, session, Math.min(session.expiresAt, Math.floor(this.deps.now() / 1000)));
  }

  /** Kaltura refused the session (INVALID_KS) before our clock said it ended: it is expired all the same. */
  markExpired(partnerId: number, ks: string): Promise<void> {
    return this.expire(partnerId, ks);
  }

  private async record(partnerId: number, session: AdminSession, expiredAt: number): Promise<void> {
    const remembered = !!(await this.deps.local.get(KEY(partnerId)));
    await this.deps.session.remove(KEY(partnerId));
    await this.deps.local.remove(KEY(partnerId));
    const mark: ExpiredMark = { userId: session.userId, remembered, at: this.deps.now(), expiredAt, ...(session.tokenId ? { tokenId: session.tokenId } : {}) };
    await this.deps.session.set({ [EXPIRED_KEY(partnerId)]: mark });
    for (const listener of this.listeners) listener(partnerId);
  }

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
      await this.deps.session.set({ [KEY(partnerId)]: session });
      await this.deps.session.remove(EXPIRED_KEY(partnerId));
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
      // Its own time is up: the same "expired, connect again" as when Kaltura refuses it.
      await this.record(partnerId, session, session.expiresAt);
      return null;
    }
    this.inUse.set(session.ks, partnerId);
    return session;
  }

  async status(partnerId: number): Promise<AdminStatus> {
    const session = await this.get(partnerId);
    if (!session) {
      const mark = await this.deps.session.get<ExpiredMark>(EXPIRED_KEY(partnerId));
      return mark
        ? {
            partnerId, connected: false, expired: true, userId: mark.userId, remembered: mark.remembered, error: EXPIRED_TEXT,
            ...(mark.expiredAt ? { expiredAt: mark.expiredAt } : {}), ...(mark.tokenId ? { tokenId: mark.tokenId } : {}),
          }
        : { partnerId, connected: false };
    }
    const remembered = !!(await this.deps.local.get(KEY(partnerId)));
    return { partnerId, connected: true, userId: session.userId, expiresAt: session.expiresAt, remembered };
  }

  async forget(partnerId: number): Promise<void> {
    await this.deps.session.remove([KEY(partnerId), EXPIRED_KEY(partnerId)]);
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

/**
 * Tells the panels of every followed tab of a partner when its admin session ends on its own, so the
 * "expired, connect again" shows where the moderator is looking, not at the next panel open.
 */
export function wireAdminExpiry(
  admin: AdminSessions,
  deps: { followedTabs(): number[]; partnerOf(tabId: number): Promise<number | null>; post(tabId: number, status: AdminStatus): void },
): () => void {
  return admin.onChange((partnerId) => {
    void (async () => {
      const status = await admin.status(partnerId);
      for (const tabId of deps.followedTabs()) if ((await deps.partnerOf(tabId).catch(() => null)) === partnerId) deps.post(tabId, status);
    })().catch(() => undefined);
  });
}
