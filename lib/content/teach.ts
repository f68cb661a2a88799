// Teach mode in the content script: the panel's teach view asks for a pick ("click a question row", "its
// author", "how do you approve it"), the picker overlay (lib/cnc/teach/picker.ts) waits for the moderator's
// click, and what it taught is kept as data (lib/cnc/teach/draft.ts) until the panel saves the draft as a
// custom profile. Works on any page the content script runs on, with or without a matching profile: teach
// mode is for the page whose widget no profile matches.
//
// Also here: this origin's custom profile, installed before the page is first read and again whenever the
// moderator saves or imports one (storage.onChanged, on the pages that may have one: PageProfileWatch), so
// that it is preferred over the bundled profiles.
import { browser } from 'wxt/browser';
import { CUSTOM_PROFILES_KEY, customOrigin, installCustomProfiles } from '../cnc/custom-profiles';
import { profileProblems } from '../cnc/profile-schema';
import { buildDraft, learnAnswer, learnAnswerVisibility, learnClick, learnField, learnRow, learnTabs, previewDraft, TEACH_ACTIONS, type TeachPicks } from '../cnc/teach/draft';
import { pickElement } from '../cnc/teach/picker';
import { setAbsent } from '../cnc/teach/absent';
import { localStorage } from '../platform/storage';
import { isTeachMessage, type TeachReply, type TeachTarget, type TeachView } from '../contracts/teach';

/**
 * This page's custom profile in use before the page watcher starts (a failed read leaves the bundled ones).
 * Resolves whether this origin has one.
 */
export async function installPageProfiles(url: string): Promise<boolean> {
  const origin = customOrigin(url);
  if (!origin) return false;
  const ids = await installCustomProfiles(localStorage, origin).catch(() => []);
  return ids.length > 0;
}

type Listener<A extends unknown[]> = { addListener(l: (...args: A) => void): void; removeListener(l: (...args: A) => void): void };

/** The storage change events a page's profile watch listens to (browser.storage; a fake in tests). */
export interface StorageChangeEvents {
  onChanged: Listener<[changes: Record<string, unknown>, area: string]>;
  /** The local area's own event (Chrome 73+, Firefox 76+): other areas' writes never reach the page. */
  local?: { onChanged?: Listener<[changes: Record<string, unknown>]> };
}

export interface PageProfileWatchDeps {
  url: string;
  /** After this origin's custom profile was saved, imported or removed, and installed again. */
  changed(): void;
  signal: AbortSignal;
  /** Installs this origin's custom profile again (default: from storage.local). */
  reinstall?(origin: string): Promise<unknown>;
  events?: StorageChangeEvents;
}

/**
 * Hears this origin's custom profile being saved, imported or removed, but only on a page that may have one:
 * listening at all costs the page on every write the extension makes to storage.local (the browser hands
 * each listening page the old and new values of every key written: chat and Q&A audits, announcement
 * schedules, settings), and the content script runs on every Kaltura page and granted custom domain. A page
 * listens once `listen()` is called: when its origin has a custom profile (installPageProfiles) or when the
 * panel's Teach view talks to it (the moderator may save or import one for it there). Other pages pay nothing.
 */
export class PageProfileWatch {
  private listening = false;

  constructor(private readonly deps: PageProfileWatchDeps) {}

  listen(): void {
    const origin = customOrigin(this.deps.url);
    if (this.listening || !origin || this.deps.signal.aborted) return;
    this.listening = true;
    const events = this.deps.events ?? (browser.storage as unknown as StorageChangeEvents);
    const reinstall = this.deps.reinstall ?? ((o: string) => installCustomProfiles(localStorage, o));
    const heard = (changes: Record<string, unknown>) => {
      if (!(CUSTOM_PROFILES_KEY in changes)) return;
      void reinstall(origin).then(() => this.deps.changed(), () => undefined);
    };
    const local = events.local?.onChanged;
    if (local) {
      local.addListener(heard);
      this.deps.signal.addEventListener('abort', () => local.removeListener(heard), { once: true });
      return;
    }
    const any = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local') heard(changes);
    };
    events.onChanged.addListener(any);
    this.deps.signal.addEventListener('abort', () => events.onChanged.removeListener(any), { once: true });
  }
}

const PROMPTS: Record<TeachTarget, string> = {
  row: 'Click a question in the list',
  text: 'Click the text of a question',
  author: 'Click the author of a question',
  votes: 'Click the votes of a question',
  time: 'Click the time of a question',
  handledBy: 'Click the “handled by” of a question you claimed',
  tab: 'Click the tab (or heading) of the pending questions',
  answer: 'Click the text of an answer under a question',
  visibility: 'Click the visibility of that answer (public or private)',
};

export interface TeachDeps {
  doc: Document;
  url(): string;
  now(): number;
  signal: AbortSignal;
  /** The panel's Teach view talked to this page (the page's profile watch starts listening). */
  used?(): void;
}

export class TeachFeature {
  private picks: TeachPicks = { fields: {}, tabStates: {}, actions: {} };
  private labels: TeachView['picked'] = {};
  private clicks = 0;
  private picking: AbortController | null = null;

  constructor(private readonly deps: TeachDeps) {
    deps.signal.addEventListener('abort', () => this.picking?.abort(), { once: true });
  }

