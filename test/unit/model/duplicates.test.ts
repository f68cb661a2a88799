import { describe, expect, it } from 'vitest';
import { findDuplicates } from '@/lib/model/qna/duplicates';
import { question } from './qna-fixtures';

const groupOf = (groups: ReturnType<typeof findDuplicates>, id: string) => groups.find((g) => g.members.includes(id));

describe('findDuplicates', () => {
  it('groups identical questions whatever their case and punctuation, and sums their votes', () => {
    const a = question('Will the slides be shared?', { votes: 5 });
    const b = question('will the SLIDES be shared', { votes: 2 });
    const c = question('What is the pricing for enterprise?');
    const groups = findDuplicates([a, b, c]);
    expect(groups).toEqual([{ primary: a.id, members: [a.id, b.id], votes: 7 }]);
  });

  it('groups reworded questions, not only identical text', () => {
    const qs = [
      question('Will the slides be shared after the session?', { votes: 3 }),
      question('Can we get the deck afterwards?', { votes: 4 }),
      question('Is the presentation going to be shared later?'),
      question('Will there be a recording of this talk?'),
      question('Is this session recorded?', { votes: 1 }),
      question('How does the pricing work for schools?'),
    ];
    const groups = findDuplicates(qs);
    const slides = groupOf(groups, qs[0]!.id)!;
    expect(slides.members.sort()).toEqual([qs[0]!.id, qs[1]!.id, qs[2]!.id].sort());
    expect(slides.primary).toBe(qs[1]!.id);
    expect(slides.votes).toBe(7);
    expect(groupOf(groups, qs[3]!.id)?.members.sort()).toEqual([qs[3]!.id, qs[4]!.id].sort());
    expect(groupOf(groups, qs[5]!.id)).toBeUndefined();
  });

  it('does not group questions that merely share common words', () => {
    const groups = findDuplicates([
      question('How do I reset my password?'),
      question('How do I export the attendee list?'),
      question('How do I change the event language?'),
    ]);
    expect(groups).toEqual([]);
  });

  it('leaves dismissed questions out', () => {
    const a = question('Will the slides be shared?');
    const b = question('Will the slides be shared?', { state: 'dismissed' });
    expect(findDuplicates([a, b])).toEqual([]);
  });

  it('keeps the oldest as primary when votes tie', () => {
    const a = question('Is there a recording?', { createdAt: 5 });
    const b = question('Is there a recording?', { createdAt: 3 });
    expect(findDuplicates([a, b])[0]?.primary).toBe(b.id);
  });

  it('handles hostile and empty text', () => {
    const qs = [question(''), question('   '), question('<script>alert(1)</script>'), question('🎉🎉🎉'), question('x'.repeat(5000))];
    expect(() => findDuplicates(qs)).not.toThrow();
  });
});
