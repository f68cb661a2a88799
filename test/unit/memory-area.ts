// An in-memory storage area (the shape of lib/platform/storage's StorageArea) for unit tests and in-process
// benches: values are cloned in and out as the browser's storage does, keys read and bytes written are
// counted, and `failing` makes every write reject with that message (a full quota, a closed worker).
import type { StorageArea } from '@/lib/platform/storage';

export interface MemoryArea extends StorageArea {
  data: Map<string, unknown>;
  /** Keys read so far (present keys only). */
  read: number;
  /** Bytes written so far (key plus JSON value). */
  written: number;
  /** When set, set() and remove() reject with this message. */
  failing: string | null;
}

export function memoryArea(): MemoryArea {
  const data = new Map<string, unknown>();
  const area: MemoryArea = {
    data,
    read: 0,
    written: 0,
    failing: null,
    async get<T>(key: string) {
      if (data.has(key)) area.read++;
      return structuredClone(data.get(key)) as T | undefined;
    },
    async getAll() {
      area.read += data.size;
      return Object.fromEntries([...data].map(([k, v]) => [k, structuredClone(v)]));
    },
    async getMany(keys: string[]) {
      const present = keys.filter((k) => data.has(k));
      area.read += present.length;
      return Object.fromEntries(present.map((k) => [k, structuredClone(data.get(k))]));
    },
    async set(values: Record<string, unknown>) {
      if (area.failing) throw new Error(area.failing);
      for (const [k, v] of Object.entries(values)) {
        area.written += k.length + JSON.stringify(v).length;
        data.set(k, structuredClone(v));
      }
    },
    async remove(keys: string | string[]) {
      if (area.failing) throw new Error(area.failing);
      for (const k of Array.isArray(keys) ? keys : [keys]) data.delete(k);
    },
  };
  return area;
}
