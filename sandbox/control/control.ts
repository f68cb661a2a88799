/**
 * The control API for tests, apart from the Kaltura-shaped surfaces: create events, sessions and users,
 * act as any user, read the server's truth, change settings, steer the simulated audience. In-process as
 * `sandbox.control`, and as JSON over HTTPS on control.sandbox.test (http.ts).
 */
import type { SandboxState } from '../state.js';
import { applyAction, type ActionResult } from '../cnc/actions.js';
import { CncError } from '../cnc/errors.js';
import { mergeSettings } from '../cnc/settings.js';
import type { CncSettings, QnaBackend, UserRecord } from '../cnc/types.js';
import type { CncWorld } from '../cnc/world.js';
import type { Audience, AudienceConfig, AudienceStatus } from '../audience/audience.js';
import { ReactionTruth, type ReactionsTruth } from './reactions-truth.js';

export class SandboxControl {
  constructor(
    private readonly state: SandboxState,
    readonly world: CncWorld,
    readonly audienceRunner: Audience,
  ) {
    this.reactionTruth = new ReactionTruth(world);
  }

  // ---- reactions (issue 11): counts per type per 10 s bucket, and reactions on chat messages
  private readonly reactionTruth: ReactionTruth;
  /** Reactions the server took in [since, until) (Unix ms, sandbox clock), with 10 s buckets. */
  reactions(entryId: string, since?: number, until?: number): ReactionsTruth {
    return this.reactionTruth.truth(entryId, since, until);
  }

  createEvent(input: { name?: string }) {
    return this.world.createEvent(input.name ?? 'Sandbox event');
  }

  createSession(input: { entryId?: string; title?: string; virtualEventId?: number; mode?: QnaBackend; startAt?: number; endAt?: number; settings?: unknown }) {
    return this.world.createSession(input).record;
  }

  createUser(input: { userId: string; displayName?: string; role?: UserRecord['role'] }): UserRecord {
    if (typeof input.userId !== 'string' || !/^[\w.@+-]{1,64}$/.test(input.userId)) throw new CncError('INVALID_ACTION', 'userId: 1-64 of letters, digits, . _ @ + -');
    return { ...this.world.upsertUser(input) };
  }

  sessions() {
    return [...this.world.sessions.values()].map((s) => ({ ...s.record }));
  }

  events() {
    return [...this.world.events.values()];
  }

  /** Act as `userId`; `moderator` stands for a token with the moderators group. */
  act(input: { entryId: string; userId: string; moderator?: boolean; action: unknown }): ActionResult {
    return applyAction(this.world, input.entryId, input.userId, input.moderator === true, input.action);
  }

  /** Settings changed by the organiser (the Events admin UI), no moderator check. */
  setSettings(entryId: string, patch: unknown): CncSettings {
    const s = this.world.session(entryId);
    const next = mergeSettings(s.settings, patch);
    // Through the store so subscribers hear about it, as the system user.
    return s.updateSettings({ user: this.world.user('system', 'moderator'), moderator: true }, next);
  }

  /** Everything the server holds for a session, unfiltered: the reference a test compares a UI with. */
  truth(entryId: string) {
    const s = this.world.session(entryId);
    const polls = this.state.polls.list(entryId).map((poll) => ({ poll, results: this.state.polls.results(poll._id) }));
    return {
      session: { ...s.record },
      settings: s.settings,
      messages: s.messages.map((m) => structuredClone(m)),
      questions: s.questions.map((q) => structuredClone(q)),
      announcements: s.announcements.map((a) => ({ ...a })),
      reactions: { ...s.reactionCounts },
      blocked: [...s.blocked],
      polls,
    };
  }

  // ---- chat truth (issue 11): what the chat holds, deleted messages included, and who is blocked and why.
  chat(entryId: string) {
    const s = this.world.session(entryId);
    return {
      messages: s.messages.map((m) => structuredClone(m)),
      pinned: s.messages.filter((m) => m.pinned && !m.deleted).map((m) => m.id),
      deleted: s.messages.filter((m) => m.deleted).map((m) => ({ id: m.id, by: m.deletedBy, at: m.deletedAt })),
      blocked: [...s.blocked].map((userId) => s.blockRecords.get(userId) ?? { userId, reason: '', by: '', at: 0 }),
    };
  }

  readonly audience = {
    start: (cfg: AudienceConfig): AudienceStatus => this.audienceRunner.start(cfg),
    stop: (): Promise<AudienceStatus> => this.audienceRunner.stop(),
    retune: (patch: Partial<AudienceConfig>): AudienceStatus => this.audienceRunner.retune(patch),
    status: (): AudienceStatus => this.audienceRunner.status(),
    sent: () => this.audienceRunner.sent,
  };
}
