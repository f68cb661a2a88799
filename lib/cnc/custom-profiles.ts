// Custom selector profiles: a moderator's own profile for one event origin (taught in the panel's teach
// mode, or imported from a colleague's JSON), kept in storage.local and preferred on that origin over the
// bundled profiles. A custom profile is data like a bundled one, and it comes from outside the release, so it
// is checked harder: size and shape are bounded before the schema (lib/cnc/profile-schema.ts) validates it,
// on save and again on load (storage can be edited by hand). Nothing in a profile is ever run: it holds
// selectors, labels, attribute names and small numbers, and the content script only matches, clicks, types
// and waits with them.
import type { StorageArea } from '../platform/storage';
import { BUNDLED_PROFILES, useCustomProfiles, type SelectorProfile } from './profile';
import { profileProblems } from './profile-schema';

/** storage.local: origin → the custom profile saved for it. */
export const CUSTOM_PROFILES_KEY = 'custom-profiles';

export interface StoredCustomProfile {
  profile: SelectorProfile;
  savedAt: number;
}
export type CustomProfiles = Record<string, StoredCustomProfile>;

/** An imported file larger than this is not a profile (the bundled ones are about 10 KB). */
export const MAX_PROFILE_CHARS = 200_000;
const MAX_DEPTH = 12;
const MAX_VALUES = 5_000;
/** The sections a profile may have: anything else in an imported file is refused, not ignored. */
const SECTIONS = ['qna', 'announcements', 'chat', 'reactions'];
const TOP = ['version', 'id', 'description', 'widgetRoot', 'moderatorMarkup', 'widgetEntryIdAttribute', 'modules', 'overrides', ...SECTIONS];

export type CheckResult = { ok: true; profile: SelectorProfile } | { ok: false; problems: string[] };

/** An event origin as the extension keys it: https only, no path. Null for anything else. */
export function customOrigin(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

/**
 * The shape bounds the schema does not check: nesting, number of values, only data (strings, numbers,
 * booleans, null, plain objects and lists), no sections the language does not have.
 */
function shapeProblems(v: unknown): string[] {
  const problems: string[] = [];
  let values = 0;
  const walk = (x: unknown, path: string, depth: number) => {
    if (problems.length > 20) return;
    if (++values > MAX_VALUES) {
      if (values === MAX_VALUES + 1) problems.push(`(profile): more than ${MAX_VALUES} values: not a selector profile`);
      return;
    }
    if (depth > MAX_DEPTH) return void problems.push(`${path}: nested deeper than ${MAX_DEPTH} levels`);
    if (Array.isArray(x)) return x.forEach((y, i) => walk(y, `${path}[${i}]`, depth + 1));
    if (typeof x === 'object' && x !== null) {
      for (const [k, y] of Object.entries(x)) {
        if (k === '__proto__' || k === 'constructor' || k === 'prototype') problems.push(`${path ? `${path}.` : ''}${k}: a key a profile may not use`);
        else walk(y, path ? `${path}.${k}` : k, depth + 1);
      }
      return;
    }
    if (typeof x === 'string' && x.length > 2_000) problems.push(`${path}: longer than 2000 characters`);
    else if (!['string', 'number', 'boolean'].includes(typeof x) && x !== null) problems.push(`${path}: ${typeof x} is not data`);
  };
  walk(v, '', 0);
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    for (const k of Object.keys(v)) {
      if (!TOP.includes(k) && !k.startsWith('_')) problems.push(`${k}: unknown section (a profile has ${SECTIONS.join(', ')})`);
    }
  }
  return problems;
}

/** Every problem with a would-be custom profile (empty when it is good), each naming its path. */
export function customProfileProblems(v: unknown): string[] {
  const shape = shapeProblems(v);
  if (shape.length) return shape;
  return profileProblems(v);
}

export function checkProfile(v: unknown): CheckResult {
  const problems = customProfileProblems(v);
  return problems.length ? { ok: false, problems } : { ok: true, profile: v as SelectorProfile };
}

