// Why an announcement did not go out, as the panel shows it. The reason carries the widget's own error text,
// which the page controls: it can be any length (a 300 KB error once made the composer a page long) and any
// characters. The panel shows a bounded head of it, as text, and says plainly that the rest was cut.

/** Characters of a reason the panel shows; a real refusal is a sentence or two. */
export const REASON_SHOWN_MAX = 500;

export interface BoundedReason {
  /** The head of the reason that is shown (the whole reason when it fits). */
  shown: string;
  /** UTF-16 units not shown; 0 when nothing was cut. */
  omitted: number;
}

/** The reason cut to `max` units, never inside a surrogate pair (half a character would show as U+FFFD). */
export function boundReason(reason: string, max = REASON_SHOWN_MAX): BoundedReason {
  if (reason.length <= max) return { shown: reason, omitted: 0 };
  let end = Math.max(0, max);
  const last = reason.charCodeAt(end - 1);
  const next = reason.charCodeAt(end);
  if (last >= 0xd800 && last <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) end--;
  return { shown: reason.slice(0, end), omitted: reason.length - end };
}

/** The visible mark after a cut reason. */
export function cutMark(omitted: number): string {
  return `… (${omitted.toLocaleString('en-US')} more characters not shown)`;
}

/** Characters of a reason kept in storage: enough for the shown head and its mark, never the page's 300 KB. */
export const REASON_STORED_MAX = 2_000;

/** The reason as stored with a failed scheduled announcement: bounded, marked with "…" when cut. */
export function storedReason(reason: string): string {
  const b = boundReason(reason, REASON_STORED_MAX);
  return b.omitted ? `${b.shown}…` : b.shown;
}
