/**
 * The simulated audience: N bots acting at R actions per second overall, following the seeded plan
 * (plan.ts) through the paths real attendees use: the CnC action endpoint with each bot's own CnC JWT,
 * and the polls REST (`/polls/list`, `/polls/vote`) with each bot's page KS. It remembers what it sent
 * so a test or the bench can compare with the server's truth.
 */
import { PARTNER_ID, VIRTUAL_EVENT_ID } from '../demo-data.js';
import { signCncJwt } from '../kaltura/cnc-jwt.js';
import type { SandboxState } from '../state.js';
import { ACTION_PATH, SNAPSHOT_PATH } from '../cnc/protocol.js';
import type { CncWorld } from '../cnc/world.js';
import { ChatHostClient } from './client.js';
import { topicsFor } from './corpus.js';
import { ACTION_KINDS, Planner, type BotActionKind, type Mix, type PlannedAction } from './plan.js';

export interface AudienceConfig {
  attendees: number;
  /** Actions per second, all bots together. */
  rate: number;
  seed: number;
  /** Sessions to attend; default every CnC-backed session. */
  entryIds?: string[];
  mix?: Partial<Mix>;
  /** Most requests in flight at once (beyond it the audience falls behind rather than piling up). */
  maxInFlight?: number;
}

export interface SentItem {
  kind: 'ask' | 'chat';
  entryId: string;
  userId: string;
  text: string;
  ok: boolean;
  id?: string;
}

export interface AudienceStatus {
  running: boolean;
  config: AudienceConfig | null;
  planned: number;
  inFlight: number;
  counts: Record<BotActionKind | 'join' | 'refresh', { ok: number; failed: number }>;
  lastError: string | null;
  /** Seconds since start / retune, and actions started in that time. */
  elapsed: number;
}

const TICK_MS = 10;
/** How often one bot per session refreshes what the audience can see (approved questions, polls). */
const REFRESH_MS = 5_000;

interface Known {
  questions: string[];
  messages: string[];
  polls: { id: string; options: string[]; type: string }[];
}

export class Audience {
  private cfg: AudienceConfig | null = null;
  private planner: Planner | null = null;
  private timer: NodeJS.Timeout | null = null;
  private client: ChatHostClient | null = null;
  private base = 0;
  private startedInWindow = 0;
  private inFlight = 0;
  private readonly inFlightDone = new Set<() => void>();
  private readonly tokens = new Map<string, string>();
  private readonly kses = new Map<string, string>();
  private readonly joined = new Set<number>();
  private readonly known = new Map<string, Known>();
  private lastRefresh = new Map<string, number>();
  private lastError: string | null = null;
  readonly sent: SentItem[] = [];
  private counts = Audience.zero();

  constructor(
    private readonly state: SandboxState,
    private readonly world: CncWorld,
    private readonly port: () => number,
  ) {}

  private static zero(): AudienceStatus['counts'] {
    const c = {} as AudienceStatus['counts'];
    for (const k of [...ACTION_KINDS, 'join', 'refresh'] as const) c[k] = { ok: 0, failed: 0 };
    return c;
  }

  start(cfg: AudienceConfig): AudienceStatus {
    this.halt();
    const entryIds = cfg.entryIds ?? [...this.world.sessions.values()].filter((s) => s.settings.qnaBackend === 'cnc').map((s) => s.record.entryId);
    const sessions = entryIds.map((id) => ({ entryId: id, topics: topicsFor(this.world.session(id).record.title) }));
    this.cfg = { ...cfg, entryIds };
    this.planner = new Planner(cfg.seed, cfg.attendees, sessions, cfg.mix);
    for (let i = 0; i < cfg.attendees; i++) {
      const b = Planner.bot(cfg.seed, i);
      this.world.upsertUser({ userId: b.userId, displayName: b.displayName, role: 'attendee' });
    }
    this.client ??= new ChatHostClient(this.port());
    this.base = Date.now();
    this.startedInWindow = 0;
    if (cfg.rate > 0) {
      this.timer = setInterval(() => this.tick(), TICK_MS);
      this.timer.unref();
    }
    return this.status();
  }

