/**
 * In-memory CnC poll store (KALTURA.md §4). One instance per sandbox, on `SandboxState.polls`.
 * It owns a timer that drives scheduling (Scheduled → Published at the scheduled time) and
 * `autoCloseMilliseconds` (Published → UnPublished, isEnded); both read the sandbox clock
 * (`state.now`, unix seconds) so tests can move time and call `tick()`. Stop the timer with `close()`.
 * Voting: only while Published; one vote per user, a re-vote replaces the earlier one (MODELED).
 */
import { randomBytes } from 'node:crypto';
import { optionText, validatePollInput } from './validate.js';
import type { Poll, PollEvent, PollInput, PollOption, PollPatch, PollResults, PollValidationError, VoteAnswer } from './types.js';

export * from './types.js';

export class PollValidationFailure extends Error {
  constructor(readonly detail: PollValidationError) {
    super(detail.message);
  }
}

export interface PollStoreOptions {
  /** Unix seconds. */
  now: () => number;
  /** Session start/end (unix seconds) for relative scheduling; MODELED source of `startDate`/`endDate`. */
  contextTimes?: (contextId: string) => { startDate?: number; endDate?: number } | undefined;
  /** Timer period in ms; 0 disables the timer (tests call tick()). */
  tickMs?: number;
}

type Listener = (event: PollEvent) => void;

function clone<T>(v: T): T {
  return structuredClone(v);
}

export class PollStore {
  private readonly polls = new Map<string, Poll>();
  /** pollId → userId → answer. */
  private readonly votes = new Map<string, Map<string, VoteAnswer>>();
  private readonly listeners = new Set<Listener>();
  private readonly idempotency = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private seq = 0;

