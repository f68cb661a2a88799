import { describe, expect, it } from 'vitest';
import { csvCell, pollCsvFileName, pollResultsCsv, type Poll } from '@/lib/model/polls';

const AT = Date.UTC(2026, 4, 1, 10, 30, 0);
const poll = (over: Partial<Poll> = {}): Poll => ({
  _id: 'p1',
  contextId: '1_x',
  state: 'UnPublished',
  type: 'OptionsPoll',
  content: { question: 'Best "city", really?', options: [{ id: 'a', text: 'Paris' }, { id: 'b', text: 'Rome, Italy' }], correctAnswers: [] },
  showResults: true,
  ...over,
});

/** A minimal RFC 4180 parser, to check the export round-trips. */
function parse(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const ch = csv[i]!;
    if (quoted) {
      if (ch === '"' && csv[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && csv[i + 1] === '\n') {
      row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    } else cell += ch;
  }
  return rows;
}

describe('csvCell', () => {
  it('quotes commas, quotes, CR and LF (RFC 4180), leaves plain text alone', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(null)).toBe('');
  });

  it('neutralises formula injection: = + - @ tab CR at the start get a leading quote', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell('+1+cmd|/C calc!A0')).toBe("'+1+cmd|/C calc!A0");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('a=1')).toBe('a=1');
  });
});

describe('pollResultsCsv', () => {
  it('exports one row per option with counts and percentages summing to 100', () => {
    const csv = pollResultsCsv(poll(), { totals: { a: 2, b: 1 }, answers: 3 }, AT);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parse(csv);
    // The panel's words: "Option" as the live view's column, "Closed" as its state chip, its results line.
    expect(rows[0]).toEqual(['Question', 'Poll type', 'Option', 'Votes', 'Percent', 'Correct', 'Total answers', 'Poll state', 'Results', 'Exported at']);
    const shown = poll().showResults ? 'Results visible to attendees' : 'Results hidden from attendees';
    expect(rows.slice(1)).toEqual([
      ['Best "city", really?', 'Multiple choice', 'Paris', '2', '67', '', '3', 'Closed', shown, '2026-05-01T10:30:00.000Z'],
      ['Best "city", really?', 'Multiple choice', 'Rome, Italy', '1', '33', '', '3', 'Closed', shown, '2026-05-01T10:30:00.000Z'],
    ]);
  });

  it('marks correct answers of a quiz', () => {
    const rows = parse(pollResultsCsv(poll({ content: { ...poll().content, correctAnswers: ['b'] } }), { totals: { a: 1, b: 1 }, answers: 2 }, AT));
    expect(rows.slice(1).map((r) => r[5])).toEqual(['no', 'yes']);
  });

  it('hostile open answers stay inert text', () => {
    const hostile = ['=cmd|" /C calc"!A0', '+SUM(1)', '@x', '-1', 'multi\nline, "quoted"', '<script>alert(1)</script>'];
    const p = poll({ type: 'OpenAnswers', content: { question: 'Why?', options: [], correctAnswers: [] } });
    const csv = pollResultsCsv(p, { totals: {}, answers: hostile.length, texts: hostile }, AT);
    const answers = parse(csv)
      .slice(1)
      .map((r) => r[2]);
    expect(answers).toHaveLength(hostile.length);
    for (const a of answers) expect(a).not.toMatch(/^[=+\-@]/);
    expect(answers).toContain(`'=cmd|" /C calc"!A0`);
    expect(answers).toContain('multi\nline, "quoted"');
    expect(answers).toContain('<script>alert(1)</script>');
  });

  it('makes a safe file name', () => {
    expect(pollCsvFileName(poll({ content: { question: 'Über../../etc/passwd?', options: [], correctAnswers: [] } }), AT)).toBe('poll-uber-etc-passwd-2026-05-01T10-30.csv');
    expect(pollCsvFileName(poll({ content: { question: '???', options: [], correctAnswers: [] } }), AT)).toBe('poll-results-2026-05-01T10-30.csv');
  });
});
