// An ADMIN session from an app token, without the partner's secret (KALTURA.md §2,
// KALTURA_SESSION_GUIDE.md §5): session.startWidgetSession(widgetId = "_{partnerId}") gives a widget KS,
// then appToken.startSession(id, tokenHash = sha256(widgetKs + token), userId, type, expiry).
import { callApi, type Fetch } from './api';

export interface AppTokenCredentials {
  partnerId: number;
  id: string;
  token: string;
  userId?: string;
  /** Seconds; Kaltura caps it by the token's own session duration. */
  expiry?: number;
}

/** KalturaSessionType.ADMIN */
const ADMIN = 2;

export async function startAppTokenSession(fetchFn: Fetch, credentials: AppTokenCredentials, serviceUrl?: string): Promise<string> {
  const widget = await callApi<{ ks?: string }>(
    fetchFn,
    { service: 'session', action: 'startWidgetSession', params: { widgetId: `_${credentials.partnerId}` } },
    { serviceUrl },
  );
  if (!widget.ks) throw new Error('Kaltura returned no widget session.');
  const tokenHash = await sha256Hex(widget.ks + credentials.token);
  const session = await callApi<{ ks?: string }>(
    fetchFn,
    {
      service: 'appToken',
      action: 'startSession',
      params: {
        id: credentials.id,
        tokenHash,
        ...(credentials.userId ? { userId: credentials.userId } : {}),
        type: ADMIN,
        ...(credentials.expiry ? { expiry: credentials.expiry } : {}),
      },
      ks: widget.ks,
    },
    { serviceUrl },
  );
  if (!session.ks) throw new Error('Kaltura returned no session for this app token.');
  return session.ks;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
