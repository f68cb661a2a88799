// Composing an announcement: plain text, a length limit, links found for display only.

/**
 * INFERRED / MODELED: no public source gives the CnC announcement limit. Kaltura's Q&A plugin, whose
 * Announcement annotations the legacy webcast surface uses, caps its input at 500 characters
 * (kaltura/playkit-js-qna src/components/auto-expand-text-area/autoExpandTextArea.tsx MAX_NUM_OF_CHARS).
 * Counted as the textarea's `maxLength` counts: UTF-16 code units.
 */
export const ANNOUNCEMENT_MAX_LENGTH = 500;

/** Where an announcement goes: the CnC widget's announcement control, or a Kaltura-QnA Announcement annotation. */
export type AnnouncementSurface = 'cnc-widget' | 'qna-annotation';

export interface SurfaceCapabilities {
  label: string;
  /** Can the moderator pin an announcement on this surface? */
  pin: boolean;
  /** Why pinning is absent, when it is. */
  pinAbsentReason?: string;
}

export const SURFACE_CAPABILITIES: Record<AnnouncementSurface, SurfaceCapabilities> = {
  // MODELED: the CnC moderator UI offers pin and unpin (knowledge.kaltura.com, KALTURA.md §6).
  'cnc-widget': { label: 'Chat & Collaborate', pin: true },
  // VERIFIED shape (QandA_default_schema.xml): an Announcement annotation has no pinned state.
  'qna-annotation': { label: 'Webcast Q&A', pin: false, pinAbsentReason: 'Webcast Q&A announcements cannot be pinned.' },
};

/** The text as it will be sent: line ends unified, trailing spaces and surrounding blank lines dropped. */
export function normalizeAnnouncement(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/u, ''))
    .join('\n')
    .trim();
}

export interface AnnouncementCheck {
  ok: boolean;
  /** Length of the text as sent. */
  length: number;
  remaining: number;
  /** A sentence for the moderator when not ok. */
  error?: string;
}

export function validateAnnouncement(text: string, max = ANNOUNCEMENT_MAX_LENGTH): AnnouncementCheck {
  const clean = normalizeAnnouncement(text);
  const length = clean.length;
  const remaining = max - length;
  if (!clean) return { ok: false, length, remaining, error: 'Write the announcement first.' };
  if (length > max) return { ok: false, length, remaining, error: `The announcement is ${length - max} characters too long (at most ${max}).` };
  // Control characters other than newline and tab would arrive as garbage.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(clean)) return { ok: false, length, remaining, error: 'The announcement contains invisible control characters: retype it.' };
  return { ok: true, length, remaining };
}

export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// http(s) URLs and bare www. hosts. Trailing punctuation stays outside the link.
const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"']+/giu;

/** The text cut into plain text and links (http and https only), for display. The text itself is unchanged. */
export function linkSegments(text: string): TextSegment[] {
  const out: TextSegment[] = [];
  let last = 0;
  for (const m of text.matchAll(LINK)) {
    let raw = m[0];
    const unbalanced = (r: string) => r.endsWith(')') && (r.match(/\(/g)?.length ?? 0) < (r.match(/\)/g)?.length ?? 0);
    while (/[.,;:!?\]}]$/.test(raw) || unbalanced(raw)) raw = raw.slice(0, -1);
    const start = m.index ?? 0;
    const href = /^www\./i.test(raw) ? `https://${raw}` : raw;
    let url: URL;
    try {
      url = new URL(href);
    } catch {
      continue;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') continue;
    if (start > last) out.push({ kind: 'text', text: text.slice(last, start) });
    out.push({ kind: 'link', text: raw, href: url.href });
    last = start + raw.length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}
