import { describe, expect, it } from 'vitest';
import { BRIDGE_MARK_SCRIPT, BRIDGE_SCRIPT, CONTENT_SCRIPT } from '@/lib/platform/injection';
import { syncOriginScripts, type OriginScript, type OriginScripting } from '@/lib/platform/origins';

/** browser.scripting's registrations, as a map by id. */
function fakeScripting(initial: OriginScript[] = []) {
  const scripts = new Map(initial.map((s) => [s.id, s]));
  const scripting: OriginScripting = {
    getRegisteredContentScripts: async () => [...scripts.values()],
    registerContentScripts: async (list) => {
      for (const s of list) {
        if (scripts.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`); // as Chrome refuses it
        scripts.set(s.id, s);
      }
    },
    unregisterContentScripts: async ({ ids }) => ids.forEach((id) => scripts.delete(id)),
  };
  return { scripting, scripts };
}

const ORIGIN = 'https://events.example.com';

describe('syncOriginScripts: a granted origin gets what the manifest gives the Kaltura hosts', () => {
  it('registers the content script, the MAIN-world bridge and its mark for a new origin', async () => {
    const { scripting, scripts } = fakeScripting();
    await syncOriginScripts([ORIGIN], scripting);
    const byFile = Object.fromEntries([...scripts.values()].map((s) => [s.js[0], s]));
    expect(Object.keys(byFile).sort()).toEqual([BRIDGE_MARK_SCRIPT, BRIDGE_SCRIPT, CONTENT_SCRIPT].sort());
    for (const s of scripts.values()) expect(s.matches).toEqual([`${ORIGIN}/*`]);
    expect(byFile[CONTENT_SCRIPT]).toMatchObject({ runAt: 'document_idle' });
    expect(byFile[CONTENT_SCRIPT]!.world).toBeUndefined();
    expect(byFile[BRIDGE_SCRIPT]).toMatchObject({ runAt: 'document_start', world: 'MAIN' });
    expect(byFile[BRIDGE_MARK_SCRIPT]).toMatchObject({ runAt: 'document_start' });
    expect(byFile[BRIDGE_MARK_SCRIPT]!.world).toBeUndefined();
  });

  it('keeps what is registered, adds only what is missing, and removes a revoked origin', async () => {
    const { scripting, scripts } = fakeScripting();
    await syncOriginScripts([ORIGIN], scripting);
    const before = [...scripts.keys()];
    // A worker start with the same grant plus one more: no duplicate registration (Chrome would refuse it).
    await syncOriginScripts([ORIGIN, 'https://other.example.org'], scripting);
    expect(scripts.size).toBe(6);
    expect(before.every((id) => scripts.has(id))).toBe(true);
    await syncOriginScripts(['https://other.example.org'], scripting);
    expect([...scripts.values()].every((s) => s.matches[0] === 'https://other.example.org/*')).toBe(true);
    expect(scripts.size).toBe(3);
  });
});
