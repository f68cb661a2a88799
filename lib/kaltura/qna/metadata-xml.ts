// The Kaltura-QnA custom metadata document that rides on every Q&A annotation.
//
// Schema (KALTURA.md §3 "Legacy webcast Q&A"; kaltura/server metadata_profile_schemas/QandA_default_schema.xml,
// an xsd:sequence, validated by the server element order included):
//   <metadata> Assignees* State? ThreadId? Type ThreadCreatorId? </metadata>
// State ∈ Pending|Assigned|Answered|FollowUp|Done|Cleared|Deleted, Type ∈ Question|Answer|Announcement|AnswerOnAir
// (playkit-js-qna src/qnaMessage.ts).
//
// The background is a service worker: no DOMParser. The document is flat, so a small strict tokenizer reads
// it. Decoding never throws: hostile or broken input is an error result.

export const QNA_STATES = ['Pending', 'Assigned', 'Answered', 'FollowUp', 'Done', 'Cleared', 'Deleted'] as const;
export const QNA_TYPES = ['Question', 'Answer', 'Announcement', 'AnswerOnAir'] as const;
export type QnaState = (typeof QNA_STATES)[number];
export type QnaType = (typeof QNA_TYPES)[number];

export interface QnaMetadata {
  /** Moderators handling the thread (a claim). */
  assignees: string[];
  state?: QnaState;
  /** The thread's root cue point id (absent on a root question, KALTURA.md §3 / playkit-js-qna qnaMessage.ts). */
  threadId?: string;
  type: QnaType;
  /** The asker: a user id, or `##…HashSeparator<digits>##` for a guest. */
  threadCreatorId?: string;
}

export type DecodeResult =
  | { ok: true; value: QnaMetadata; /** Unknown flat elements that were skipped, by name. */ ignored: string[] }
  | { ok: false; error: string };

/** Larger documents are not Kaltura-QnA metadata; refuse them before any work. */
export const MAX_XML_LENGTH = 64 * 1024;

/** The sequence, in schema order: element name → field. */
const SEQUENCE = ['Assignees', 'State', 'ThreadId', 'Type', 'ThreadCreatorId'] as const;
type ElementName = (typeof SEQUENCE)[number];

