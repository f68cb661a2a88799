import { beforeEach, describe, expect, it, vi } from 'vitest';
import { PROFILES } from '@/lib/cnc/profile';
import { capabilitiesOf, type QnaProfile } from '@/lib/cnc/qna-profile';
import { readQuestions } from '@/lib/cnc/qna-reader';
import { MissingControlError, performAction } from '@/lib/cnc/qna-actor';

const profile = PROFILES[0]!.qna!;

// A moderator-view question row as the sandbox widget renders it (sandbox/site/assets/live.js).
function row(id: string, opts: { state?: string; text?: string; sender?: string; votes?: number; handledBy?: string; live?: boolean; answers?: string } = {}) {
  return `<li class="kep-question" data-kep-question-id="${id}" data-kep-state="${opts.state ?? 'pending'}" data-kep-answered-live="${opts.live ?? false}" data-kep-user-id="u-${id}">
    <span class="kep-sender">${opts.sender ?? 'Dana'}</span><time class="kep-time" datetime="2026-11-27T10:00:00.000Z">10:00</time>
    <span class="kep-state">${opts.state ?? 'pending'}</span><p class="kep-text">${opts.text ?? 'What about pricing?'}</p>
    <button data-kep-action="upvote">▲ <span class="kep-upvote-count">${opts.votes ?? 0}</span></button>
    <ul class="kep-answers">${opts.answers ?? ''}</ul>
    <div class="kep-mod-controls">${opts.handledBy ? `<span class="kep-handled-by">Handled by ${opts.handledBy}</span>` : ''}
      <button data-kep-action="approve">Approve</button><button data-kep-action="dismiss">Dismiss</button>
      <button data-kep-action="answered-live">Answered live</button><button data-kep-action="claim">Claim</button>
      <input class="kep-answer-input"><button data-kep-action="answer-public">Answer publicly</button>
      <button data-kep-action="answer-private">Answer privately</button></div></li>`;
}

describe('CnC Q&A reader', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it('reads every field of a question row', () => {
    document.body.innerHTML = `<ul>${row('q1', {
      state: 'approved', votes: 12, handledBy: 'moderator-1', live: true,
      answers: '<li class="kep-answer" data-kep-answer-id="a1" data-kep-visibility="private"><span class="kep-sender">Mod</span><span class="kep-text">Soon</span></li>',
    })}</ul>`;
    const { questions, unreadable } = readQuestions(document.querySelectorAll(profile.list.row), profile, 0);
    expect(unreadable).toBe(0);
    expect(questions[0]).toEqual({
      id: 'q1', surface: 'cnc', text: 'What about pricing?', author: { id: 'u-q1', name: 'Dana', anonymous: false },
      createdAt: Date.parse('2026-11-27T10:00:00.000Z'), updatedAt: Date.parse('2026-11-27T10:00:00.000Z'),
      // The widget says approved; answered in text (or live) is our Answered.
      votes: 12, state: 'answered', answeredLive: true,
      answers: [{ id: 'a1', text: 'Soon', visibility: 'private', by: 'Mod', at: Date.parse('2026-11-27T10:00:00.000Z') }],
      replies: 1, handledBy: 'moderator-1',
    });
  });

  it('reads an anonymous asker as anonymous, without a user id', () => {
    document.body.innerHTML = `<ul>${row('q2', { sender: 'Anonymous' })}</ul>`;
    expect(readQuestions(document.querySelectorAll(profile.list.row), profile, 0).questions[0]?.author).toEqual({ id: null, name: null, anonymous: true });
  });

  it('counts rows it cannot read instead of guessing', () => {
    document.body.innerHTML = `<ul>${row('q3', { state: 'exploded' })}</ul>`;
    expect(readQuestions(document.querySelectorAll(profile.list.row), profile, 0)).toEqual({ questions: [], unreadable: 1 });
  });

  it('keeps hostile text as text', () => {
    document.body.innerHTML = `<ul>${row('q4')}</ul>`;
    document.querySelector('.kep-text')!.textContent = '<img src=x onerror=alert(1)>';
    expect(readQuestions(document.querySelectorAll(profile.list.row), profile, 0).questions[0]?.text).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('CnC Q&A actor', () => {
  beforeEach(() => {
    document.body.innerHTML = `<ul>${row('q1')}${row('q2')}</ul>`;
  });

  it('clicks the right control of the right question', async () => {
    const clicked = vi.fn();
    document.querySelector('[data-kep-question-id="q2"] [data-kep-action="dismiss"]')!.addEventListener('click', clicked);
    await performAction(document, { kind: 'dismiss', questionId: 'q2' }, profile, 'kep-2026');
    expect(clicked).toHaveBeenCalledTimes(1);
  });

  it('types the answer into the answer box, with input events, before clicking', async () => {
    const seen: string[] = [];
    const input = document.querySelector<HTMLInputElement>('[data-kep-question-id="q1"] .kep-answer-input')!;
    input.addEventListener('input', () => seen.push(`input:${input.value}`));
    document.querySelector('[data-kep-question-id="q1"] [data-kep-action="answer-private"]')!.addEventListener('click', () => seen.push('click'));
    await performAction(document, { kind: 'answer', questionId: 'q1', text: 'See you there', visibility: 'private' }, profile, 'kep-2026');
    expect(seen).toEqual(['input:See you there', 'click']);
  });

  it('names what is missing when the widget changed', async () => {
    const broken: QnaProfile = { ...profile, actions: { ...profile.actions, approve: { steps: [{ click: { selector: '.kep-approve-v2' } }] } } };
    await expect(performAction(document, { kind: 'approve', questionId: 'q1' }, broken, 'kep-2026')).rejects.toThrow(
      new MissingControlError('"approve" control', '.kep-approve-v2', 'kep-2026'),
    );
    await expect(performAction(document, { kind: 'approve', questionId: 'nope' }, profile, 'kep-2026')).rejects.toThrow(/question nope was not found/);
  });

  it('derives capabilities from the profile, with reasons for what is absent', () => {
    const { release: _r, ...withoutRelease } = profile.actions;
    const caps = capabilitiesOf({ ...profile, actions: { ...withoutRelease, 'answer-private': undefined } as unknown as QnaProfile['actions'] });
    expect(caps).toMatchObject({ approve: true, answerPublic: true, answerPrivate: false, editBeforeApprove: false });
    expect(caps.absent.answerPrivate).toMatch(/no private answer control/);
    expect(caps.absent.editBeforeApprove).toMatch(/edit a question/);
  });
});
