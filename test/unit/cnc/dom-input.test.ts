import { describe, expect, it } from 'vitest';
import { PROFILES } from '@/lib/cnc/profile';
import { performAction } from '@/lib/cnc/qna-actor';
import { setValue } from '@/lib/cnc/dom-input';

const profile = PROFILES[0]!.qna!;

describe('typing into the widget', () => {
  it('sets an input through its value, with input and change events', () => {
    document.body.innerHTML = '<input class="box">';
    const input = document.querySelector<HTMLInputElement>('.box')!;
    const seen: string[] = [];
    input.addEventListener('input', () => seen.push(`input:${input.value}`));
    input.addEventListener('change', () => seen.push('change'));
    setValue(input, 'In March.');
    expect(seen).toEqual(['input:In March.', 'change']);
  });

  it('sets a contenteditable textbox through its text (what the page reads: an expando would stay in our world)', () => {
    document.body.innerHTML = '<div class="box" contenteditable="true" role="textbox"></div>';
    const box = document.querySelector<HTMLElement>('.box')!;
    const seen: string[] = [];
    box.addEventListener('input', () => seen.push(`input:${box.textContent}`));
    setValue(box, 'In March.');
    expect(seen).toEqual(['input:In March.']);
    expect(box.textContent).toBe('In March.');
  });

  it('answers through the sandbox widget\'s answer box (a contenteditable textbox in the row) before clicking', async () => {
    // The kep-2026 row as sandbox/site/assets/live.js renders it for a moderator (answer box: see its Q&A note).
    document.body.innerHTML = `<ul><li class="kep-question" data-kep-question-id="q1" data-kep-state="pending">
      <span class="kep-sender">Dana</span><p class="kep-text">When?</p><div class="kep-mod-controls">
      <div class="kep-answer-input" contenteditable="true" role="textbox" aria-label="Answer"></div>
      <button data-kep-action="answer-public">Answer publicly</button></div></li></ul>`;
    const box = document.querySelector<HTMLElement>('.kep-answer-input')!;
    const seen: string[] = [];
    document.querySelector('[data-kep-action="answer-public"]')!.addEventListener('click', () => seen.push(`click:${box.textContent}`));
    await performAction(document, { kind: 'answer', questionId: 'q1', text: 'Next week', visibility: 'public' }, profile, 'kep-2026');
    expect(seen).toEqual(['click:Next week']);
  });
});
