// Decides and shows desktop notifications per tab, keeping what was notified in storage.session so a
// restarted service worker neither repeats nor forgets, and the moderator's settings in storage.local.
import type { StorageArea } from '../platform/storage';
import {
  decide,
  DEFAULT_NOTIFY_SETTINGS,
  EMPTY_NOTIFY_STATE,
  type Attention,
  type Notice,
  type NotifySettings,
  type NotifyState,
} from './notify-policy';

const STATE_KEY = (tabId: number) => `notify:${tabId}`;
export const SETTINGS_KEY = 'notify-settings';

export interface NotifierDeps {
  session: StorageArea;
  local: StorageArea;
  attention(tabId: number): Promise<Attention>;
  show(tabId: number, notice: Notice): Promise<void>;
  now(): number;
}

export class Notifier {
  // One decision at a time per tab: decisions read and write the tab's state.
  private queues = new Map<number, Promise<void>>();
  // In-memory mirrors for this worker's life: onPending runs on every Q&A change of a busy session, so
  // it reads storage once per tab and writes only when something changed.
  private states = new Map<number, NotifyState>();
  private lastIds = new Map<number, string>();
  private cachedSettings: NotifySettings | null = null;

  constructor(private readonly deps: NotifierDeps) {}

  async settings(): Promise<NotifySettings> {
    this.cachedSettings ??= {
      ...DEFAULT_NOTIFY_SETTINGS,
      ...(await this.deps.local.get<Partial<NotifySettings>>(SETTINGS_KEY)),
    };
    return this.cachedSettings;
  }

  async saveSettings(patch: Partial<NotifySettings>): Promise<NotifySettings> {
    const next = { ...(await this.settings()), ...patch };
    await this.deps.local.set({ [SETTINGS_KEY]: next });
    this.cachedSettings = next;
    return next;
  }

  onPending(tabId: number, pendingIds: readonly string[], entryId: string, sessionName: string | null): Promise<void> {
    const run = async () => {
      const stored = this.states.get(tabId) ?? (await this.deps.session.get<NotifyState>(STATE_KEY(tabId))) ?? EMPTY_NOTIFY_STATE;
      // Same pending questions and nothing waiting to be told: nothing to decide (a vote, an audit entry…).
      const idsKey = pendingIds.join('\n');
      if (this.lastIds.get(tabId) === idsKey && !stored.queued.length) return;
      this.lastIds.set(tabId, idsKey);
      const [settings, attention] = await Promise.all([this.settings(), this.deps.attention(tabId)]);
      const { state, notice } = decide(stored, pendingIds, attention, settings, { entryId, sessionName, now: this.deps.now() });
      this.states.set(tabId, state);
      if (JSON.stringify(state) !== JSON.stringify(stored)) await this.deps.session.set({ [STATE_KEY(tabId)]: state });
      if (notice) await this.deps.show(tabId, notice);
    };
    const next = (this.queues.get(tabId) ?? Promise.resolve()).then(run, run);
    this.queues.set(tabId, next.catch(() => undefined));
    return next;
  }

  async forget(tabId: number): Promise<void> {
    this.queues.delete(tabId);
    this.states.delete(tabId);
    this.lastIds.delete(tabId);
    await this.deps.session.remove(STATE_KEY(tabId));
  }
}
