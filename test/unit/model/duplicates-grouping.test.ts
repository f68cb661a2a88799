// Tighter grouping: a group never mixes two questions a moderator would answer differently. The near
// misses come from the sandbox's audience generator (one template over several topics, several templates
// over one topic) and from real-world Q&A; the rewordings come from the same generator.
import { describe, expect, it } from 'vitest';
import { findDuplicates, pairKey } from '@/lib/model/qna/duplicates';
import { QUESTION_TEMPLATES, REWORDS, TOPICS, topicsFor } from '@/sandbox/audience/corpus';
import { question } from './qna-fixtures';

// "Will the slides about the slides be shared after the session?" and "… about this session …" (generic
// topics in the slides template) are both "will the slides be shared?": one question, not a near miss.
const originOf = (template: string, topic: string, ti: number) =>
  template.includes('slides about') && (topic === 'the slides' || topic === 'this session') ? `${template}/slides` : `${template}/${ti}`;

const together = (a: string, b: string) => {
  const qa = question(a);
  const qb = question(b);
  return findDuplicates([qa, qb]).some((g) => g.members.includes(qa.id) && g.members.includes(qb.id));
};

describe('findDuplicates: no group mixes different questions', () => {
  it('over the whole audience corpus, every group is one template over one topic, and each one\'s rewordings meet', () => {
    for (const topics of [...Object.values(TOPICS), topicsFor('any other session')]) {
      const origin = new Map<string, string>();
      const qs = topics.flatMap((topic, ti) =>
        QUESTION_TEMPLATES.flatMap((template, i) => {
          const base = template.replace('{t}', topic);
          return [base, ...REWORDS.map((r) => r(base))].map((text) => {
            const q = question(text, { state: 'pending' });
            origin.set(q.id, originOf(template, topic, ti));
            return q;
          });
        }),
      );
      const groups = findDuplicates(qs);
      for (const g of groups) {
        const texts = g.members.map((id) => qs.find((q) => q.id === id)!.text);
        expect(new Set(g.members.map((id) => origin.get(id))).size, `a mixed group: ${JSON.stringify(texts.slice(0, 6))}`).toBe(1);
      }
      // Each asked question and its six rewordings: one group.
      const origins = new Set(origin.values());
      expect(groups.length).toBe(origins.size);
      for (const o of origins) expect(groups.filter((g) => g.members.some((id) => origin.get(id) === o))).toHaveLength(1);
    }
  });

  it.each([
    ['When will slides be shared?', 'Will the recording be shared?'],
    ['When will the slides be shared?', 'Where will the slides be shared?'],
    ['Will the recording be available after the session?', 'Will the slides be available after the session?'],
    ['When will the roadmap be generally available?', 'When will AI features be generally available?'],
    ['Is the roadmap included in the standard plan or is it an add-on?', 'Is the new pricing included in the standard plan or is it an add-on?'],
    ['Can you give a concrete example of webhooks in production?', 'Can you give a concrete example of rate limits in production?'],
    ['How does SSO with SAML work for customers in regulated industries?', 'Does SSO with SAML work with our existing SSO setup?'],
    ['Will the slides about the demo be shared after the session?', 'Will the slides about security be shared after the session?'],
    ['What is the price for schools?', 'What is the price for enterprises?'],
    ['When does the next session start?', 'When does the next session end?'],
    ['Can I get a certificate of attendance?', 'Can I get a copy of the attendance list?'],
    ['Is the stream latency lower on mobile?', 'Is the stream quality lower on mobile?'],
  ])('keeps apart: "%s" / "%s"', (a, b) => {
    expect(together(a, b)).toBe(false);
  });

  it.each([
    ['When will the slides be shared?', 'when will slides be shared??'],
    ['Will the slides be shared after the session?', 'Can we get the deck afterwards?'],
    ['Will there be a recording of this talk?', 'Is this session recorded?'],
    ['Sorry if this was asked already: will the replay be posted?', 'Will the recording be shared?'],
    ['When will the roadmap be generally available?', 'Any date for when the roadmap be generally available?'],
  ])('groups: "%s" / "%s"', (a, b) => {
    expect(together(a, b)).toBe(true);
  });

  it('does not chain: two different questions that each contain a third are not grouped together', () => {
    const base = question('Will the slides be shared?');
    const demo = question('Will the slides about the demo be shared?');
    const pricing = question('Will the slides about pricing be shared?');
    const groups = findDuplicates([base, demo, pricing]);
    expect(groups.some((g) => g.members.includes(demo.id) && g.members.includes(pricing.id))).toBe(false);
  });

  it('keeps a question the moderator took out of a group out of it, and its exact copies too', () => {
    const a = question('Will the slides be shared?', { votes: 3 });
    const b = question('will the slides be shared');
    const c = question('Will the slides be shared??');
    expect(findDuplicates([a, b, c])[0]?.members).toEqual([a.id, b.id, c.id]);
    const apart = new Set([pairKey(c.id, a.id), pairKey(c.id, b.id)]);
    expect(findDuplicates([a, b, c], { apart })).toEqual([{ primary: a.id, members: [a.id, b.id], votes: 3 }]);
  });
});
