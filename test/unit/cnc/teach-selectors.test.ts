// Teach mode's selector derivation: from clicked elements to selectors that hold for every row.
import { beforeEach, describe, expect, it } from 'vitest';
import { deriveFieldSelector, deriveRowSelector, rowOf } from '@/lib/cnc/teach/selectors';

/** A widget with generated class names next to readable ones, and rows in two tab lists. */
function widget(): void {
  const row = (author: string, text: string, at: string) =>
    `<div role="listitem" class="css-9f8e7d zeile"><span class="autor">${author}</span><time datetime="${at}">10:00</time>` +
    `<p class="inhalt">${text}</p><ul class="antworten"><li class="antwort"><span class="inhalt">An answer</span></li></ul>` +
    `<button class="sc-AxjAm mehr" aria-label="Weitere Aktionen">⋯</button></div>`;
  document.body.innerHTML = `<div class="app"><div role="tablist"><button role="tab">Ausstehend</button><button role="tab">Genehmigt</button></div>
    <section role="tabpanel" aria-label="Ausstehend"><div role="list" class="scroller">
      ${row('Dana', 'Preis?', '2026-11-27T10:00:00.000Z')}${row('Eli', 'Wann?', '2026-11-27T10:01:00.000Z')}${row('Fay', 'Wo?', '2026-11-27T10:02:00.000Z')}
    </div></section>
    <section role="tabpanel" aria-label="Genehmigt"><div role="list" class="scroller">${row('Gus', 'Wer?', '2026-11-27T10:03:00.000Z')}</div></section></div>`;
}

describe('teach: selectors from clicks', () => {
  beforeEach(widget);

  it('finds the row a click inside it belongs to', () => {
    const author = document.querySelectorAll('.autor')[1]!;
    expect(rowOf(author)).toBe(document.querySelectorAll('[role=listitem]')[1]);
  });

  it('derives a row selector from one click that holds for every row, in every tab, and nothing else', () => {
    const click = document.querySelectorAll('.inhalt')[0]!;
    const derived = deriveRowSelector(document, [click]);
    expect(derived).toEqual({ selector: 'div[role="listitem"]', count: 4 });
    // Generated class names never make it into a selector.
    expect(derived!.selector).not.toMatch(/css-|sc-/);
  });

  it('a row marked with its state (an extra class and attribute: answered, claimed) is still a row of the list', () => {
    const rows = Array.from(document.querySelectorAll('[role=listitem]'));
    rows[1]!.classList.add('beantwortet');
    rows[1]!.setAttribute('data-claimed', 'mod-1');
    // Clicked in the marked row, and in a plain one: every row, marked or not, and nothing else.
    for (const clicked of [rows[1]!.querySelector('.inhalt')!, rows[0]!.querySelector('.inhalt')!]) {
      expect(rowOf(clicked)).toBe(clicked.closest('[role=listitem]'));
      expect(deriveRowSelector(document, [clicked])).toEqual({ selector: 'div[role="listitem"]', count: 4 });
    }
  });

  it('refuses clicks in two kinds of rows (a question and a tab) instead of guessing', () => {
    expect(deriveRowSelector(document, [document.querySelector('.autor')!, document.querySelector('[role=tab]')!])).toBeNull();
  });

  it('derives field selectors that find the field in every row, reading a time by its datetime', () => {
    const rows = Array.from(document.querySelectorAll('[role=listitem]'));
    const row = rows[2]!;
    const author = deriveFieldSelector(row, row.querySelector('.autor')!, rows);
    expect(author).toEqual({ spec: { selector: ':scope > span.autor' }, found: 4, of: 4 });
    const time = deriveFieldSelector(row, row.querySelector('time')!, rows);
    expect(time).toEqual({ spec: { selector: ':scope > time', attr: 'datetime' }, found: 4, of: 4 });
    // The question's text, not the answer's (both have the class "inhalt").
    const text = deriveFieldSelector(row, row.querySelector('p.inhalt')!, rows);
    expect(text!.spec.selector).toBe(':scope > p.inhalt');
    expect(rows.map((r) => r.querySelector(text!.spec.selector!)!.textContent)).toEqual(['Preis?', 'Wann?', 'Wo?', 'Wer?']);
  });

  it('derives a control inside the row by its stable parts', () => {
    const rows = Array.from(document.querySelectorAll('[role=listitem]'));
    const menu = deriveFieldSelector(rows[0]!, rows[0]!.querySelector('button')!, rows);
    expect(menu!.spec.selector).toBe(':scope > button.mehr');
    expect(menu!.found).toBe(4);
  });
});
