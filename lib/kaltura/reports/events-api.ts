// Events Platform API (KALTURA.md §5, VERIFIED: public OpenAPI v1.1.2, kaltura/mcp-events
// openapi-public-api.yaml): POST https://events-api.{region}.ovp.kaltura.com/api/v1/{path} with a JSON body
// and `Authorization: Bearer <ADMIN KS>`. We read events/list (to find the event whose publicDomain is the
// page's site) and sessions/list (a session's name, type and times). It has none of the interaction settings.
import { KalturaApiError, scrubSecrets, type Fetch } from '../api';

export function eventsApiBase(region: string | null): string {
  const r = region && /^[a-z]{2,4}\d{1,2}$/.test(region) ? region : 'nvp1';
  return `https://events-api.${r}.ovp.kaltura.com/api/v1`;
}

async function post(fetchFn: Fetch, region: string | null, path: string, body: unknown, ks: string): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetchFn(`${eventsApiBase(region)}/${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${ks}` },
      body: JSON.stringify(body),
      credentials: 'omit',
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    throw new KalturaApiError('NETWORK', 'The Events API could not be reached');
  }
  let json: Record<string, unknown> = {};
  try {
    json = (await response.json()) as Record<string, unknown>;
  } catch {
    // an empty or non-JSON body: the status says enough
  }
  if (!response.ok) {
    throw new KalturaApiError(
      String(json.status ?? `HTTP_${response.status}`).slice(0, 60),
      scrubSecrets(`The Events API answered ${response.status}: ${String(json.message ?? '')}`, [ks]),
    );
  }
  return json;
}

export interface EventsApiEvent {
  id: string;
  name: string;
  publicDomain: string;
}

export interface EventsApiSession {
  id: string;
  name: string;
  type: string;
  /** Epoch ms, or null when absent or unreadable. */
  startsAt: number | null;
  endsAt: number | null;
}

const time = (v: unknown): number | null => {
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isFinite(t) ? t : null;
};
const text = (v: unknown, max = 300) => (typeof v === 'string' ? v.slice(0, max) : typeof v === 'number' ? String(v) : '');

/** The events the KS's partner has (first 100), as ListEventResponseDto lists them. */
export async function listEvents(fetchFn: Fetch, region: string | null, ks: string): Promise<EventsApiEvent[]> {
  const json = await post(fetchFn, region, 'events/list', { pager: { offset: 0, limit: 100 } }, ks);
  const events = Array.isArray(json.events) ? json.events : [];
  return events.map((e: Record<string, unknown>) => ({ id: text(e.id, 20), name: text(e.name), publicDomain: text(e.publicDomain, 300) }));
}

/** An event's sessions (ListSessionRequestDto `{ eventId }`). */
export async function listSessions(fetchFn: Fetch, region: string | null, ks: string, eventId: string): Promise<EventsApiSession[]> {
  const json = await post(fetchFn, region, 'sessions/list', { eventId: Number(eventId) }, ks);
  const sessions = Array.isArray(json.sessions) ? json.sessions : [];
  return sessions.map((s: Record<string, unknown>) => ({
    id: text(s.id, 64),
    name: text(s.name),
    type: text(s.type, 40),
    startsAt: time(s.startDate),
    endsAt: time(s.endDate),
  }));
}

/** The event whose public site is this origin (`publicDomain`, e.g. https://1234567-5.events.kaltura.com). */
export function eventForOrigin(events: readonly EventsApiEvent[], origin: string): EventsApiEvent | null {
  const norm = (u: string) => {
    try {
      return new URL(u).origin;
    } catch {
      return null;
    }
  };
  const want = norm(origin);
  return events.find((e) => want !== null && norm(e.publicDomain) === want) ?? null;
}
