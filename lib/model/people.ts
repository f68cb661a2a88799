// Who an id is, by name: the panel gets claims ("handled by") and answer authors as bare user ids, while the
// same people often appear elsewhere with their display name (as the author of a question, or a chat sender).
// Pure: built from what the panel already holds, so co-moderators show by name where it is known, by id
// otherwise (never a guess).

export interface NamedPerson {
  id: string | null;
  name: string | null;
  anonymous?: boolean;
}

export type PeopleNames = ReadonlyMap<string, string>;

/**
 * An id → display name lookup. Anonymous people, people without an id or name, and names that are only the
 * id again (the legacy webcast knows no display names) are left out; the first name seen for an id wins, so
 * pass the most trusted source first.
 */
export function namesById(...sources: Iterable<NamedPerson>[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const source of sources) for (const p of source) addName(out, p);
  return out;
}

/** Adds one person to an id → name lookup under namesById's rules (kept incrementally by the inbox index). */
export function addName(names: Map<string, string>, p: NamedPerson): void {
  if (p.anonymous || !p.id || names.has(p.id)) return;
  const name = p.name?.trim();
  if (name && name !== p.id) names.set(p.id, name);
}

/** The name to show for `id`, and whether it is a name (false: only the id is known). */
export function displayName(names: PeopleNames, id: string): { text: string; named: boolean } {
  const name = names.get(id);
  return name ? { text: name, named: true } : { text: id, named: false };
}