/** An imported file's text: JSON, bounded, then checked; the problems say what is wrong and where. */
export function checkProfileText(text: string): CheckResult {
  if (text.length > MAX_PROFILE_CHARS) return { ok: false, problems: [`(file): ${text.length} characters, more than a profile has (at most ${MAX_PROFILE_CHARS})`] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`(file): not JSON (${error instanceof Error ? error.message.slice(0, 120) : 'unreadable'})`] };
  }
  return checkProfile(value);
}

/** One line for the moderator: what is wrong with a refused profile (the first few problems). */
export function refusal(problems: readonly string[]): string {
  const shown = problems.slice(0, 4).join('; ');
  return `This profile is refused: ${shown}${problems.length > 4 ? ` (and ${problems.length - 4} more)` : ''}.`;
}

/** A profile as a file a colleague can import. */
export function exportText(profile: SelectorProfile): string {
  return `${JSON.stringify(profile, null, 2)}\n`;
}

export function exportFileName(profile: SelectorProfile): string {
  return `cnc-profile-${profile.id}.json`;
}

async function readAll(area: StorageArea): Promise<CustomProfiles> {
  const raw = await area.get<unknown>(CUSTOM_PROFILES_KEY);
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as CustomProfiles) : {};
}

/** The custom profile of an origin, checked again (null when none, or when the stored one is refused). */
export async function loadCustomProfile(area: StorageArea, origin: string): Promise<SelectorProfile | null> {
  const stored = (await readAll(area))[origin];
  if (!stored) return null;
  const checked = checkProfile(stored.profile);
  return checked.ok ? checked.profile : null;
}

/** Every valid custom profile, whatever its origin (the background knows them all). */
export async function loadAllCustomProfiles(area: StorageArea): Promise<Array<{ origin: string; profile: SelectorProfile; savedAt: number }>> {
  const out: Array<{ origin: string; profile: SelectorProfile; savedAt: number }> = [];
  for (const [origin, stored] of Object.entries(await readAll(area))) {
    if (customOrigin(origin) !== origin) continue;
    const checked = checkProfile(stored?.profile);
    if (checked.ok) out.push({ origin, profile: checked.profile, savedAt: stored.savedAt });
  }
  return out;
}

/**
 * Saves a profile for an origin, after checking it. Its id must not be a bundled profile's or another
 * origin's custom profile's (the background knows every custom profile by id): a clashing id gets the
 * origin's host appended. Returns the profile as saved.
 */
export async function saveCustomProfile(area: StorageArea, origin: string, value: unknown, now = Date.now()): Promise<CheckResult> {
  if (customOrigin(origin) !== origin) return { ok: false, problems: [`(origin): expected an https origin like 'https://events.example.com', got '${String(origin).slice(0, 80)}'`] };
  const checked = checkProfile(value);
  if (!checked.ok) return checked;
  const all = await readAll(area);
  const taken = new Set([...BUNDLED_PROFILES.profiles.map((p) => p.id), ...Object.entries(all).filter(([o]) => o !== origin).map(([, s]) => s?.profile?.id)]);
  let profile = checked.profile;
  if (taken.has(profile.id)) {
    const host = new URL(origin).host.replace(/[^a-z0-9.-]/gi, '-');
    profile = { ...profile, id: `${profile.id}.${host}`.slice(0, 64) };
  }
  await area.set({ [CUSTOM_PROFILES_KEY]: { ...all, [origin]: { profile, savedAt: now } } });
  return { ok: true, profile };
}

export async function removeCustomProfile(area: StorageArea, origin: string): Promise<void> {
  const all = await readAll(area);
  if (!(origin in all)) return;
  delete all[origin];
  await area.set({ [CUSTOM_PROFILES_KEY]: all });
}

/**
 * Puts the custom profiles in use in this context (before the bundled ones): the content script passes its
 * page's origin (only that origin's profile), the background none (every origin's). Returns their ids.
 */
export async function installCustomProfiles(area: StorageArea, origin: string | null): Promise<string[]> {
  let profiles: SelectorProfile[];
  if (origin) {
    const one = await loadCustomProfile(area, origin);
    profiles = one ? [one] : [];
  } else {
    profiles = (await loadAllCustomProfiles(area)).map((c) => c.profile);
  }
  useCustomProfiles(profiles);
  return profiles.map((p) => p.id);
}
