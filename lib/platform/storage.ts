// Storage areas. `session` lives in memory for the browser session and survives a stopped service worker
// (Chrome) or an unloaded event page (Firefox); `local` survives a browser restart. A KS goes only to
// `session` unless the moderator opts in.
import { browser } from 'wxt/browser';

export interface StorageArea {
  get<T>(key: string): Promise<T | undefined>;
  getAll(): Promise<Record<string, unknown>>;
  /** Several keys in one read (absent keys are left out). */
  getMany(keys: string[]): Promise<Record<string, unknown>>;
  set(values: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

function area(name: 'session' | 'local'): StorageArea {
  const store = () => browser.storage[name];
  return {
    async get<T>(key: string) {
      return (await store().get(key))[key] as T | undefined;
    },
    async getAll() {
      return store().get(null);
    },
    async getMany(keys) {
      return keys.length ? store().get(keys) : {};
    },
    set: (values) => store().set(values),
    remove: (keys) => store().remove(keys),
  };
}

export const sessionStorage = area('session');
export const localStorage = area('local');
