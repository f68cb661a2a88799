// Ids for rows the widget shows without one (profile `id: {"from": "fields", ...}`): synthesised from what
// the row shows. Pure; one instance per attached widget (it remembers which texts it has seen per anchor).
//
// The id is a hash of the anchor fields (author and time): stable across re-renders, reloads and an edit of
// the text. Only when the anchor does not identify a row (two questions by one author at one shown time) do
// the tie-break fields (the text) join the hash, and rows identical in every field get an ordinal (~2, ~3)
// in the order the list shows them.

/** FNV-1a over UTF-16 units, twice (two seeds) for 64 bits: enough that two questions never meet. */
function hash(s: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0).toString(36).padStart(7, '0') + (b >>> 0).toString(36).padStart(7, '0');
}

const SEP = '\u241f';

/** The id of a row whose anchor identifies it (the common case): what tests and tools can compute too. */
export function synthesisedId(anchor: ReadonlyArray<string | null>): string {
  return `s-${hash(anchor.map((v) => (v ?? '').trim()).join(SEP))}`;
}

function tieId(anchor: ReadonlyArray<string | null>, tie: ReadonlyArray<string | null>): string {
  return `s-${hash([...anchor, '', ...tie].map((v) => (v ?? '').trim()).join(SEP))}`;
}

export interface ShownRow {
  anchor: ReadonlyArray<string | null>;
  tie: ReadonlyArray<string | null>;
}

export class RowIdentity {
  /** anchor key → tie key → id: the texts seen under one author and time. */
  private seen = new Map<string, Map<string, string>>();

  /**
   * Ids for the rows rendered now, in list order. The batch must be every row rendered (not only changed
   * ones): whether a new text under a known anchor is an edit or a second question depends on whether the
   * first text is still shown.
   */
  assign(rows: readonly ShownRow[]): string[] {
    const anchorKeys = rows.map((r) => r.anchor.map((v) => (v ?? '').trim()).join(SEP));
    const tieKeys = rows.map((r) => r.tie.map((v) => (v ?? '').trim()).join(SEP));
    // Which ties each anchor shows now.
    const present = new Map<string, Set<string>>();
    rows.forEach((_, i) => {
      const set = present.get(anchorKeys[i]!) ?? new Set<string>();
      set.add(tieKeys[i]!);
      present.set(anchorKeys[i]!, set);
    });
    const used = new Map<string, number>();
    return rows.map((row, i) => {
      const a = anchorKeys[i]!;
      const t = tieKeys[i]!;
      let known = this.seen.get(a);
      if (!known) this.seen.set(a, (known = new Map()));
      let id = known.get(t);
      if (!id) {
        const shownTies = present.get(a)!;
        const others = [...known.entries()].filter(([tie]) => tie !== t);
        const othersShown = others.some(([tie]) => shownTies.has(tie));
        if (known.size === 0 && shownTies.size === 1) id = synthesisedId(row.anchor);
        else if (others.length > 0 && !othersShown && new Set(others.map(([, x]) => x)).size === 1) id = others[0]![1]; // edited
        else id = known.size === 0 && [...shownTies][0] === t ? synthesisedId(row.anchor) : tieId(row.anchor, row.tie);
        known.set(t, id);
      }
      const n = (used.get(id) ?? 0) + 1;
      used.set(id, n);
      return n === 1 ? id : `${id}~${n}`;
    });
  }
}
