// Announcements of every event context, owned by the background: send now, the schedule, templates and
// history. The schedule lives in storage.local with one chrome.alarms alarm for the soonest item, so a
// scheduled announcement goes out when due with the panel closed, after a service-worker restart (the
// alarm wakes the worker; `start` runs `recover` and sends what is overdue) and after a browser restart.
// An announcement has one id and is handed out once (takeDue): never sent twice.
// An announcement belongs to the tab it was asked for from (TabBinding, kept with a scheduled item): it goes
// out there or nowhere. Any *.kaltura.com page can name an entry id, so "a tab showing this entry" is
// never a reason to hand it another tab's announcement.
import { normalizeAnnouncement, validateAnnouncement, SURFACE_CAPABILITIES, type AnnouncementSurface } from '../../model/announcements/compose';
import { historyEntryOf, recordHistory, type AnnouncementHistoryEntry } from '../../model/announcements/history';
import {
  EMPTY_SCHEDULE,
  nextAlarmAt,
  pendingAnnouncements,
  scheduleReducer,
  takeDue,
  type AnnouncementSchedule,
  type ScheduleEvent,
  type ScheduledAnnouncement,
} from '../../model/announcements/schedule';
import { DEFAULT_TEMPLATES, templatesReducer, type AnnouncementTemplate, type TemplatesEvent } from '../../model/announcements/templates';
import type { Alarms } from '../../platform/alarms';
import type { StorageArea } from '../../platform/storage';
import type { AnnouncementsAction, AnnouncementsView, SurfaceChoice } from '../../contracts/announcements';

export const ANNOUNCEMENT_ALARM = 'announcements';
const CONTEXT_PREFIX = 'announcements:';
const TEMPLATES_KEY = 'announcement-templates';
/** The context ids saved, so a worker start reads only those keys (storage.local also holds every event's chat and Q&A audits). */
const INDEX_KEY = 'announcements-index';
/** An alarm may fire a moment early by our clock: what is due within this is sent. */
const DUE_SLACK_MS = 1_000;

/** The tab an announcement was asked for from, and what that tab showed then. */
export interface TabBinding {
  tabId: number;
  /** The page's origin then: the same tab on another site is not the page that asked. */
  origin: string | null;
  partnerId: number | null;
}

export interface ContextAnnouncements {
  schedule: AnnouncementSchedule;
  history: AnnouncementHistoryEntry[];
  draft: string;
  /** The event's partner (for the webcast surface's ADMIN session when no tab is left). */
  partnerId: number | null;
  /** Per scheduled (or sending) item id: the tab that scheduled it. */
  bindings: Record<string, TabBinding>;
}

export interface Delivery {
  id: string;
  text: string;
  pin: boolean;
  surface: AnnouncementSurface;
  partnerId: number | null;
  /** The one tab it may go to; null for an item scheduled before tabs were recorded (it goes nowhere). */
  tab: TabBinding | null;
  /** From the schedule (the moderator may have left the tab since), not a send-now click. */
  scheduled: boolean;
}

export interface AnnouncementsDeps {
  local: StorageArea;
  alarms: Alarms;
  now(): number;
  newId(): string;
  /** Sends one announcement to the context on its surface; resolves once confirmed, throws with the reason. */
  deliver(contextId: string, delivery: Delivery): Promise<void>;
  onView(contextId: string): void;
  /** chrome.alarms' floor applies (packed extension). */
  packed?: boolean;
}

export interface ActingTab {
  choice: SurfaceChoice;
  /** Why this surface cannot pin, when it cannot (a pinned send is refused before anything goes out). */
  pinProblem?: string | null;
  /** Who the history names. */
  by: string;
  partnerId: number | null;
  /** The tab the moderator acted in: what it sends or schedules goes there only. */
  tab: TabBinding;
}

export class AnnouncementsService {
  private contexts = new Map<string, ContextAnnouncements>();
  /** Context ids listed in the saved index. */
  private indexed = new Set<string>();
  private templates: readonly AnnouncementTemplate[] = DEFAULT_TEMPLATES;
  private ready: Promise<void> | null = null;
  private sending = new Map<string, number>();
  private errors = new Map<string, string | null>();
  /** Per context: the id of the send-now that failed or was refused last (AnnouncementsView.failedSend). */
  private failedSends = new Map<string, string>();
  private alarmAt: number | null = null;

