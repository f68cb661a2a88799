// The CnC widget is read through a selector profile: data, one file per known widget (lib/cnc/profiles/*.json,
// language v2: profile-schema.ts), so that a changed widget is a profile change and not a code change. Every
// bundled profile is validated when loaded; the first whose widget root is on the page is used. The
// diagnostics view lists what matched.
import { CNC_MODULES, type CncModule } from '../model/context';
import { forOrigin, profileProblems, type ProfileV2 } from './profile-schema';

export type SelectorProfile = ProfileV2;

export interface LoadedProfiles {
  profiles: SelectorProfile[];
  /** Profiles refused, with every problem (path: what is wrong). */
  refused: Array<{ source: string; problems: string[] }>;
}

/** Validates raw profiles (bundled files, an import): the good ones in order, the refused with reasons. */
export function loadProfiles(raw: ReadonlyArray<{ source: string; value: unknown }>): LoadedProfiles {
  const out: LoadedProfiles = { profiles: [], refused: [] };
  for (const { source, value } of raw) {
    const problems = profileProblems(value);
    if (problems.length) out.refused.push({ source, problems });
    else out.profiles.push(value as SelectorProfile);
  }
  return out;
}

// Every file in profiles/ is a bundled profile: adding a widget is adding a file. Sorted by name, so the
// detection order is stable (kep-2026 before kep-variant).
const BUNDLED = import.meta.glob<{ default: unknown }>('./profiles/*.json', { eager: true });
export const BUNDLED_PROFILES = loadProfiles(
  Object.keys(BUNDLED)
    .sort()
    .map((source) => ({ source, value: BUNDLED[source]!.default })),
);

export const PROFILES: readonly SelectorProfile[] = BUNDLED_PROFILES.profiles;

// ---- custom profiles (teach mode, lib/cnc/custom-profiles.ts): a moderator's own profiles, for their
// origin, go before the bundled ones (so they are preferred), in the same array every reader already uses.
const bundledCount = PROFILES.length;
export function useCustomProfiles(custom: readonly SelectorProfile[]): void {
  const all = PROFILES as SelectorProfile[];
  all.splice(0, all.length - bundledCount, ...custom);
}

export function profileById(id: string): SelectorProfile | undefined {
  return PROFILES.find((p) => p.id === id);
}

/** The profile as it applies on this origin (its per-origin overrides merged in). */
export function profileFor(id: string, origin: string | null | undefined): SelectorProfile | undefined {
  const profile = profileById(id);
  return profile ? forOrigin(profile, origin) : undefined;
}

export interface ProfileMatch {
  profileId: string;
  widgetPresent: boolean;
  moderatorMarkup: boolean;
  modules: CncModule[];
  widgetEntryId: string | null;
  /** For diagnostics: each selector and how many elements it matched. */
  matched: Array<{ name: string; selector: string; count: number }>;
}

/**
 * Reads a document (or any subtree) with each profile and keeps the first whose widget root matches.
 * Reactions may render outside the widget root (renderReactions takes its own element), so modules are
 * looked for in the whole document once the widget is there.
 */
export function matchProfiles(doc: ParentNode, profiles: readonly SelectorProfile[] = PROFILES): ProfileMatch {
  let fallback: ProfileMatch | null = null;
  for (const profile of profiles) {
    const match = matchProfile(doc, profile);
    if (match.widgetPresent) return match;
    fallback ??= match;
  }
  return fallback ?? { profileId: 'none', widgetPresent: false, moderatorMarkup: false, modules: [], widgetEntryId: null, matched: [] };
}

export function matchProfile(doc: ParentNode, profile: SelectorProfile): ProfileMatch {
  const matched: ProfileMatch['matched'] = [];
  const count = (name: string, selector: string) => {
    let n = 0;
    try {
      n = doc.querySelectorAll(selector).length;
    } catch {
      n = -1; // an invalid selector in a profile: shown in diagnostics, never thrown
    }
    matched.push({ name, selector, count: n });
    return n;
  };
  const root = count('widget root', profile.widgetRoot) > 0 ? safeQuery(doc, profile.widgetRoot) : null;
  const moderatorMarkup = count('moderator markup', profile.moderatorMarkup) > 0;
  const modules = CNC_MODULES.filter((m) => profile.modules[m] !== undefined && count(`module: ${m}`, profile.modules[m]!) > 0);
  const entryId = root?.getAttribute(profile.widgetEntryIdAttribute)?.slice(0, 64) ?? null;
  return {
    profileId: profile.id,
    widgetPresent: root !== null,
    moderatorMarkup,
    modules: root ? modules : [],
    widgetEntryId: entryId,
    matched,
  };
}

function safeQuery(doc: ParentNode, selector: string): Element | null {
  try {
    return doc.querySelector(selector);
  } catch {
    return null;
  }
}

/** Attributes whose changes matter to some profile's Q&A reading: the page observer watches only these. */
export function observedAttributes(profiles: readonly SelectorProfile[] = PROFILES): string[] {
  const names = new Set<string>();
  for (const { qna } of profiles) {
    if (!qna) continue;
    const specs = [...Object.values(qna.fields), qna.connection, qna.me, qna.id.from === 'fields' ? undefined : qna.id];
    if (!('byClass' in qna.state) && !('byContainer' in qna.state)) specs.push(qna.state);
    else if ('byClass' in qna.state) names.add('class');
    for (const spec of specs) if (spec?.attr) names.add(spec.attr);
  }
  return [...names];
}