  /** Change the rate (and mix) without replaying the plan; other changes restart it. */
  retune(patch: Partial<AudienceConfig>): AudienceStatus {
    if (!this.cfg) return this.start({ attendees: 1, rate: 0, seed: 1, ...patch });
    const next = { ...this.cfg, ...patch };
    if (next.seed !== this.cfg.seed || next.attendees !== this.cfg.attendees || JSON.stringify(next.entryIds) !== JSON.stringify(this.cfg.entryIds) || patch.mix) {
      return this.start(next);
    }
    this.cfg = next;
    this.base = Date.now();
    this.startedInWindow = 0;
    if (!this.timer && next.rate > 0) {
      this.timer = setInterval(() => this.tick(), TICK_MS);
      this.timer.unref();
    }
    return this.status();
  }

  private halt(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Stop issuing actions and wait (bounded) for those in flight. */
  async stop(waitMs = 30_000): Promise<AudienceStatus> {
    this.halt();
    const deadline = Date.now() + waitMs;
    while (this.inFlight > 0 && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.inFlightDone.add(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.status();
  }

  async close(): Promise<void> {
    await this.stop(5_000);
    this.client?.close();
    this.client = null;
  }

  status(): AudienceStatus {
    return {
      running: this.timer !== null,
      config: this.cfg,
      planned: this.startedInWindow,
      inFlight: this.inFlight,
      counts: structuredClone(this.counts),
      lastError: this.lastError,
      elapsed: (Date.now() - this.base) / 1000,
    };
  }

  private tick(): void {
    const cfg = this.cfg;
    if (!cfg || !this.planner) return;
    const due = Math.floor(((Date.now() - this.base) / 1000) * cfg.rate);
    const cap = cfg.maxInFlight ?? 256;
    // Bounded per tick: a stalled event loop catches up over several ticks, not in one burst.
    let budget = Math.max(1, Math.ceil((cfg.rate * TICK_MS) / 1000) * 4);
    while (this.startedInWindow < due && this.inFlight < cap && budget-- > 0) {
      this.startedInWindow++;
      this.track(this.perform(this.planner.next()));
    }
    for (const s of cfg.entryIds ?? []) this.maybeRefresh(s);
  }

  private track(p: Promise<void>): void {
    this.inFlight++;
    p.catch((e: unknown) => {
      this.lastError = e instanceof Error ? e.message : String(e);
    }).finally(() => {
      this.inFlight--;
      for (const f of this.inFlightDone) f();
      this.inFlightDone.clear();
    });
  }

  /** The bot's CnC JWT for its session (what the Events page hands the widget, KALTURA.md §2). */
  private jwt(userId: string, entryId: string): string {
    const key = `${userId}\u0000${entryId}`;
    let t = this.tokens.get(key);
    if (!t) {
      t = signCncJwt(this.state.partner().adminSecret, { partnerId: PARTNER_ID, uid: userId, contextId: entryId, groups: [], virtualEventId: VIRTUAL_EVENT_ID, exp: this.state.now() + 86400 });
      this.tokens.set(key, t);
    }
    return t;
  }

  private ks(userId: string): string {
    let k = this.kses.get(userId);
    if (!k) this.kses.set(userId, (k = this.state.pageUserKs(userId)));
    return k;
  }

  private knownOf(entryId: string): Known {
    let k = this.known.get(entryId);
    if (!k) this.known.set(entryId, (k = { questions: [], messages: [], polls: [] }));
    return k;
  }

  private async act(kind: BotActionKind | 'join', userId: string, entryId: string, action: Record<string, unknown>): Promise<{ ok: boolean; id?: string }> {
    const r = await this.client!.post(ACTION_PATH, this.jwt(userId, entryId), { entryId, action });
    const body = r.json as { ok?: boolean; id?: string; error?: string; message?: string } | null;
    const ok = r.status === 200 && body?.ok === true;
    this.counts[kind][ok ? 'ok' : 'failed']++;
    if (!ok) this.lastError = `${kind}: ${body?.error ?? r.status} ${body?.message ?? ''}`.trim();
    return { ok, ...(body?.id ? { id: body.id } : {}) };
  }

  private async perform(a: PlannedAction): Promise<void> {
    const { userId } = Planner.bot(this.cfg!.seed, a.bot);
    const entryId = a.entryId;
    if (!this.joined.has(a.bot)) {
      this.joined.add(a.bot);
      await this.act('join', userId, entryId, { type: 'join' });
    }
    const known = this.knownOf(entryId);
    const at = <T>(list: T[]): T | undefined => (list.length ? list[Math.floor(a.pick * list.length)] : undefined);
    switch (a.kind) {
      case 'ask':
      case 'chat': {
        const item: SentItem = { kind: a.kind, entryId, userId, text: a.text!, ok: false };
        this.sent.push(item);
        const r = await this.act(a.kind, userId, entryId, a.kind === 'ask' ? { type: 'qna.ask', text: a.text, anonymous: a.anonymous } : { type: 'chat.post', text: a.text });
        item.ok = r.ok;
        if (r.id) {
          item.id = r.id;
          // Bounded memory of targets; newest replace oldest.
          if (a.kind === 'chat') pushBounded(known.messages, r.id);
        }
        return;
      }
      case 'upvote': {
        const q = at(known.questions);
        if (q) await this.act('upvote', userId, entryId, { type: 'qna.upvote', questionId: q, on: true });
        return;
      }
      case 'react':
        await this.act('react', userId, entryId, { type: 'react', reaction: a.reaction });
        return;
      case 'chatReact': {
        const m = at(known.messages);
        if (m) await this.act('chatReact', userId, entryId, { type: 'chat.react', messageId: m, emoji: a.reaction, on: true });
        return;
      }
      case 'vote': {
        const p = at(known.polls);
        if (!p) return;
        const answer = p.type === 'OpenAnswers' ? { text: `I think ${a.pick < 0.5 ? 'yes' : 'no'}` } : { optionIds: [p.options[Math.floor(a.pick * 997) % p.options.length]!] };
        const r = await this.client!.post('/polls/vote', this.ks(userId), { pollId: p.id, ...answer });
        const ok = r.status === 200 && !(r.json as { error?: unknown } | null)?.error;
        this.counts.vote[ok ? 'ok' : 'failed']++;
        return;
      }
    }
  }

  /** One bot per session looks at the session now and then: approved questions to upvote, live polls. */
  private maybeRefresh(entryId: string): void {
    const now = Date.now();
    if (now - (this.lastRefresh.get(entryId) ?? 0) < REFRESH_MS) return;
    this.lastRefresh.set(entryId, now);
    const { userId } = Planner.bot(this.cfg!.seed, 0);
    const known = this.knownOf(entryId);
    this.track(
      (async () => {
        const snap = await this.client!.post(SNAPSHOT_PATH, this.jwt(userId, entryId), { entryId });
        const s = (snap.json as { snapshot?: { questions?: { id: string; state: string }[] } } | null)?.snapshot;
        if (s?.questions) known.questions = s.questions.filter((q) => q.state === 'approved').map((q) => q.id).slice(-500);
        this.counts.refresh[s ? 'ok' : 'failed']++;
        const polls = await this.client!.post('/polls/list', this.ks(userId), { contextId: entryId });
        const list = pollsFrom(polls.json);
        known.polls = list.filter((p) => p.state === 'Published').map((p) => ({ id: p._id, type: p.type, options: p.content?.options?.map((o) => o.id) ?? [] }));
      })(),
    );
  }
}

function pushBounded(list: string[], id: string, max = 500): void {
  list.push(id);
  if (list.length > max) list.splice(0, list.length - max);
}

interface PollLike {
  _id: string;
  state: string;
  type: string;
  content?: { options?: { id: string }[] };
}

/** The polls list answer, whether a bare array or wrapped (`{polls}`/`{items}`/`{objects}`). */
function pollsFrom(json: unknown): PollLike[] {
  if (Array.isArray(json)) return json as PollLike[];
  if (json && typeof json === 'object') {
    for (const k of ['polls', 'items', 'objects', 'data']) {
      const v = (json as Record<string, unknown>)[k];
      if (Array.isArray(v)) return v as PollLike[];
    }
  }
  return [];
}