// XML 1.0 Char production: drop what libxml would refuse (C0 controls but \t \n \r, lone surrogates, U+FFFE/F).
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXmlText(text: string): string {
  return text
    .replace(NOT_XML_CHAR, '')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Encodes in schema order. Throws (a programming error) for a State or Type outside the enumerations. */
export function encodeQnaMetadata(m: QnaMetadata): string {
  if (!(QNA_TYPES as readonly string[]).includes(m.type)) throw new TypeError(`Kaltura-QnA has no Type "${String(m.type)}"`);
  if (m.state !== undefined && !(QNA_STATES as readonly string[]).includes(m.state)) {
    throw new TypeError(`Kaltura-QnA has no State "${String(m.state)}"`);
  }
  const el = (name: ElementName, value: string) => `<${name}>${escapeXmlText(value)}</${name}>`;
  const parts: string[] = m.assignees.map((a) => el('Assignees', a));
  if (m.state !== undefined) parts.push(el('State', m.state));
  if (m.threadId !== undefined) parts.push(el('ThreadId', m.threadId));
  parts.push(el('Type', m.type));
  if (m.threadCreatorId !== undefined) parts.push(el('ThreadCreatorId', m.threadCreatorId));
  return `<metadata>${parts.join('')}</metadata>`;
}

const NAME = '[A-Za-z_][\\w.:-]*';
const PROLOG = /^\uFEFF?\s*(?:<\?xml(?:\s[^?>]*)?\?>)?\s*/y;
const ROOT_OPEN = new RegExp(`<metadata(?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*\\s*(/?)>`, 'y');
// One child: whitespace, a comment, an empty element, or an element holding text/CDATA only.
const CHILD = new RegExp(
  `\\s+|<!--(?:(?!--)[\\s\\S])*-->|<(${NAME})\\s*/>|<(${NAME})\\s*>((?:[^<]|<!\\[CDATA\\[[\\s\\S]*?\\]\\]>)*)</(${NAME})\\s*>`,
  'y',
);
const ROOT_CLOSE = /<\/metadata\s*>\s*$/y;

export function decodeQnaMetadata(xml: unknown): DecodeResult {
  try {
    return decode(xml);
  } catch (error) {
    // Belt and braces: the tokenizer has no throwing paths we know of.
    return { ok: false, error: `unreadable metadata (${error instanceof Error ? error.message : 'unknown error'})` };
  }
}

function decode(xml: unknown): DecodeResult {
  if (typeof xml !== 'string') return { ok: false, error: 'the metadata is not text' };
  if (xml.length > MAX_XML_LENGTH) return { ok: false, error: 'the metadata is implausibly large' };
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return { ok: false, error: 'the metadata declares a DTD, which Kaltura-QnA never does' };

  PROLOG.lastIndex = 0;
  PROLOG.exec(xml);
  let pos = PROLOG.lastIndex;
  ROOT_OPEN.lastIndex = pos;
  const open = ROOT_OPEN.exec(xml);
  if (!open) return { ok: false, error: 'the root element is not <metadata>' };
  pos = ROOT_OPEN.lastIndex;
  const children: [string, string][] = [];
  if (open[1] === '/') {
    if (xml.slice(pos).trim() !== '') return { ok: false, error: 'content after </metadata>' };
  } else {
    for (;;) {
      ROOT_CLOSE.lastIndex = pos;
      if (ROOT_CLOSE.test(xml)) break;
      CHILD.lastIndex = pos;
      const m = CHILD.exec(xml);
      if (!m) return { ok: false, error: `malformed or nested XML near "${xml.slice(pos, pos + 24)}"` };
      pos = CHILD.lastIndex;
      if (m[1]) children.push([m[1], '']);
      else if (m[2]) {
        if (m[2] !== m[4]) return { ok: false, error: `<${m[2]}> is closed by </${m[4]}>` };
        const text = decodeText(m[3] ?? '');
        if (text === null) return { ok: false, error: `<${m[2]}> holds an unknown entity or a stray "&"` };
        children.push([m[2], text]);
      }
    }
  }
  return fromChildren(children);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Entity-decodes text (CDATA sections verbatim); null for a broken or unknown entity. */
function decodeText(raw: string): string | null {
  let out = '';
  let broken = false;
  for (const piece of raw.split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)) {
    if (piece.startsWith('<![CDATA[')) {
      out += piece.slice(9, -3);
      continue;
    }
    out += piece.replace(/&([^;&\s]{0,12});|&/g, (whole, name: string | undefined) => {
      if (name === undefined) {
        broken = true;
        return '';
      }
      if (name.startsWith('#')) {
        const code = /^#x[0-9a-f]{1,6}$/i.test(name) ? parseInt(name.slice(2), 16) : /^#\d{1,7}$/.test(name) ? parseInt(name.slice(1), 10) : NaN;
        if (!Number.isInteger(code) || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
          broken = true;
          return '';
        }
        return String.fromCodePoint(code);
      }
      const v = ENTITIES[name];
      if (v === undefined) broken = true;
      return v ?? whole;
    });
  }
  return broken ? null : out;
}

/** Checks the children against the xsd:sequence and builds the fields. Unknown elements are skipped. */
function fromChildren(children: [string, string][]): DecodeResult {
  const value: QnaMetadata = { assignees: [], type: 'Question' };
  const ignored: string[] = [];
  let typeSeen = false;
  let at = 0; // index in SEQUENCE of the last known element
  const seen = new Set<ElementName>();
  for (const [name, rawText] of children) {
    const index = (SEQUENCE as readonly string[]).indexOf(name);
    if (index < 0) {
      ignored.push(name);
      continue;
    }
    const el = name as ElementName;
    if (index < at) return { ok: false, error: `<${el}> comes after <${SEQUENCE[at]}>, against the schema's order` };
    if (el !== 'Assignees' && seen.has(el)) return { ok: false, error: `<${el}> appears twice` };
    seen.add(el);
    at = index;
    const text = rawText.trim();
    switch (el) {
      case 'Assignees':
        if (text !== '') value.assignees.push(text);
        break;
      case 'State':
        if (!(QNA_STATES as readonly string[]).includes(text)) return { ok: false, error: `State "${text.slice(0, 40)}" is not a Kaltura-QnA state` };
        value.state = text as QnaState;
        break;
      case 'ThreadId':
        if (text !== '') value.threadId = text;
        break;
      case 'Type':
        if (!(QNA_TYPES as readonly string[]).includes(text)) return { ok: false, error: `Type "${text.slice(0, 40)}" is not a Kaltura-QnA type` };
        value.type = text as QnaType;
        typeSeen = true;
        break;
      case 'ThreadCreatorId':
        if (text !== '') value.threadCreatorId = text;
        break;
    }
  }
  if (!typeSeen) return { ok: false, error: 'the metadata has no <Type>, which the schema requires' };
  return { ok: true, value, ignored };
}