  constructor(private readonly deps: AnnouncementsDeps) {}

  /**
   * Once per worker life, before anything else: loads every context, turns items a dead worker left
   * `sending` into failures (never resent by themselves), sends what became due meanwhile, sets the alarm.
   */
  async start(): Promise<void> {
    await this.init();
    await this.runDue();
  }

  private init(): Promise<void> {
    this.ready ??= (async () => {
      const head = await this.deps.local.getMany([TEMPLATES_KEY, INDEX_KEY]);
      const index = head[INDEX_KEY];
      // Without an index the contexts were saved by an earlier version: found by prefix this once, then indexed.
      const all = Array.isArray(index)
        ? { ...head, ...(await this.deps.local.getMany((index as string[]).map((id) => CONTEXT_PREFIX + id))) }
        : await this.deps.local.getAll();
      const templates = all[TEMPLATES_KEY];
      if (Array.isArray(templates)) this.templates = templates as AnnouncementTemplate[];
      for (const [key, value] of Object.entries(all)) {
        if (!key.startsWith(CONTEXT_PREFIX) || !value || typeof value !== 'object') continue;
        const stored = value as Partial<ContextAnnouncements>;
        const contextId = key.slice(CONTEXT_PREFIX.length);
        const ctx: ContextAnnouncements = {
          schedule: stored.schedule && Array.isArray(stored.schedule.items) ? stored.schedule : EMPTY_SCHEDULE,
          history: Array.isArray(stored.history) ? stored.history : [],
          draft: typeof stored.draft === 'string' ? stored.draft : '',
          partnerId: typeof stored.partnerId === 'number' ? stored.partnerId : null,
          bindings: stored.bindings && typeof stored.bindings === 'object' ? stored.bindings : {},
        };
        const recovered = scheduleReducer(ctx.schedule, { type: 'recover', at: this.deps.now() });
        this.contexts.set(contextId, ctx);
        this.indexed.add(contextId);
        if (recovered !== ctx.schedule) {
          let history = ctx.history;
          for (const item of recovered.items) {
            const was = ctx.schedule.items.find((i) => i.id === item.id);
            if (was?.status === 'sending') history = recordHistory(history, historyEntryOf(item)!);
          }
          await this.save(contextId, { ...ctx, schedule: recovered, history });
        }
      }
      if (!Array.isArray(index)) await this.deps.local.set({ [INDEX_KEY]: [...this.indexed] });
    })();
    return this.ready;
  }

  async view(contextId: string, tab: ActingTab): Promise<AnnouncementsView> {
    await this.init();
    const ctx = this.context(contextId);
    return {
      contextId,
      surface: tab.choice.surface,
      surfaceProblem: tab.choice.problem,
      pinProblem: tab.choice.surface && SURFACE_CAPABILITIES[tab.choice.surface].pin ? (tab.pinProblem ?? null) : null,
      templates: [...this.templates],
      history: ctx.history,
      pending: pendingAnnouncements(ctx.schedule),
      draft: ctx.draft,
      sending: (this.sending.get(contextId) ?? 0) > 0,
      error: this.errors.get(contextId) ?? null,
      failedSend: this.failedSends.get(contextId) ?? null,
      nextAlarmAt: this.alarmAt,
    };
  }