  /** A teach message from the panel: answered (maybe after a pick), or undefined when it is not one. */
  onMessage(message: unknown): Promise<TeachReply> | undefined {
    // An instance whose life ended (a newer one took over the document) answers nothing.
    if (!isTeachMessage(message) || this.deps.signal.aborted) return undefined;
    this.deps.used?.();
    switch (message.type) {
      case 'teach-view':
        return Promise.resolve(this.reply());
      case 'teach-cancel':
        this.picking?.abort();
        return Promise.resolve(this.reply());
      case 'teach-reset':
        this.picking?.abort();
        this.picks = { fields: {}, tabStates: {}, actions: {} };
        this.labels = {};
        this.clicks = 0;
        return Promise.resolve(this.reply());
      case 'teach-state':
        if (Number.isInteger(message.tab) && message.tab >= 0 && message.tab < 20) this.picks.tabStates[message.tab] = message.state;
        return Promise.resolve(this.reply());
      case 'teach-clear':
        delete this.picks.actions[message.action];
        return Promise.resolve(this.reply());
      case 'teach-none':
        this.picks.absent = setAbsent(this.picks.absent, message.action, message.none === true);
        return Promise.resolve(this.reply());
      case 'teach-pick':
        return this.pick(message.target);
      case 'teach-record':
        return this.record(message.action, message.perform === true);
      default:
        return undefined;
    }
  }

  private async choose(prompt: string): Promise<Element | null> {
    this.picking?.abort();
    const picking = new AbortController();
    this.picking = picking;
    const abort = () => picking.abort();
    this.deps.signal.addEventListener('abort', abort, { once: true });
    try {
      return await pickElement(this.deps.doc, { prompt, signal: picking.signal });
    } finally {
      this.deps.signal.removeEventListener('abort', abort);
      if (this.picking === picking) this.picking = null;
    }
  }

  private async pick(target: TeachTarget): Promise<TeachReply> {
    if (!(target in PROMPTS)) return { ok: false, error: `Nothing to teach called ${String(target).slice(0, 40)}.` };
    if (target !== 'row' && !this.picks.row) return { ok: false, error: 'Click a question row first.', view: this.view() };
    const el = await this.choose(PROMPTS[target]);
    if (!el) return { ...this.reply(), cancelled: true } as TeachReply;
    this.clicks++;
    if (target === 'visibility' && !this.picks.answers) return { ok: false, error: "Click an answer's text first.", view: this.view() };
    const row = this.picks.row!;
    const learnt =
      target === 'row' ? learnRow(el)
      : target === 'tab' ? learnTabs(row, el)
      : target === 'answer' ? learnAnswer(row, el)
      : target === 'visibility' ? learnAnswerVisibility(this.picks.answers!, el)
      : learnField(row, el);
    if (!learnt.ok) return { ok: false, error: learnt.error, view: this.view() };
    if (target === 'row') this.picks.row = learnt.value as never;
    else if (target === 'answer') this.picks.answers = learnt.value as never;
    else if (target === 'visibility') this.picks.answers = { ...this.picks.answers!, visibility: learnt.value as never };
    else if (target === 'tab') {
      this.picks.tabs = learnt.value as never;
      this.picks.tabStates = {};
    } else this.picks.fields[target] = learnt.value as never;
    this.labels[target] = label(el);
    return this.reply();
  }

  private async record(action: (typeof TEACH_ACTIONS)[number], perform: boolean): Promise<TeachReply> {
    if (!TEACH_ACTIONS.includes(action)) return { ok: false, error: `Nothing to teach called ${String(action).slice(0, 40)}.` };
    if (!this.picks.row) return { ok: false, error: 'Click a question row first.', view: this.view() };
    const el = await this.choose(`Click what you click to ${action.replace('-', ' ')} (${perform ? 'performed: a test question only' : 'recorded, not performed'})`);
    if (!el) return { ...this.reply(), cancelled: true } as TeachReply;
    this.clicks++;
    const click = learnClick(this.picks.row, el);
    (this.picks.actions[action] ??= []).push(click);
    // Opening a menu changes nothing and shows the item to click next; anything else only on a test question.
    if (perform || click.opener) (el as HTMLElement).click?.();
    return this.reply();
  }

  private view(): TeachView {
    const origin = customOrigin(this.deps.url());
    const id = `taught-${(origin ? new URL(origin).host : 'page').replace(/[^a-z0-9.-]/gi, '-')}`.slice(0, 64);
    const draft = buildDraft(this.picks, id, `Taught in the panel on ${origin ?? 'this page'}.`);
    const problems = draft.profile ? profileProblems(draft.profile) : [];
    let preview = null;
    try {
      preview = draft.profile && !problems.length ? previewDraft(this.deps.doc, draft.profile, this.deps.now()) : null;
    } catch {
      preview = null;
    }
    const actions: TeachView['actions'] = {};
    for (const a of TEACH_ACTIONS) if (this.picks.actions[a]) actions[a] = this.picks.actions[a]!.map((c) => c.label);
    return {
      origin,
      picked: { ...this.labels },
      actions,
      none: [...(this.picks.absent ?? [])],
      tabs: draft.tabs,
      draft: draft.profile,
      notes: [...draft.notes, ...problems],
      preview,
      clicks: this.clicks,
    };
  }

  private reply(): TeachReply {
    return { ok: true, view: this.view() };
  }
}

function label(el: Element): string {
  const text = (el.getAttribute('aria-label') ?? el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);
  return `${el.getAttribute('role') ?? el.localName}${text ? ` “${text}”` : ''}`;
}
