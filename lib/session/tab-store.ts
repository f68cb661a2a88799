// The background's per-tab records. Kept in storage.session (lib/platform), so a stopped service worker
// (Chrome) or an unloaded event page (Firefox) comes back with every tab as it was.
import type { TabRecord } from '../model/context';
import type { StorageArea } from '../platform/storage';

const RECORD = 'tab:';
const KS = 'ks:';

type Listener = (tabId: number, record: TabRecord | null) => void;

export class TabStore {
  private records = new Map<number, TabRecord>();
  private restoring: Promise<void> | null = null;
  private listeners = new Set<Listener>();

  constructor(private readonly area: StorageArea) {}

  /** Loads every record once per worker life; later calls wait for the same load. */
  restore(): Promise<void> {
    this.restoring ??= this.area.getAll().then((all) => {
      for (const [key, value] of Object.entries(all)) {
        if (key.startsWith(RECORD) && isRecord(value) && !this.records.has(value.tabId)) this.records.set(value.tabId, value);
      }
    });
    return this.restoring;
  }

  async get(tabId: number): Promise<TabRecord | null> {
    await this.restore();
    return this.records.get(tabId) ?? null;
  }

  async put(record: TabRecord): Promise<void> {
    await this.restore();
    this.records.set(record.tabId, record);
    await this.area.set({ [RECORD + record.tabId]: record });
    this.emit(record.tabId, record);
  }

  async remove(tabId: number): Promise<void> {
    await this.restore();
    this.records.delete(tabId);
    await this.area.remove([RECORD + tabId, KS + tabId]);
    this.emit(tabId, null);
  }

  /** The page's KS, kept apart from the record so that the record can go to the panel as it is. */
  async getKs(tabId: number): Promise<string | null> {
    return (await this.area.get<string>(KS + tabId)) ?? null;
  }

  async setKs(tabId: number, ks: string | null): Promise<void> {
    if (ks) await this.area.set({ [KS + tabId]: ks });
    else await this.area.remove(KS + tabId);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(tabId: number, record: TabRecord | null): void {
    for (const listener of this.listeners) listener(tabId, record);
  }
}

function isRecord(value: unknown): value is TabRecord {
  return typeof value === 'object' && value !== null && typeof (value as TabRecord).tabId === 'number';
}
