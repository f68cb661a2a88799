// "Similar questions" and the audit trail: taking a question out of a group, what a merge leaves visible,
// and question text (never internal ids) in the audit.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditTrail } from '@/components/qna/extras/AuditTrail';
import { Duplicates } from '@/components/qna/extras/Duplicates';
import type { AuditEntry } from '@/lib/model/qna/commands';
import type { Question } from '@/lib/model/qna/types';
import { question } from '../model/qna-fixtures';

afterEach(() => {
  document.body.innerHTML = '';
});

function mount(node: preact.ComponentChild) {
  const root = document.createElement('div');
  document.body.append(root);
  act(() => render(node, root));
  const all = (tid: string) => [...root.querySelectorAll<HTMLElement>(`[data-testid="${tid}"]`)];
  const click = (el: Element | undefined) => act(() => (el as HTMLElement).click());
  return { root, all, click };
}

const mapOf = (qs: Question[]) => new Map(qs.map((q) => [q.id, q]));

describe('Duplicates', () => {
  const a = question('Will the slides be shared after the session?', { votes: 5, state: 'pending' });
  const b = question('Can we get the deck afterwards?', { votes: 2, state: 'pending' });
  const c = question('Is the presentation going to be shared later?', { votes: 1, state: 'pending' });
  const other = question('Will the recording be shared?', { votes: 1, state: 'pending' });
  const qs = [a, b, c, other];

  it('groups the slides questions without the recording one, and "Not the same" takes one out', () => {
    const onMerge = vi.fn();
    const v = mount(<Duplicates questions={qs} byId={mapOf(qs)} canMerge mergeAbsent={null} onMerge={onMerge} />);
    const members = () => v.all('qna-duplicate-member').map((m) => m.dataset.questionId);
    expect(members()).toEqual([a.id, b.id, c.id]);
    v.click(v.all('qna-duplicate-take-out').find((x) => x.closest<HTMLElement>('[data-question-id]')!.dataset.questionId === c.id));
    expect(members()).toEqual([a.id, b.id]);
    expect(v.all('qna-merge')[0]!.textContent).toBe('Merge (7 votes)');
    v.click(v.all('qna-merge')[0]);
    expect(onMerge).toHaveBeenCalledWith(a.id, [b.id]);
  });

  it('after a merge, the group leaves the list and a visible line says what was merged into which question', () => {
    const v = mount(<Duplicates questions={qs} byId={mapOf(qs)} canMerge mergeAbsent={null} onMerge={() => {}} />);
    const result = v.all('qna-merge-result')[0]!;
    expect(result.hidden).toBe(true);
    v.click(v.all('qna-merge')[0]);
    expect(result.hidden).toBe(false);
    expect(result.textContent).toBe(`Merged 3 questions into “${a.text}”: it now shows 8 votes, the other 2 are dismissed.`);
    expect(v.all('qna-duplicate-group')).toHaveLength(0);
    expect(v.root.textContent).toContain('No similar questions.');
  });
});

describe('AuditTrail', () => {
  it('names questions by their text, in the entry and in its detail, never by internal id', () => {
    const primary = question('Will the slides be shared after the session?');
    const merged = question('Can we get the deck afterwards?', { state: 'dismissed' });
    const audit: AuditEntry[] = [
      { at: 1, moderator: 'me', action: 'merge', questionId: primary.id, detail: `merged 1 into ${primary.id}`, outcome: 'done' },
      { at: 2, moderator: 'me', action: 'dismiss', questionId: merged.id, detail: `dismissed: merged into ${primary.id}`, outcome: 'done' },
      { at: 3, moderator: 'me', action: 'star', questionId: merged.id, detail: `starred ${merged.id}`, outcome: 'done' },
      { at: 4, moderator: 'mod-b', action: 'approve', questionId: 'gone-1', detail: 'approved', outcome: 'done' },
    ];
    const v = mount(<AuditTrail audit={audit} me="me" questions={mapOf([primary, merged])} />);
    const texts = v.all('qna-audit-entry').map((e) => e.textContent);
    for (const t of texts) expect(t).not.toMatch(new RegExp(`${primary.id}\\b|${merged.id}\\b|gone-1`));
    expect(texts).toEqual([
      expect.stringContaining('mod-b approved — a question no longer listed'),
      expect.stringContaining(`You starred “${merged.text}”`),
      expect.stringContaining(`You dismissed: merged into “${primary.text}” — “${merged.text}”`),
      expect.stringContaining(`You merged 1 into “${primary.text}”`),
    ]);
    expect(texts[3]).not.toContain('—');
  });
});
