import { describe, expect, it } from 'vitest';
import { compileBannedWords } from '@/lib/model/qna/banned-words';

describe('banned words', () => {
  const check = compileBannedWords(['scam', 'crypto*', 'free money', 'Ünïcode']);

  it('holds a matching question with the word as the reason', () => {
    expect(check('Is this a SCAM?')).toEqual({ word: 'scam', reason: 'Held: contains the banned word “scam”' });
    expect(check('buy cryptocurrency now')?.word).toBe('crypto*');
    expect(check('get FREE   money here')?.word).toBe('free money');
    expect(check('unicode test')?.word).toBe('Ünïcode');
  });

  it('matches whole words only', () => {
    expect(check('scampi for lunch?')).toBeNull();
    expect(check('What is the agenda?')).toBeNull();
  });

  it('matches nothing with an empty list, and takes entries literally, never as patterns', () => {
    expect(compileBannedWords([])('anything')).toBeNull();
    expect(compileBannedWords(['  ', '('])('a (b)')).toBeNull();
    expect(compileBannedWords(['[a-z]+'])('abc')).toBeNull();
    expect(compileBannedWords(['a.b'])('axb')).toBeNull();
  });
});
