// Custom profiles: saved per origin after the schema's check, checked again on load, preferred over the
// bundled ones where they apply; an imported file that is malformed or hostile is refused with the reason.
import { afterEach, describe, expect, it } from 'vitest';
import variant from '@/lib/cnc/profiles/kep-variant.json';
import { checkProfileText, CUSTOM_PROFILES_KEY, exportText, installCustomProfiles, loadAllCustomProfiles, loadCustomProfile, refusal, removeCustomProfile, saveCustomProfile } from '@/lib/cnc/custom-profiles';
import { matchProfiles, profileById, PROFILES, useCustomProfiles } from '@/lib/cnc/profile';
import { memoryArea } from '../memory-area';

const ORIGIN = 'https://events.acme.test';
const taught = () => ({ ...structuredClone(variant), id: 'taught-acme', widgetRoot: 'fragen-app', moderatorMarkup: "fragen-app[data-role='moderator']", modules: { qna: 'fragen-app' } });

afterEach(() => useCustomProfiles([]));

describe('custom profiles', () => {
  it('saves a valid profile for its origin and loads it back; another origin has none', async () => {
    const area = memoryArea();
    const saved = await saveCustomProfile(area, ORIGIN, taught(), 1);
    expect(saved.ok).toBe(true);
    expect((await loadCustomProfile(area, ORIGIN))?.id).toBe('taught-acme');
    expect(await loadCustomProfile(area, 'https://other.test')).toBeNull();
    await removeCustomProfile(area, ORIGIN);
    expect(await loadCustomProfile(area, ORIGIN)).toBeNull();
  });

  it('refuses to save an invalid profile, and says what is wrong', async () => {
    const area = memoryArea();
    const bad = taught() as Record<string, unknown>;
    (bad.qna as { list: { row: string } }).list.row = 'div[[';
    const r = await saveCustomProfile(area, ORIGIN, bad);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.join()).toContain("qna.list.row: not a valid CSS selector 'div[['");
    expect(area.data.has(CUSTOM_PROFILES_KEY)).toBe(false);
  });

  it('does not load a stored profile that was edited into an invalid one', async () => {
    const area = memoryArea();
    await saveCustomProfile(area, ORIGIN, taught());
    const stored = area.data.get(CUSTOM_PROFILES_KEY) as Record<string, { profile: Record<string, unknown> }>;
    stored[ORIGIN]!.profile.version = 1;
    expect(await loadCustomProfile(area, ORIGIN)).toBeNull();
    expect(await loadAllCustomProfiles(area)).toEqual([]);
  });

  it('gives a custom profile whose id is a bundled one an id of its own', async () => {
    const area = memoryArea();
    const r = await saveCustomProfile(area, ORIGIN, structuredClone(variant));
    expect(r.ok && r.profile.id).toBe('kep-variant.events.acme.test');
  });

  it('refuses an origin that is not https', async () => {
    const r = await saveCustomProfile(memoryArea(), 'http://events.acme.test', taught());
    expect(!r.ok && r.problems[0]).toMatch(/https origin/);
  });

  it('installed for an origin, it is preferred over the bundled profiles', async () => {
    const area = memoryArea();
    // A custom profile for the variant widget's own root: it wins over the bundled kep-variant.
    await saveCustomProfile(area, ORIGIN, { ...structuredClone(variant), id: 'mine' });
    document.body.innerHTML = `<cnc-moderation data-role="moderator" data-modules="qna" data-entry-id="1_x"></cnc-moderation>`;
    expect(matchProfiles(document).profileId).toBe('kep-variant');
    expect(await installCustomProfiles(area, ORIGIN)).toEqual(['mine']);
    expect(matchProfiles(document).profileId).toBe('mine');
    expect(profileById('mine')?.id).toBe('mine');
    // Installing again replaces, never piles up; none leaves the bundled ones alone.
    await installCustomProfiles(area, ORIGIN);
    expect(PROFILES.filter((p) => p.id === 'mine')).toHaveLength(1);
    await installCustomProfiles(area, 'https://other.test');
    expect(PROFILES.map((p) => p.id)).toEqual(['kep-2026', 'kep-variant']);
  });

  it('exports a profile as JSON that imports back to the same profile', () => {
    const r = checkProfileText(exportText(taught() as never));
    expect(r.ok && r.profile).toEqual(taught());
  });

  describe('an imported file that is malformed or hostile is refused with the reason', () => {
    const refused = (text: string) => {
      const r = checkProfileText(text);
      expect(r.ok).toBe(false);
      return r.ok ? '' : refusal(r.problems);
    };
    it('not JSON', () => expect(refused('{"version": 2,')).toMatch(/^This profile is refused: \(file\): not JSON/));
    it('an old version', () => expect(refused(JSON.stringify({ ...taught(), version: 1 }))).toContain('version: expected 2, got number'));
    it('an unknown step kind (no scripts, no eval)', () => {
      const p = taught();
      (p.qna.actions.approve.steps as unknown[]).push({ script: 'alert(1)' });
      expect(refused(JSON.stringify(p))).toContain("qna.actions.approve.steps[2]: unknown step kind 'script'");
    });
    it('a section the language does not have', () => expect(refused(JSON.stringify({ ...taught(), onload: { code: 'x' } }))).toContain('onload: unknown section'));
    it('a prototype key', () => expect(refused(`{"version":2,"__proto__":{"polluted":true}}`)).toContain('__proto__: a key a profile may not use'));
    it('too big', () => expect(refused(' '.repeat(200_001))).toContain('more than a profile has'));
    it('nested too deep', () => {
      let deep: unknown = 'x';
      for (let i = 0; i < 20; i++) deep = { a: deep };
      expect(refused(JSON.stringify({ ...taught(), _junk: deep }))).toContain('nested deeper than 12 levels');
    });
    it('an over-long selector', () => {
      const p = taught();
      p.widgetRoot = `${'div '.repeat(600)}`;
      expect(refused(JSON.stringify(p))).toContain('widgetRoot: longer than 2000 characters');
    });
  });
});