  async act(contextId: string, action: AnnouncementsAction, tab: ActingTab): Promise<void> {
    await this.init();
    const ctx = this.context(contextId);
    if (tab.partnerId !== null && ctx.partnerId !== tab.partnerId) await this.save(contextId, { ...this.context(contextId), partnerId: tab.partnerId });
    switch (action.kind) {
      case 'refresh':
        break;
      case 'draft':
        await this.save(contextId, { ...this.context(contextId), draft: action.text.slice(0, 10_000) });
        break;
      case 'save-template':
        // With an id: the moderator edited that template (same id, new name and text).
        await this.setTemplates({ type: 'save', template: { id: action.id ?? this.deps.newId(), name: action.name, text: action.text } });
        break;
      case 'delete-template':
        await this.setTemplates({ type: 'delete', id: action.id });
        break;
      case 'cancel':
        await this.setSchedule(contextId, { type: 'cancel', id: action.id });
        break;
      case 'schedule': {
        const problem = this.refusal(action.text, tab, action.pin);
        this.errors.set(contextId, problem);
        if (problem || !tab.choice.surface) break;
        // Bound before it exists, so no alarm finds it unbound; an id already scheduled keeps its tab.
        const before = this.context(contextId);
        if (!before.bindings[action.id] && !before.schedule.items.some((i) => i.id === action.id)) {
          await this.save(contextId, { ...before, bindings: { ...before.bindings, [action.id]: { ...tab.tab } } });
        }
        await this.setSchedule(contextId, {
          type: 'schedule',
          id: action.id,
          text: action.text,
          surface: tab.choice.surface,
          pin: action.pin && SURFACE_CAPABILITIES[tab.choice.surface].pin,
          by: tab.by,
          sendAt: action.sendAt,
          now: this.deps.now(),
          packed: this.deps.packed ?? true,
        });
        await this.save(contextId, { ...this.context(contextId), draft: '' });
        break;
      }
      case 'send': {
        const problem = this.refusal(action.text, tab, action.pin);
        this.errors.set(contextId, problem);
        if (problem) this.failedSends.set(contextId, action.id);
        if (problem || !tab.choice.surface) break;
        // One id, one announcement: a second click on the same one does nothing.
        if (this.context(contextId).history.some((h) => h.id === action.id && h.result.status === 'sent')) break;
        const surface = tab.choice.surface;
        const pin = action.pin && SURFACE_CAPABILITIES[surface].pin;
        // The draft is emptied once the announcement is out, not before: a failed send keeps its text.
        await this.sendOne(
          contextId,
          { id: action.id, text: action.text, pin, surface, partnerId: tab.partnerId, tab: { ...tab.tab }, scheduled: false },
          tab.by,
        );
        return;
      }
    }
    this.deps.onView(contextId);
  }

  /** The alarm fired (or the worker started): send what is due, then set the alarm for the next one. */
  async runDue(): Promise<void> {
    await this.init();
    const now = this.deps.now();
    const work: Promise<void>[] = [];
    for (const [contextId, ctx] of this.contexts) {
      const { schedule, due } = takeDue(ctx.schedule, now + DUE_SLACK_MS);
      if (!due.length) continue;
      // Claimed (persisted as `sending`) before anything goes out.
      await this.save(contextId, { ...ctx, schedule });
      this.deps.onView(contextId);
      for (const item of due) work.push(this.sendScheduled(contextId, item));
    }
    await Promise.all(work);
    await this.reschedule();
  }

  private async sendScheduled(contextId: string, item: ScheduledAnnouncement): Promise<void> {
    const before = this.context(contextId);
    const tab = before.bindings[item.id] ?? null;
    const partnerId = tab ? tab.partnerId : before.partnerId;
    let event: ScheduleEvent;
    try {
      await this.deps.deliver(contextId, { id: item.id, text: item.text, pin: item.pin, surface: item.surface, partnerId, tab, scheduled: true });
      event = { type: 'sent', id: item.id, at: this.deps.now() };
    } catch (error) {
      event = { type: 'failed', id: item.id, at: this.deps.now(), reason: reasonOf(error) };
    }
    const ctx = this.context(contextId);
    const schedule = scheduleReducer(ctx.schedule, event);
    const done = schedule.items.find((i) => i.id === item.id);
    const entry = done ? historyEntryOf(done) : null;
    const { [item.id]: _done, ...bindings } = ctx.bindings;
    await this.save(contextId, { ...ctx, schedule, bindings, history: entry ? recordHistory(ctx.history, entry) : ctx.history });
    this.deps.onView(contextId);
  }

