import { describe, expect, it } from 'vitest';
import { TabStore } from '@/lib/session/tab-store';
import type { StorageArea } from '@/lib/platform/storage';
import type { TabRecord } from '@/lib/model/context';

const record = (tabId: number): TabRecord => ({ tabId, url: `https://1.events.kaltura.com/media/t/1_${tabId}`, state: 'attached', context: null, updatedAt: 0 });

/** storage.session as a Map that counts how many items each read returns. */
function area() {
  const data = new Map<string, unknown>();
  const reads = { items: 0 };
  const a: StorageArea = {
    async get<T>(key: string) {
      reads.items += data.has(key) ? 1 : 0;
      return structuredClone(data.get(key)) as T | undefined;
    },
    async getAll() {
      reads.items += data.size;
      return Object.fromEntries([...data].map(([k, v]) => [k, structuredClone(v)]));
    },
    async getMany(keys) {
      const hits = keys.filter((k) => data.has(k));
      reads.items += hits.length;
      return Object.fromEntries(hits.map((k) => [k, structuredClone(data.get(k))]));
    },
    async set(values) {
      for (const [k, v] of Object.entries(values)) data.set(k, structuredClone(v));
    },
    async remove(keys) {
      for (const k of Array.isArray(keys) ? keys : [keys]) data.delete(k);
    },
  };
  return { a, data, reads };
}

describe('TabStore', () => {
  it('a restarted worker reads its records through the index, not the whole of storage.session', async () => {
    const { a, data, reads } = area();
    const first = new TabStore(a);
    await first.put(record(3));
    await first.put(record(4));
    await first.remove(4);
    // A busy Q&A session keeps one key per question beside the records.
    for (let i = 0; i < 5_000; i++) data.set(`qna:3:q:${i}`, { id: String(i) });
    reads.items = 0;
    const restarted = new TabStore(a);
    expect(await restarted.get(3)).toMatchObject({ tabId: 3 });
    expect(await restarted.get(4)).toBeNull();
    expect(reads.items).toBeLessThan(10);
  });

  it('records saved before the index existed are still found, and the index is written', async () => {
    const { a, data } = area();
    data.set('tab:7', record(7));
    const store = new TabStore(a);
    expect(await store.get(7)).toMatchObject({ tabId: 7 });
    expect(data.get('tab-index')).toEqual([7]);
  });
});
