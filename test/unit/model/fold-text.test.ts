import { describe, expect, it } from 'vitest';
import { foldText, foldUnicode } from '@/lib/model/qna/text';

describe('foldText', () => {
  it('folds plain ASCII and general punctuation exactly as the Unicode path does (search finds the same questions)', () => {
    const ascii = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('');
    const punctuation = Array.from({ length: 0x70 }, (_, i) => String.fromCharCode(0x2000 + i)).join('');
    const chars = ascii + punctuation + ascii;
    const samples = [
      chars,
      '  What about SSO -- and "pricing"?  ',
      'Region 7: will the API (v2) change?!',
      'A_B-C.d e',
      '',
      '   ',
      'we asked \u2014 and the answer was \u201clater\u201d\u2026 it\u2019s',
      'a\u2017b\u203ec\u2024d\u2047e\u200bf',
    ];
    // Deterministic pseudo-random ASCII strings.
    let seed = 7;
    for (let n = 0; n < 500; n++) {
      let s = '';
      for (let i = 0; i < 40; i++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        s += chars[seed % chars.length];
      }
      samples.push(s);
    }
    for (const s of samples) expect(foldText(s), JSON.stringify(s)).toBe(foldUnicode(s));
  });

  it('folds text with emoji of the pictograph blocks exactly as the Unicode path does', () => {
    const blocks: [number, number][] = [[0x1f300, 0x1f5ff], [0x1f600, 0x1f64f], [0x1f680, 0x1f6ff], [0x1f900, 0x1f9ff], [0x1fa70, 0x1faff]];
    const emoji: string[] = [];
    for (const [from, to] of blocks) for (let cp = from; cp <= to; cp++) emoji.push(String.fromCodePoint(cp));
    // Their neighbours (enclosed letters and digits, dingbat digits, U+FE0F) take the Unicode path, and agree.
    const near = [0x1f130, 0x1f1e6, 0x1f650, 0x1f67f, 0x1f700, 0x1f8ff, 0x1fa00, 0x1fa6f, 0x2776, 0xfe0f].map((cp) => String.fromCodePoint(cp));
    const samples = ['Thanks for the demo 👏', '👍🏽 great', '👨‍👩‍👧‍👦 family', '🔥🔥', 'a❤️b', 'São Paulo 🎉'];
    for (const ch of [...emoji, ...near]) samples.push(`x${ch}y`, `${ch}Ab`, `Ab ${ch}`, ch);
    for (const s of samples) expect(foldText(s), JSON.stringify(s)).toBe(foldUnicode(s));
    expect(foldText('Thanks for the demo 👏')).toBe('thanks for the demo');
  });

  it('folds accents, case and punctuation in other scripts', () => {
    expect(foldText('Café — ÜBER  naïve')).toBe('cafe uber naive');
    expect(foldText('שאלה: מה?')).toBe('שאלה מה');
    expect(foldText('line one\nline two')).toBe('line one line two');
  });
});
