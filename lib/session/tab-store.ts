// The background's per-tab records. Kept in storage.session (lib/platform), so a stopped service worker
// (Chrome) or an unloaded event page (Firefox) comes back with every tab as it was.
import type { TabRecord } from '../model/context';
import type { StorageArea } from '../platform/storage';
import { markOnce } from '../platform/timeline';

const RECORD = 'tab:';
const KS = 'ks:';
/** The ids of the tabs that have a record. */
const INDEX = 'tab-index';

type Listener = (tabId: number, record: TabRecord | null) => void;

export class TabStore {
  private records = new Map<number, TabRecord>();
  private restoring: Promise<void> | null = null;
  private listeners = new Set<Listener>();

  constructor(private readonly area: StorageArea) {}

  /**
   * Loads every record once per worker life; later calls wait for the same load. Reads the index of tab
   * ids, then those records: storage.session also holds a busy session's questions (one key each), and
   * reading all of it to find a few records made a cold start seconds slower.
   */
  restore(): Promise<void> {
    this.restoring ??= (async () => {
      const index = await this.area.get<number[]>(INDEX);
      const all = Array.isArray(index) ? await this.area.getMany(index.map((id) => RECORD + id)) : await this.area.getAll();
      for (const [key, value] of Object.entries(all)) {
        if (key.startsWith(RECORD) && isRecord(value) && !this.records.has(value.tabId)) this.records.set(value.tabId, value);
      }
      // Written by an older version (no index yet): write it now.
      if (!Array.isArray(index)) await this.area.set({ [INDEX]: [...this.records.keys()] }).catch(() => undefined);
      markOnce('tabs-restored', this.records.size);
    })();
    return this.restoring;
  }

  /** The tabs that have a record. */
  async tabIds(): Promise<number[]> {
    await this.restore();
    return [...this.records.keys()];
  }

  async get(tabId: number): Promise<TabRecord | null> {
    await this.restore();
    return this.records.get(tabId) ?? null;
  }

  async put(record: TabRecord): Promise<void> {
    await this.restore();
    const known = this.records.has(record.tabId);
    this.records.set(record.tabId, record);
    await this.area.set({ [RECORD + record.tabId]: record, ...(known ? {} : { [INDEX]: [...this.records.keys()] }) });
    this.emit(record.tabId, record);
  }

  async remove(tabId: number): Promise<void> {
    await this.restore();
    this.records.delete(tabId);
    await this.area.remove([RECORD + tabId, KS + tabId]);
    await this.area.set({ [INDEX]: [...this.records.keys()] });
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