  constructor(private readonly opts: PollStoreOptions) {
    const period = opts.tickMs ?? 500;
    if (period > 0) {
      this.timer = setInterval(() => this.tick(), period);
      this.timer.unref();
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private nowMs(): number {
    return this.opts.now() * 1000;
  }

  private iso(ms = this.nowMs()): string {
    return new Date(ms).toISOString();
  }

  private newId(): string {
    // 24 hex chars like a Mongo ObjectId (the CnC server's `_id`); MODELED.
    this.seq += 1;
    return (Math.floor(this.nowMs() / 1000).toString(16).padStart(8, '0') + randomBytes(8).toString('hex')).slice(0, 24);
  }

  private emit(type: PollEvent['type'], poll: Poll): void {
    for (const l of this.listeners) {
      try {
        l({ type, poll: clone(poll) });
      } catch {
        // a listener's failure must not break the store
      }
    }
  }

  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Throws PollValidationFailure on invalid input. `idempotencyKey`: same key → same poll. */
  create(input: PollInput, opts: { idempotencyKey?: string } = {}): Poll {
    if (opts.idempotencyKey) {
      const existing = this.idempotency.get(opts.idempotencyKey);
      const poll = existing ? this.polls.get(existing) : undefined;
      if (poll) return clone(poll);
    }
    const invalid = validatePollInput(input);
    if (invalid) throw new PollValidationFailure(invalid);
    const now = this.iso();
    const options = this.normaliseOptions(input.content.options ?? []);
    const poll: Poll = {
      _id: this.newId(),
      contextId: input.contextId,
      state: input.state ?? 'Draft',
      type: input.type ?? 'OptionsPoll',
      content: { question: input.content.question.trim(), options, correctAnswers: this.correctIds(input.content.correctAnswers, options) },
      showResults: input.showResults ?? false,
      ...(input.visualization ? { visualization: clone(input.visualization) } : {}),
      ...(input.scheduling ? { scheduling: clone(input.scheduling) } : {}),
      ...(input.autoCloseMilliseconds !== undefined ? { autoCloseMilliseconds: input.autoCloseMilliseconds } : {}),
      ...(input.isAcceptingMultipleVotes !== undefined ? { isAcceptingMultipleVotes: input.isAcceptingMultipleVotes } : {}),
      ...(input.createdBy ? { createdBy: input.createdBy } : {}),
      isEnded: false,
      createdAt: now,
      updatedAt: now,
      ...(input.state === 'Published' ? { publishedAt: now } : {}),
    };
    this.polls.set(poll._id, poll);
    this.votes.set(poll._id, new Map());
    if (opts.idempotencyKey) this.idempotency.set(opts.idempotencyKey, poll._id);
    this.emit('poll-changed', poll);
    this.tick();
    return clone(this.polls.get(poll._id) ?? poll);
  }

  /** Undefined when the poll does not exist; throws PollValidationFailure on invalid patch. */
  update(id: string, patch: PollPatch): Poll | undefined {
    const poll = this.polls.get(id);
    if (!poll) return undefined;
    const invalid = validatePollInput({ type: poll.type, ...patch }, true);
    if (invalid) throw new PollValidationFailure(invalid);
    if (patch.type !== undefined) poll.type = patch.type;
    if (patch.content !== undefined) {
      const options = patch.content.options !== undefined ? this.normaliseOptions(patch.content.options, poll.content.options) : poll.content.options;
      poll.content = {
        question: patch.content.question.trim(),
        options,
        correctAnswers: patch.content.correctAnswers !== undefined ? this.correctIds(patch.content.correctAnswers, options) : poll.content.correctAnswers,
      };
    }
    if (patch.showResults !== undefined) poll.showResults = patch.showResults;
    if (patch.visualization !== undefined) poll.visualization = clone(patch.visualization);
    if (patch.scheduling !== undefined) poll.scheduling = clone(patch.scheduling);
    if (patch.autoCloseMilliseconds !== undefined) poll.autoCloseMilliseconds = patch.autoCloseMilliseconds;
    if (patch.isAcceptingMultipleVotes !== undefined) poll.isAcceptingMultipleVotes = patch.isAcceptingMultipleVotes;
    if (patch.state !== undefined && patch.state !== poll.state) this.setState(poll, patch.state);
    // pollSchemas.ts: isEnded "cannot be changed back to not ended".
    if (patch.isEnded === true) poll.isEnded = true;
    poll.updatedAt = this.iso();
    this.emit('poll-changed', poll);
    this.tick();
    return clone(poll);
  }

  remove(id: string): boolean {
    const poll = this.polls.get(id);
    if (!poll) return false;
    this.polls.delete(id);
    this.votes.delete(id);
    this.emit('poll-removed', poll);
    return true;
  }

  get(id: string): Poll | undefined {
    const p = this.polls.get(id);
    return p ? clone(p) : undefined;
  }

  /** Every poll of a context, oldest first. */
  list(contextId: string): Poll[] {
    return [...this.polls.values()].filter((p) => p.contextId === contextId).map(clone);
  }

  vote(pollId: string, userId: string, answer: VoteAnswer): { ok: true } | { error: string } {
    this.tick();
    const poll = this.polls.get(pollId);
    if (!poll) return { error: 'POLL_NOT_FOUND' };
    if (poll.state !== 'Published') return { error: 'POLL_NOT_PUBLISHED' };
    if (!userId) return { error: 'USER_REQUIRED' };
    let stored: VoteAnswer;
    if (poll.type === 'OptionsPoll') {
      const ids = answer.optionIds ?? [];
      const valid = new Set(poll.content.options.map((o) => o.id));
      if (ids.length === 0 || !ids.every((i) => valid.has(i))) return { error: 'INVALID_OPTION' };
      if (!poll.isAcceptingMultipleVotes && ids.length > 1) return { error: 'SINGLE_CHOICE' };
      stored = { optionIds: [...new Set(ids)] };
    } else {
      const text = (answer.text ?? '').trim();
      if (!text) return { error: 'EMPTY_ANSWER' };
      stored = { text };
    }
    const votes = this.votes.get(pollId) ?? new Map<string, VoteAnswer>();
    votes.delete(userId); // a re-vote replaces, and moves to the end
    votes.set(userId, stored);
    this.votes.set(pollId, votes);
    this.emit('vote', poll);
    return { ok: true };
  }

  results(pollId: string): PollResults {
    const poll = this.polls.get(pollId);
    const totals: Record<string, number> = {};
    for (const o of poll?.content.options ?? []) totals[o.id] = 0;
    const votes = this.votes.get(pollId) ?? new Map<string, VoteAnswer>();
    const texts: string[] = [];
    for (const v of votes.values()) {
      for (const id of v.optionIds ?? []) totals[id] = (totals[id] ?? 0) + 1;
      if (v.text !== undefined) texts.push(v.text);
    }
    return { totals, answers: votes.size, ...(poll?.type === 'OpenAnswers' ? { texts } : {}) };
  }

  /** The answer a user gave, if any. */
  voteOf(pollId: string, userId: string): VoteAnswer | undefined {
    const v = this.votes.get(pollId)?.get(userId);
    return v ? clone(v) : undefined;
  }

  /** Applies due scheduling and auto-close transitions; the timer calls this. */
  tick(): void {
    const now = this.nowMs();
    for (const poll of this.polls.values()) {
      if (poll.state === 'Scheduled') {
        const at = this.scheduledAt(poll);
        if (at !== undefined && at <= now) {
          this.setState(poll, 'Published', at);
          poll.updatedAt = this.iso();
          this.emit('poll-changed', poll);
        }
      }
      if (poll.state === 'Published' && poll.autoCloseMilliseconds && poll.publishedAt) {
        if (Date.parse(poll.publishedAt) + poll.autoCloseMilliseconds <= now) {
          this.setState(poll, 'UnPublished');
          poll.updatedAt = this.iso();
          this.emit('poll-changed', poll);
        }
      }
    }
  }

  private setState(poll: Poll, state: Poll['state'], atMs = this.nowMs()): void {
    if (state === 'Published' && poll.state !== 'Published') poll.publishedAt = this.iso(atMs);
    // pollSchemas.ts: isEnded is "Set to true on UnPublish" of a poll that was live.
    if (state === 'UnPublished' && poll.state === 'Published') poll.isEnded = true;
    poll.state = state;
  }

  /** Unix ms when a Scheduled poll goes live, or undefined when unknown. */
  private scheduledAt(poll: Poll): number | undefined {
    const s = poll.scheduling;
    if (!s) return undefined;
    if (s.scheduledTime !== undefined && s.schedulingType !== 'relative') {
      const t = Date.parse(s.scheduledTime);
      return Number.isNaN(t) ? undefined : t;
    }
    if (s.schedulingType === 'relative' && s.relativeScheduling) {
      const times = this.opts.contextTimes?.(poll.contextId);
      const base = times?.[s.relativeScheduling.attribute];
      return base === undefined ? undefined : base * 1000 + s.relativeScheduling.offsetMilliseconds;
    }
    return undefined;
  }

  /** Strings or {id,text} → {id,text}; keeps ids of options whose text is unchanged. */
  private normaliseOptions(raw: (PollOption | string)[], previous: PollOption[] = []): PollOption[] {
    const used = new Set<string>();
    return raw.map((o, i) => {
      const text = (optionText(o) ?? '').trim();
      let id = typeof o === 'object' && o.id ? String(o.id) : previous.find((p) => p.text === text)?.id ?? `opt${i + 1}`;
      while (used.has(id)) id = `${id}_${i + 1}`;
      used.add(id);
      return { id, text };
    });
  }

  /** correctAnswers as option ids; numbers are indexes into options (pollSchemas.ts). */
  private correctIds(raw: (string | number)[] | undefined, options: PollOption[]): string[] {
    return (raw ?? [])
      .map((c) => (typeof c === 'number' ? options[c]?.id : options.some((o) => o.id === c) ? c : undefined))
      .filter((c): c is string => typeof c === 'string');
  }
}
