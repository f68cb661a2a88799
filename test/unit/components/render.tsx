// What the component tests share: a Q&A question and meta to render, and a component mounted in the
// document with the queries and inputs a test drives it by (data-testid, click, typing).
import type { ComponentChild } from 'preact';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { expect, vi } from 'vitest';
import type { QnaMeta } from '@/lib/model/qna/session';
import type { Question } from '@/lib/model/qna/types';
import { ALL_CAPS, question } from '../model/qna-fixtures';

export { ALL_CAPS };

export function qnaMetaOf(overrides: Partial<QnaMeta> = {}): QnaMeta {
  return {
    surface: 'cnc',
    entryId: '1_sessiona1',
    capabilities: ALL_CAPS,
    me: 'mod-a',
    starred: [],
    bannedWords: [],
    holds: {},
    merged: {},
    commands: [],
    staleSince: null,
    problem: null,
    audit: [],
    ...overrides,
  };
}

/**
 * A pending question (the tab the Q&A view opens on): the model tests' question (ids q1, q2…, authors
 * User 1, User 2…; its createdAt is 1 000 + its number), dated one second after the one before, in this era.
 */
export function pendingQuestion(text: string, overrides: Partial<Question> = {}): Question {
  const base = question(text);
  const at = 1_700_000_000_000 + (base.createdAt - 1_000) * 1000;
  return { ...base, state: 'pending', createdAt: at, updatedAt: at, ...overrides };
}

/** Renders `ui` into a new element of the document; `unmount` takes it away again. */
export function mountUi(ui: ComponentChild) {
  const root = document.createElement('div');
  document.body.append(root);
  act(() => render(ui, root));
  const $ = <T extends Element = HTMLElement>(sel: string, scope: ParentNode = root) => scope.querySelector<T & HTMLElement>(sel);
  const $$ = (sel: string, scope: ParentNode = root) => [...scope.querySelectorAll<HTMLElement>(sel)];
  const tid = (id: string, scope: ParentNode = root) => $(`[data-testid="${id}"]`, scope);
  const click = (el: Element | null) => {
    if (!el) throw new Error('nothing to click');
    act(() => (el as HTMLElement).click());
  };
  const type = (el: Element | null, value: string) => {
    if (!el) throw new Error('nothing to type into');
    act(() => {
      (el as HTMLInputElement).value = value;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
  };
  const unmount = () => {
    act(() => render(null, root));
    root.remove();
  };
  return { root, $, $$, tid, click, type, unmount };
}

/**
 * What a lazily loaded part renders (components/lazy.tsx), once its chunk has loaded: `find` is asked again
 * until it finds something.
 */
export function loaded<T>(find: () => T | null | undefined): Promise<T> {
  return vi.waitFor(() => find() ?? expect.fail('not loaded yet'), { timeout: 5000, interval: 5 }) as Promise<T>;
}
