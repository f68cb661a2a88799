import { describe, expect, it } from 'vitest';
import { decodeQnaMetadata, encodeQnaMetadata, escapeXmlText, MAX_XML_LENGTH, QNA_STATES, QNA_TYPES, type QnaMetadata } from '@/lib/kaltura/qna/metadata-xml';

const full: QnaMetadata = { assignees: ['mod-a', 'mod-b'], state: 'Assigned', threadId: '1_root', type: 'Answer', threadCreatorId: 'asker@example.com' };

describe('Kaltura-QnA metadata XML', () => {
  it('encodes in the schema sequence: Assignees*, State?, ThreadId?, Type, ThreadCreatorId?', () => {
    expect(encodeQnaMetadata(full)).toBe(
      '<metadata><Assignees>mod-a</Assignees><Assignees>mod-b</Assignees><State>Assigned</State><ThreadId>1_root</ThreadId><Type>Answer</Type><ThreadCreatorId>asker@example.com</ThreadCreatorId></metadata>',
    );
    expect(encodeQnaMetadata({ assignees: [], type: 'Question' })).toBe('<metadata><Type>Question</Type></metadata>');
  });

  it('round-trips every state and type', () => {
    for (const state of QNA_STATES) {
      for (const type of QNA_TYPES) {
        const m: QnaMetadata = { ...full, state, type };
        expect(decodeQnaMetadata(encodeQnaMetadata(m))).toEqual({ ok: true, value: m, ignored: [] });
      }
    }
  });

  it('escapes text and round-trips hostile text', () => {
    const nasty = `<script>alert("x")</script> & 'quotes' ]]> &amp;`;
    const xml = encodeQnaMetadata({ assignees: [nasty], type: 'Question', threadCreatorId: nasty });
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;quotes&apos; ]]&gt; &amp;amp;');
    const back = decodeQnaMetadata(xml);
    expect(back.ok && back.value.threadCreatorId).toBe(nasty);
    expect(back.ok && back.value.assignees).toEqual([nasty]);
  });

  it('drops characters XML 1.0 cannot carry', () => {
    expect(escapeXmlText('a\u0000b\u0007c\ud800d\tok')).toBe('abcd\tok');
  });

  it('refuses to encode a value outside the enumerations', () => {
    expect(() => encodeQnaMetadata({ assignees: [], type: 'Comment' as never })).toThrow(/Type/);
    expect(() => encodeQnaMetadata({ assignees: [], type: 'Question', state: 'Approved' as never })).toThrow(/State/);
  });

  it('reads what Kaltura stores: declaration, whitespace, entities, CDATA, empty elements', () => {
    const xml = `<?xml version="1.0"?>\n<metadata>\n  <Assignees/>\n  <State> Pending </State>\n  <Type>Question</Type>\n  <ThreadCreatorId><![CDATA[a<b]]>&#x26;&#38;c</ThreadCreatorId>\n</metadata>\n`;
    expect(decodeQnaMetadata(xml)).toEqual({ ok: true, value: { assignees: [], state: 'Pending', type: 'Question', threadCreatorId: 'a<b&&c' }, ignored: [] });
  });

  it('enforces the order and the cardinalities', () => {
    expect(decodeQnaMetadata('<metadata><Type>Question</Type><State>Pending</State></metadata>')).toMatchObject({ ok: false, error: expect.stringContaining('order') });
    expect(decodeQnaMetadata('<metadata><Type>Question</Type><Assignees>m</Assignees></metadata>')).toMatchObject({ ok: false });
    expect(decodeQnaMetadata('<metadata><State>Pending</State><State>Done</State><Type>Question</Type></metadata>')).toMatchObject({ ok: false, error: expect.stringContaining('twice') });
    expect(decodeQnaMetadata('<metadata><State>Pending</State></metadata>')).toMatchObject({ ok: false, error: expect.stringContaining('Type') });
    expect(decodeQnaMetadata('<metadata><State>Approved</State><Type>Question</Type></metadata>')).toMatchObject({ ok: false });
    expect(decodeQnaMetadata('<metadata><Type>Comment</Type></metadata>')).toMatchObject({ ok: false });
  });

  it('skips unknown flat elements, and names them', () => {
    expect(decodeQnaMetadata('<metadata><Votes>12</Votes><Type>Question</Type><x:Extra/></metadata>')).toEqual({ ok: true, value: { assignees: [], type: 'Question' }, ignored: ['Votes', 'x:Extra'] });
  });

  it.each([
    ['not text', 42],
    ['null', null],
    ['empty', ''],
    ['another root', '<data><Type>Question</Type></data>'],
    ['nesting', '<metadata><Type><b>Question</b></Type></metadata>'],
    ['mismatched tags', '<metadata><Type>Question</State></metadata>'],
    ['unclosed root', '<metadata><Type>Question</Type>'],
    ['trailing content', '<metadata><Type>Question</Type></metadata><metadata/>'],
    ['DTD / entity expansion', '<!DOCTYPE metadata [<!ENTITY a "aaaa">]><metadata><Type>&a;</Type></metadata>'],
    ['unknown entity', '<metadata><Type>Question</Type><ThreadCreatorId>&nbsp;</ThreadCreatorId></metadata>'],
    ['stray ampersand', '<metadata><Type>Question</Type><ThreadCreatorId>a & b</ThreadCreatorId></metadata>'],
    ['bad char reference', '<metadata><Type>Question</Type><ThreadCreatorId>&#xD800;</ThreadCreatorId></metadata>'],
    ['huge', `<metadata><Type>Question</Type><ThreadCreatorId>${'a'.repeat(MAX_XML_LENGTH)}</ThreadCreatorId></metadata>`],
    ['processing instruction inside', '<metadata><?php echo 1 ?><Type>Question</Type></metadata>'],
    ['script', '<metadata><script>alert(1)</script></metadata>'],
  ])('turns hostile input (%s) into an error result, never a throw', (_name, input) => {
    const result = decodeQnaMetadata(input);
    expect(result.ok).toBe(false);
  });

  it('stays fast on pathological input', () => {
    const started = performance.now();
    for (const input of ['<metadata>' + '<a>'.repeat(20_000), '<metadata>' + '<!--'.repeat(15_000), '<metadata><Type>' + '&'.repeat(60_000)]) {
      expect(decodeQnaMetadata(input).ok).toBe(false);
    }
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
