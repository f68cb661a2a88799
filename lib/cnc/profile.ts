// The CnC widget is read through a selector profile: data, one file per known widget version, so that a
// changed widget is a profile change and not a code change. The diagnostics view lists what matched.
import { CNC_MODULES, type CncModule } from '../model/context';
import type { QnaProfile } from './qna-profile';
import kep2026 from './profiles/kep-2026.json';

export interface SelectorProfile {
  id: string;
  description: string;
  widgetRoot: string;
  moderatorMarkup: string;
  widgetEntryIdAttribute: string;
  modules: Record<CncModule, string>;
  /** The Q&A rows and controls, when the profile knows them. */
  qna?: QnaProfile;
}

export const PROFILES: readonly SelectorProfile[] = [kep2026 as unknown as SelectorProfile];

export function profileById(id: string): SelectorProfile | undefined {
  return PROFILES.find((p) => p.id === id);
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
  const modules = CNC_MODULES.filter((m) => count(`module: ${m}`, profile.modules[m]) > 0);
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
    for (const spec of [qna.id, qna.state, qna.authorId, qna.answeredLive, qna.time, qna.votes, qna.handledBy, qna.connection, qna.me]) {
      if (spec?.attr) names.add(spec.attr);
    }
  }
  return [...names];
}
