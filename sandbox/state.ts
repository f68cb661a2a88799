/**
 * In-memory state shared by every host of one sandbox instance. Later services (cue points,
 * metadata, reports, the simulated audience) hang their stores here.
 */
import { generateKs, crackKs, type CrackedKs, type KsFields } from './kaltura/ks.js';
import { findSession, makePartners, MODERATORS, PARTNER_ID, sessionWindow, VIRTUAL_EVENT_ID, type PartnerRecord } from './demo-data.js';
import { ActivityLog } from './activity.js';
import { PollStore } from './polls/store.js';
import { CuePointStore } from './kaltura/cue-points.js';
import { MetadataStore } from './kaltura/metadata-store.js';
import { seedQnaSettings } from './kaltura/qna-settings.js';

export interface SandboxOptions {
  seed: number;
  attendees: number;
  rate: number;
}

export class SandboxState {
  readonly partners: Map<number, PartnerRecord>;
  /** Unix seconds; a function so tests can move the clock. */
  now: () => number = () => Math.floor(Date.now() / 1000);
  /** What attendees did (chat, reactions, poll answers, Q&A threads, logins); reports read it. */
  readonly activity = new ActivityLog();
  /** CnC polls (KALTURA.md §4); its timer reads `now`. Call `close()` when done. */
  readonly polls = new PollStore({ now: () => this.now(), contextTimes: (contextId) => sessionWindow(contextId, this.now()) });
  /** API v3 cue points (legacy webcast Q&A, settings code cue points). */
  readonly cuePoints = new CuePointStore();
  /** API v3 custom metadata (the Kaltura-QnA profile and its objects). */
  readonly metadata: MetadataStore;

  constructor(readonly options: SandboxOptions) {
    this.partners = makePartners(options.seed);
    this.metadata = new MetadataStore(PARTNER_ID, this.now());
    seedQnaSettings(this.cuePoints, PARTNER_ID, this.now());
  }

  /**
   * Whether an entry exists for a partner (cuePoint.add refuses others with INVALID_ENTRY_ID).
   * A property so the control API can widen it when it creates sessions.
   */
  entryExists = (partnerId: number, entryId: string): boolean => partnerId === PARTNER_ID && findSession(entryId) !== undefined;

  private readonly contextModerators = new Map<string, Set<string>>();

  /** Make a user a moderator of one context (entry id), as the group `{entryId}_moderators` does. */
  addModerator(contextId: string, userId: string): void {
    const set = this.contextModerators.get(contextId) ?? new Set<string>();
    set.add(userId);
    this.contextModerators.set(contextId, set);
  }

  /** Users added as moderators of a context at run time (the demo MODERATORS moderate every context). */
  moderatorsOf(contextId: string): string[] {
    return [...(this.contextModerators.get(contextId) ?? [])];
  }

  isModerator(userId: string, contextId: string): boolean {
    return MODERATORS.includes(userId) || (this.contextModerators.get(contextId)?.has(userId) ?? false);
  }

  /** Stops timers owned by the state's stores. */
  close(): void {
    this.polls.close();
  }

  secretFor = (partnerId: number): string | undefined => this.partners.get(partnerId)?.adminSecret;

  partner(id: number = PARTNER_ID): PartnerRecord {
    const p = this.partners.get(id);
    if (!p) throw new Error(`unknown partner ${id}`);
    return p;
  }

  /** Issue a KS signed with the partner's admin secret; `expiresIn` in seconds from now. */
  issueKs(f: Omit<KsFields, 'expiry'> & { expiresIn?: number }): string {
    const { expiresIn = 86400, ...rest } = f;
    return generateKs(this.partner(f.partnerId).adminSecret, { ...rest, expiry: this.now() + expiresIn });
  }

  crack(ks: string): CrackedKs | null {
    return crackKs(ks, this.secretFor);
  }

  /** The KS an Events page hands its player: a USER KS scoped to the virtual event. */
  pageUserKs(userId: string, partnerId: number = PARTNER_ID): string {
    // KALTURA.md §2: privileges are a comma list incl. `virtualeventid:{id}`.
    return this.issueKs({ partnerId, type: 0, userId, privileges: `sview:*,virtualeventid:${VIRTUAL_EVENT_ID}` });
  }
}
