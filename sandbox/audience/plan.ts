/**
 * The audience's script: a pure function of (seed, attendees, sessions, mix). The runner asks the
 * planner for the next action and performs it; the same seed gives the same sequence of actions.
 * Targets of upvotes, message reactions and poll votes are chosen at run time from what the bots have
 * seen so far, by the planned `pick` number, so the plan itself stays independent of server timing.
 */
import { REACTIONS } from '../site/widget-markup.js';
import { botName, chatLine, freshQuestion, HOSTILE, reword } from './corpus.js';
import { mulberry32, pick, weighted, type Rng } from './prng.js';

export const ACTION_KINDS = ['ask', 'chat', 'upvote', 'react', 'chatReact', 'vote'] as const;
export type BotActionKind = (typeof ACTION_KINDS)[number];
export type Mix = Record<BotActionKind, number>;

/** Default weights: a lively but plausible audience. */
export const DEFAULT_MIX: Mix = { ask: 10, chat: 40, upvote: 20, react: 20, chatReact: 5, vote: 5 };

export interface PlanSession {
  entryId: string;
  topics: readonly string[];
}

export interface PlannedAction {
  n: number;
  bot: number;
  entryId: string;
  kind: BotActionKind;
  text?: string;
  anonymous?: boolean;
  reaction?: string;
  /** Uniform in [0, 1): which target (question, message, poll option) to pick at run time. */
  pick: number;
}

export class Planner {
  private readonly rng: Rng;
  private n = 0;
  private readonly asked = new Map<string, string[]>();
  private readonly mixWeights: number[];

  constructor(
    readonly seed: number,
    readonly attendees: number,
    readonly sessions: readonly PlanSession[],
    mix: Partial<Mix> = {},
  ) {
    if (attendees < 1) throw new Error('the audience needs at least one attendee');
    if (sessions.length === 0) throw new Error('the audience needs at least one session');
    this.rng = mulberry32(seed);
    const full = { ...DEFAULT_MIX, ...mix };
    this.mixWeights = ACTION_KINDS.map((k) => full[k]);
  }

  /** Bot i's id and display name; names come from their own stream so they don't shift the plan. */
  static bot(seed: number, i: number): { userId: string; displayName: string } {
    return { userId: `bot-${String(i + 1).padStart(4, '0')}`, displayName: botName(mulberry32(seed * 7919 + i)) };
  }

  /** Bot i always attends the same session. */
  sessionOf(bot: number): PlanSession {
    return this.sessions[bot % this.sessions.length]!;
  }

  next(): PlannedAction {
    const r = this.rng;
    const bot = Math.floor(r() * this.attendees);
    const session = this.sessionOf(bot);
    const kind = ACTION_KINDS[weighted(r, this.mixWeights)]!;
    const a: PlannedAction = { n: ++this.n, bot, entryId: session.entryId, kind, pick: r() };
    if (kind === 'ask') {
      a.text = this.question(session);
      a.anonymous = r() < 0.15;
    } else if (kind === 'chat') {
      a.text = r() < 0.05 ? pick(r, HOSTILE) : chatLine(r);
    } else if (kind === 'react' || kind === 'chatReact') {
      a.reaction = pick(r, REACTIONS);
    }
    return a;
  }

  /** 60% fresh, 12% exact duplicate, 16% reworded near-duplicate, 12% hostile. */
  private question(s: PlanSession): string {
    const r = this.rng;
    const history = this.asked.get(s.entryId) ?? [];
    const roll = r();
    let text: string;
    if (history.length > 0 && roll < 0.12) text = pick(r, history);
    else if (history.length > 0 && roll < 0.28) text = reword(r, pick(r, history));
    else if (roll < 0.4) text = pick(r, HOSTILE);
    else {
      text = freshQuestion(r, s.topics);
      // Bounded history: enough for duplicates, no unbounded growth over a long run.
      if (history.length < 200) history.push(text);
    }
    this.asked.set(s.entryId, history);
    return text;
  }
}
