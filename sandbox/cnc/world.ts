/**
 * The CnC world of one sandbox: sessions (by entry id), users, virtual events, one id source and one
 * event stream. Kept beside SandboxState (a WeakMap, `worldOf(state)`) rather than on it, so the CnC
 * model stays in sandbox/cnc/ and the state file stays small.
 */
import { SESSIONS, VIRTUAL_EVENT_ID } from '../demo-data.js';
import type { ActivityKind } from '../activity.js';
import type { SandboxState } from '../state.js';
import { CncError } from './errors.js';
import { IdSource } from './ids.js';
import { CncSession, type Actor } from './session.js';
import { defaultSettings, mergeSettings } from './settings.js';
import type { CncEvent, EventRecord, QnaBackend, SessionRecord, UserRecord } from './types.js';

type Listener = (e: CncEvent) => void;

/** "attendee-12" → "Attendee 12": a readable default display name. */
export function displayNameFor(userId: string): string {
  const s = userId.replace(/[-_.]+/g, ' ').trim();
  return s ? s[0]!.toUpperCase() + s.slice(1) : userId;
}

export class CncWorld {
  readonly sessions = new Map<string, CncSession>();
  readonly users = new Map<string, UserRecord>();
  readonly events = new Map<number, EventRecord>();
  readonly ids: IdSource;
  private seq = 0;
  private readonly listeners = new Set<Listener>();
  /** Users whose login was recorded, per entry: one `login` activity per user and session. */
  private readonly joined = new Set<string>();

  constructor(readonly state: SandboxState) {
    this.ids = new IdSource(state.options.seed);
    this.events.set(VIRTUAL_EVENT_ID, { id: VIRTUAL_EVENT_ID, name: 'Sandbox Virtual Event' });
    const now = state.now();
    for (const s of SESSIONS) {
      if (s.mode === 'none') continue;
      // Demo sessions are live: started ten minutes ago, three hours long.
      this.addSession({ entryId: s.entryId, title: s.title, virtualEventId: VIRTUAL_EVENT_ID, startAt: now - 600, endAt: now + 3 * 3600, settings: defaultSettings(s.mode) });
    }
  }

  /** Unix ms on the sandbox clock (which tests may move), with real sub-second precision for ordering. */
  nowMs = (): number => this.state.now() * 1000 + (Date.now() % 1000);

  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  addSession(record: SessionRecord): CncSession {
    const s = new CncSession(record, this.ids, () => ++this.seq, this.nowMs, (e) => this.emit(record.entryId, e));
    this.sessions.set(record.entryId, s);
    return s;
  }

  createSession(input: { entryId?: string; title?: string; virtualEventId?: number; mode?: QnaBackend; startAt?: number; endAt?: number; settings?: unknown }): CncSession {
    const entryId = input.entryId ?? `1_${this.ids.next('entry').replace(/^entry_/, '')}`;
    if (this.sessions.has(entryId)) throw new CncError('INVALID_ACTION', `session ${entryId} exists`);
    const eventId = input.virtualEventId ?? VIRTUAL_EVENT_ID;
    if (!this.events.has(eventId)) throw new CncError('NOT_FOUND', `no event ${eventId}`);
    const now = this.state.now();
    return this.addSession({
      entryId,
      title: input.title ?? entryId,
      virtualEventId: eventId,
      startAt: input.startAt ?? now,
      endAt: input.endAt ?? now + 3600,
      settings: mergeSettings(defaultSettings(input.mode ?? 'cnc'), input.settings),
    });
  }

  createEvent(name: string): EventRecord {
    const id = Math.max(...this.events.keys()) + 1;
    const e = { id, name };
    this.events.set(id, e);
    return e;
  }

  session(entryId: unknown): CncSession {
    const s = typeof entryId === 'string' ? this.sessions.get(entryId) : undefined;
    if (!s) throw new CncError('UNKNOWN_SESSION', `no CnC session ${String(entryId)}`);
    return s;
  }

  user(userId: string, role: UserRecord['role'] = 'attendee'): UserRecord {
    let u = this.users.get(userId);
    if (!u) {
      u = { userId, displayName: displayNameFor(userId), role };
      this.users.set(userId, u);
    }
    return u;
  }

  upsertUser(input: { userId: string; displayName?: string; role?: UserRecord['role'] }): UserRecord {
    const u = this.user(input.userId, input.role);
    if (input.displayName) u.displayName = input.displayName;
    if (input.role) u.role = input.role;
    return u;
  }

  /**
   * A session moderator is a member of `{entryId}_moderators` (KALTURA.md §2) — decided by the caller's
   * token; a user created with role `moderator` through the control API is one in every session.
   */
  actor(userId: string, moderator: boolean): Actor {
    const user = this.user(userId);
    return { user, moderator: moderator || user.role === 'moderator' };
  }

  recordActivity(entryId: string, userId: string, kind: ActivityKind): void {
    const s = this.sessions.get(entryId);
    this.state.activity.record({ at: this.state.now(), kind, userId, entryId, virtualEventId: s?.record.virtualEventId ?? VIRTUAL_EVENT_ID });
  }

  /** First time a user connects to a session: a `login` activity and a `join` event. */
  join(entryId: string, userId: string): void {
    const key = `${entryId}\u0000${userId}`;
    if (this.joined.has(key)) return;
    this.session(entryId);
    this.joined.add(key);
    this.recordActivity(entryId, userId, 'login');
    this.emit(entryId, { type: 'join', userId });
  }

  private emit(entryId: string, e: DistributiveOmit<CncEvent, 'seq' | 'entryId'>): void {
    const event = { ...e, seq: ++this.seq, entryId } as CncEvent;
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (err) {
        process.stderr.write(`[sandbox] cnc listener failed: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    }
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const worlds = new WeakMap<SandboxState, CncWorld>();

/** The world of a sandbox state, created on first use. */
export function worldOf(state: SandboxState): CncWorld {
  let w = worlds.get(state);
  if (!w) {
    w = new CncWorld(state);
    worlds.set(state, w);
  }
  return w;
}
