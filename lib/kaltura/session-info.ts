// What Kaltura says about a KS: session.get returns a KalturaSessionInfo
// (kaltura/server api_v3/services/SessionService.php: get($session)).
import { callApi, type Fetch } from './api';
import { privilege } from './ks';

export interface SessionInfo {
  type: 'USER' | 'ADMIN';
  partnerId: number;
  userId: string;
  expiresAt: number;
  virtualEventId?: string;
}

interface KalturaSessionInfo {
  objectType?: string;
  sessionType: number;
  partnerId: number;
  userId?: string;
  expiry: number;
  privileges?: string;
}

export async function getSessionInfo(fetchFn: Fetch, ks: string, serviceUrl?: string): Promise<SessionInfo> {
  const info = await callApi<KalturaSessionInfo>(
    fetchFn,
    { service: 'session', action: 'get', params: { session: ks }, ks },
    { serviceUrl },
  );
  // KalturaSessionType: USER = 0, ADMIN = 2.
  const type = info.sessionType === 2 ? 'ADMIN' : 'USER';
  const virtualEventId = privilege(info.privileges ?? '', 'virtualeventid');
  return {
    type,
    partnerId: Number(info.partnerId),
    userId: info.userId ?? '',
    expiresAt: Number(info.expiry),
    ...(virtualEventId ? { virtualEventId } : {}),
  };
}
