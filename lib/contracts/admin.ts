// What the panel sends to connect an admin session, and what it is told about it.

export type AdminCredentials =
  | { kind: 'ks'; ks: string }
  | { kind: 'app-token'; id: string; token: string; userId?: string };

export interface AdminStatus {
  partnerId: number;
  connected: boolean;
  userId?: string;
  expiresAt?: number;
  remembered?: boolean;
  /** Kaltura stopped taking the session (expired): `userId` and `remembered` say what it was. */
  expired?: boolean;
  error?: string;
  /** Not connected because the last session expired (Unix seconds): "expired, connect again". */
  expiredAt?: number;
  /** The app token id that session was started with (not a secret), to connect again with. */
  tokenId?: string;
}
