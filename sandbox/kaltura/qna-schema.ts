/**
 * The Kaltura-QnA metadata profile and its XML validation (KALTURA.md §3 "Legacy webcast Q&A";
 * kaltura/server alpha/config/metadata_profile_schemas/QandA_default_schema.xml, an xsd:sequence):
 *   Assignees* , State? , ThreadId? , Type , ThreadCreatorId?
 * with State ∈ Pending|Assigned|Answered|FollowUp|Done|Cleared|Deleted and
 * Type ∈ Question|Answer|Announcement|AnswerOnAir (playkit-js-qna src/qnaMessage.ts).
 * Upstream validates with libxml (Metadata::validate → INVALID_METADATA_DATA); the messages here
 * imitate libxml's wording, the exact text is MODELED.
 */

export const QNA_PROFILE_SYSTEM_NAME = 'Kaltura-QnA';
export const QNA_OBJECT_TYPE = 'annotationMetadata.Annotation';
export const QNA_STATES = ['Pending', 'Assigned', 'Answered', 'FollowUp', 'Done', 'Cleared', 'Deleted'] as const;
export const QNA_TYPES = ['Question', 'Answer', 'Announcement', 'AnswerOnAir'] as const;

interface FieldRule {
  name: string;
  min: number;
  max: number;
  values?: readonly string[];
}

/** The xsd:sequence, in order. */
export const QNA_SEQUENCE: readonly FieldRule[] = [
  { name: 'Assignees', min: 0, max: Infinity },
  { name: 'State', min: 0, max: 1, values: QNA_STATES },
  { name: 'ThreadId', min: 0, max: 1 },
  { name: 'Type', min: 1, max: 1, values: QNA_TYPES },
  { name: 'ThreadCreatorId', min: 0, max: 1 },
];

export const QNA_XSD = `<?xml version="1.0"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <xsd:element name="metadata">
    <xsd:complexType>
      <xsd:sequence>
        <xsd:element name="Assignees" minOccurs="0" maxOccurs="unbounded" type="textType"/>
        <xsd:element name="State" minOccurs="0" maxOccurs="1"><xsd:simpleType><xsd:restriction base="listType">${QNA_STATES.map((v) => `<xsd:enumeration value="${v}"/>`).join('')}</xsd:restriction></xsd:simpleType></xsd:element>
        <xsd:element name="ThreadId" minOccurs="0" maxOccurs="1" type="textType"/>
        <xsd:element name="Type" minOccurs="1" maxOccurs="1"><xsd:simpleType><xsd:restriction base="listType">${QNA_TYPES.map((v) => `<xsd:enumeration value="${v}"/>`).join('')}</xsd:restriction></xsd:simpleType></xsd:element>
        <xsd:element name="ThreadCreatorId" minOccurs="0" maxOccurs="1" type="textType"/>
      </xsd:sequence>
    </xsd:complexType>
  </xsd:element>
</xsd:schema>`;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? m;
  });
}

export interface QnaFields {
  Assignees: string[];
  State?: string;
  ThreadId?: string;
  Type: string;
  ThreadCreatorId?: string;
}

/** Parse `<metadata>` with flat text children. Returns the children in order, or an error. */
function parseFlat(xml: string): { children: [string, string][] } | { error: string } {
  const body = xml.trim().replace(/^<\?xml[^?]*\?>\s*/, '');
  const root = /^<metadata\s*>([\s\S]*)<\/metadata>$/.exec(body) ?? (/^<metadata\s*\/>$/.test(body) ? ['', ''] : null);
  if (!root) return { error: 'Start tag expected, root element must be <metadata>' };
  const children: [string, string][] = [];
  const re = /\s*(?:<([A-Za-z_][\w.-]*)\s*\/>|<([A-Za-z_][\w.-]*)\s*>([^<]*)<\/([A-Za-z_][\w.-]*)\s*>)\s*/y;
  const inner = root[1] ?? '';
  let pos = 0;
  while (pos < inner.length) {
    re.lastIndex = pos;
    const m = re.exec(inner);
    if (!m || m.index !== pos) {
      if (inner.slice(pos).trim() === '') break;
      return { error: `malformed XML near "${inner.slice(pos, pos + 30)}"` };
    }
    if (m[1]) children.push([m[1], '']);
    else {
      if (m[2] !== m[4]) return { error: `Opening and ending tag mismatch: ${m[2]} and ${m[4]}` };
      children.push([m[2]!, decode(m[3] ?? '')]);
    }
    pos = re.lastIndex;
  }
  return { children };
}

/** Validate against the Kaltura-QnA sequence; returns the fields or a libxml-like error message. */
export function validateQnaXml(xml: string): { fields: QnaFields } | { error: string } {
  const parsed = parseFlat(xml);
  if ('error' in parsed) return parsed;
  const fields: QnaFields = { Assignees: [], Type: '' };
  let rule = 0;
  let count = 0;
  const expected = (from: number): string => {
    const names: string[] = [];
    for (let i = from; i < QNA_SEQUENCE.length; i++) {
      names.push(QNA_SEQUENCE[i]!.name);
      if (QNA_SEQUENCE[i]!.min > 0) break;
    }
    return names.join(', ');
  };
  for (const [name, value] of parsed.children) {
    // Advance through the sequence until `name` fits (skipping optional elements).
    while (rule < QNA_SEQUENCE.length && (QNA_SEQUENCE[rule]!.name !== name || count >= QNA_SEQUENCE[rule]!.max)) {
      if (count < QNA_SEQUENCE[rule]!.min) return { error: `Element '${name}': This element is not expected. Expected is ( ${QNA_SEQUENCE[rule]!.name} ).` };
      rule += 1;
      count = 0;
    }
    if (rule >= QNA_SEQUENCE.length) return { error: `Element '${name}': This element is not expected.` };
    const r = QNA_SEQUENCE[rule]!;
    if (r.values && !r.values.includes(value))
      return { error: `Element '${name}': [facet 'enumeration'] The value '${value}' is not an element of the set {'${r.values.join("', '")}'}.` };
    count += 1;
    if (name === 'Assignees') fields.Assignees.push(value);
    else (fields as unknown as Record<string, string>)[name] = value;
  }
  // Remaining required elements.
  for (let i = rule; i < QNA_SEQUENCE.length; i++) {
    const r = QNA_SEQUENCE[i]!;
    const have = i === rule ? count : 0;
    if (have < r.min) return { error: `Element 'metadata': Missing child element(s). Expected is ( ${expected(i)} ).` };
  }
  return { fields };
}

/** Serialise fields back to XML in schema order. */
export function qnaXml(f: Partial<QnaFields> & { Type: string }): string {
  const esc = (s: string): string => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
  const parts: string[] = [];
  for (const a of f.Assignees ?? []) parts.push(`<Assignees>${esc(a)}</Assignees>`);
  if (f.State !== undefined) parts.push(`<State>${esc(f.State)}</State>`);
  if (f.ThreadId !== undefined) parts.push(`<ThreadId>${esc(f.ThreadId)}</ThreadId>`);
  parts.push(`<Type>${esc(f.Type)}</Type>`);
  if (f.ThreadCreatorId !== undefined) parts.push(`<ThreadCreatorId>${esc(f.ThreadCreatorId)}</ThreadCreatorId>`);
  return `<metadata>${parts.join('')}</metadata>`;
}
