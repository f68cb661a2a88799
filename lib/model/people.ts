// Who an id is, by name: the panel gets claims ("handled by") and answer authors as bare user ids, while the
// same people often appear elsewhere with their display name (as the author of a question, or a chat sender).
// Pure: built from what the panel already holds, so co-moderators show by name where it is known, by id
// otherwise (never a guess).

export interface NamedPerson {
  id: string | null;
  name: string | null;
  anonymous?: boolean;
}

/**
 * Adds one person to an id → display name lookup (kept incrementally by the inbox index). Anonymous people,
 * people without an id or name, and names that are only the id again (the legacy webcast knows no display
 * names) are left out; the first name seen for an id wins, so add the most trusted source first.
 */
export function addName(names: Map<string, string>, p: NamedPerson): void {
  if (p.anonymous || !p.id || names.has(p.id)) return;
  const name = p.name?.trim();
  if (name && name !== p.id) names.set(p.id, name);
}
