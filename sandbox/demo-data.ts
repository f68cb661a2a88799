/**
 * Fixed, deterministic demo data for the sandbox (brief: partner 1234567, event 7654321, region nvp1).
 * Secrets derive from the seed so two runs with the same seed agree; nothing here is Kaltura fact
 * except the shapes cited below.
 */
import { createHash } from 'node:crypto';

export const PARTNER_ID = 1234567;
/** A second partner whose valid KS must be refused by pages/API calls for PARTNER_ID. */
export const OTHER_PARTNER_ID = 999999;
export const VIRTUAL_EVENT_ID = 7654321;
export const REGION = 'nvp1';
/** KALTURA.md §1: player v7 bundle URL carries a uiConf id; this one is invented. */
export const UICONF_ID = 47306393;

export type SessionMode = 'cnc' | 'webcast' | 'none';
export interface DemoSession {
  entryId: string;
  title: string;
  /** cnc: CnC widget; webcast: legacy cue-point Q&A (KALTURA.md §3); none: player only. */
  mode: SessionMode;
  /** Listed in the ready line's `sessions`. */
  listed: boolean;
}

export const SESSIONS: readonly DemoSession[] = [
  { entryId: '1_sessiona1', title: 'Opening keynote', mode: 'cnc', listed: true },
  { entryId: '1_sessionb2', title: 'Product deep dive', mode: 'cnc', listed: true },
  { entryId: '1_webcast3', title: 'Legacy webcast', mode: 'webcast', listed: true },
  { entryId: '1_replay4', title: 'Recording (no CnC)', mode: 'none', listed: false },
];

export function findSession(entryId: string): DemoSession | undefined {
  return SESSIONS.find((s) => s.entryId === entryId);
}

export interface PartnerRecord {
  id: number;
  adminSecret: string;
  appTokens: { id: string; token: string; sessionType: number; expiry: number }[];
}

function derive(seed: number, label: string, length: number): string {
  return createHash('sha256').update(`cnc-sandbox:${seed}:${label}`).digest('hex').slice(0, length);
}

/** Partners known to this sandbox, keyed by id. Real admin secrets are 32 hex chars. */
export function makePartners(seed: number): Map<number, PartnerRecord> {
  const partners = new Map<number, PartnerRecord>();
  partners.set(PARTNER_ID, {
    id: PARTNER_ID,
    adminSecret: derive(seed, 'admin-secret', 32),
    // App token ids look like `1_xxxxxxxx`, tokens are 32 hex chars (KALTURA_SESSION_GUIDE.md §5 flow).
    appTokens: [{ id: `1_${derive(seed, 'app-token-id', 8)}`, token: derive(seed, 'app-token', 32), sessionType: 2, expiry: 86400 }],
  });
  partners.set(OTHER_PARTNER_ID, { id: OTHER_PARTNER_ID, adminSecret: derive(seed, 'other-secret', 32), appTokens: [] });
  return partners;
}

export const DEFAULT_ATTENDEE = 'attendee-1';
export const DEFAULT_MODERATOR = 'moderator-1';

/**
 * Users who moderate every session of the demo event (CnC: membership of `{entryId}_moderators`,
 * KALTURA.md §2). More can be added per context at run time (SandboxState.addModerator).
 */
export const MODERATORS: readonly string[] = [DEFAULT_MODERATOR];

/**
 * MODELED schedule of the demo sessions: the event runs on the current UTC day, session i from
 * (9 + i):00 to (9 + i):50 UTC. Used by the Events API answers and relative poll scheduling.
 */
export function sessionWindow(entryId: string, nowSec: number): { startDate: number; endDate: number } | undefined {
  const i = SESSIONS.findIndex((s) => s.entryId === entryId);
  if (i < 0) return undefined;
  const dayStart = Math.floor(nowSec / 86400) * 86400;
  const startDate = dayStart + (9 + i) * 3600;
  return { startDate, endDate: startDate + 50 * 60 };
}