  private async sendOne(contextId: string, delivery: Delivery, by: string): Promise<void> {
    this.sending.set(contextId, (this.sending.get(contextId) ?? 0) + 1);
    this.deps.onView(contextId);
    let entry: AnnouncementHistoryEntry | null;
    try {
      await this.deps.deliver(contextId, delivery);
      entry = { id: delivery.id, text: delivery.text, sentAt: this.deps.now(), by, surface: delivery.surface, result: { status: 'sent' }, pinned: delivery.pin };
      this.errors.set(contextId, null);
      if (this.failedSends.get(contextId) === delivery.id) this.failedSends.delete(contextId);
    } catch (error) {
      // Not recorded as an announcement (it was not made): the composer keeps the text, with the reason.
      entry = null;
      this.errors.set(contextId, `Not sent: ${reasonOf(error)}`);
      this.failedSends.set(contextId, delivery.id);
    } finally {
      this.sending.set(contextId, (this.sending.get(contextId) ?? 1) - 1);
    }
    const ctx = this.context(contextId);
    const same = normalizeAnnouncement(ctx.draft) === normalizeAnnouncement(delivery.text);
    // Sent: the draft that was this text is done. Failed: the text is the draft again (a closed panel finds it).
    // A "Send again" of an earlier failure (it is in the history) leaves the composer alone.
    const resend = ctx.history.some((h) => h.id === delivery.id);
    const draft = entry ? (same ? '' : ctx.draft) : !resend && ctx.draft.trim() === '' ? delivery.text : ctx.draft;
    await this.save(contextId, { ...ctx, draft, history: entry ? recordHistory(ctx.history, entry) : ctx.history });
    this.deps.onView(contextId);
  }

  private refusal(text: string, tab: ActingTab, pin = false): string | null {
    const check = validateAnnouncement(text);
    if (!check.ok) return check.error ?? 'The announcement cannot be sent.';
    if (tab.choice.problem) return tab.choice.problem;
    const surface = tab.choice.surface;
    if (pin && surface && SURFACE_CAPABILITIES[surface].pin && tab.pinProblem) return tab.pinProblem;
    return null;
  }

  private async setSchedule(contextId: string, event: ScheduleEvent): Promise<void> {
    const ctx = this.context(contextId);
    await this.save(contextId, { ...ctx, schedule: scheduleReducer(ctx.schedule, event) });
    await this.reschedule();
  }

  private async setTemplates(event: TemplatesEvent): Promise<void> {
    this.templates = templatesReducer(this.templates, event);
    await this.deps.local.set({ [TEMPLATES_KEY]: this.templates });
    // Every context shows the same templates.
    for (const contextId of this.contexts.keys()) this.deps.onView(contextId);
  }

  /** One alarm for the soonest scheduled item of any context. */
  private async reschedule(): Promise<void> {
    const now = this.deps.now();
    let next: number | null = null;
    for (const ctx of this.contexts.values()) {
      const at = nextAlarmAt(ctx.schedule, now, { packed: this.deps.packed ?? true });
      if (at !== null && (next === null || at < next)) next = at;
    }
    if (next === null) await this.deps.alarms.clear(ANNOUNCEMENT_ALARM);
    else if (next !== (await this.deps.alarms.get(ANNOUNCEMENT_ALARM))) await this.deps.alarms.set(ANNOUNCEMENT_ALARM, next);
    this.alarmAt = next;
  }

  private context(contextId: string): ContextAnnouncements {
    return this.contexts.get(contextId) ?? { schedule: EMPTY_SCHEDULE, history: [], draft: '', partnerId: null, bindings: {} };
  }

  private async save(contextId: string, ctx: ContextAnnouncements): Promise<void> {
    this.contexts.set(contextId, ctx);
    if (this.indexed.has(contextId)) return this.deps.local.set({ [CONTEXT_PREFIX + contextId]: ctx });
    this.indexed.add(contextId);
    try {
      await this.deps.local.set({ [CONTEXT_PREFIX + contextId]: ctx, [INDEX_KEY]: [...this.indexed] });
    } catch (error) {
      this.indexed.delete(contextId); // listed with its next save
      throw error;
    }
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
