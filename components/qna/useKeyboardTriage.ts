// The inbox's keys (the map: lib/model/qna/view.ts KEYS): j/k/Home/End move the active row, letters act on
// it, "/" searches, "?" lists the keys, Esc closes the reply box or leaves the search field. Keys typed into
// a text field are the field's.
import type { Question } from '@/lib/model/qna/types';
import { keyCommand, type RowAction } from '@/lib/model/qna/view';

export function isTextField(el: HTMLElement): boolean {
  if (el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  return el.tagName === 'INPUT' && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes((el as HTMLInputElement).type);
}

export interface KeyboardTriageOptions {
  list: readonly Question[];
  activeIndex: number;
  keysOpen: boolean;
  panelOpen: boolean;
  listEl: { current: HTMLElement | null };
  searchEl: { current: HTMLInputElement | null };
  /** Makes row `index` the active one and scrolls it into view. */
  move(index: number): void;
  perform(action: RowAction, q: Question): void;
  toggleStar(q: Question): void;
  toggleSelect(id: string): void;
  toggleExpand(id: string): void;
  openKeys(): void;
  closePanel(): void;
  focusList(): void;
  say(text: string): void;
  /** How many questions wait behind "N new"; `n` shows them. */
  heldCount: number;
  showNew(): void;
  /** Flagged chat above the questions (Pending tab): j from no row, k from the first row go there. */
  above?: { enter(where: 'first' | 'last'): boolean } | null;
}

export function useKeyboardTriage(o: KeyboardTriageOptions): (e: KeyboardEvent) => void {
  return (e: KeyboardEvent) => {
    if (o.keysOpen || e.defaultPrevented) return;
    const target = e.target as HTMLElement;
    if (isTextField(target)) {
      if (e.key === 'Escape' && target === o.searchEl.current) {
        e.preventDefault();
        o.focusList();
      }
      return;
    }
    if (e.key === 'Escape' && o.panelOpen) {
      e.preventDefault();
      o.closePanel();
      return;
    }
    const command = keyCommand(e);
    if (!command) return;
    if (command === 'search') {
      e.preventDefault();
      o.searchEl.current?.focus();
      o.searchEl.current?.select();
      return;
    }
    if (command === 'help') {
      e.preventDefault();
      o.openKeys();
      return;
    }
    if (!o.listEl.current?.contains(target)) return;
    // Enter and Space belong to a focused button inside a row; the list's own keys act on the active row.
    if ((e.key === 'Enter' || e.key === ' ') && target !== o.listEl.current) return;
    e.preventDefault();
    const { list, activeIndex } = o;
    if (command === 'show-new') {
      if (o.heldCount > 0) o.showNew();
      else o.say('No new questions.');
      return;
    }
    switch (command) {
      case 'next':
        if (activeIndex < 0 && o.above?.enter('first')) return;
        return o.move(activeIndex < 0 ? 0 : Math.min(activeIndex + 1, list.length - 1));
      case 'previous':
        if (activeIndex <= 0 && o.above?.enter('last')) return;
        return o.move(activeIndex < 0 ? 0 : Math.max(activeIndex - 1, 0));
      case 'first':
        return o.move(0);
      case 'last':
        return o.move(list.length - 1);
    }
    const q = activeIndex >= 0 ? list[activeIndex] : undefined;
    if (!q) {
      o.say(list.length ? 'No question is active: press j to move to the first.' : 'No questions here.');
      return;
    }
    switch (command) {
      case 'approve':
      case 'edit-approve':
      case 'dismiss':
      case 'restore':
      case 'answer-public':
      case 'answer-private':
      case 'answered-live':
        return o.perform(command, q);
      case 'star':
        if (q.state === 'dismissed') o.say('Dismissed questions cannot be starred.');
        else o.toggleStar(q);
        return;
      case 'select':
        return o.toggleSelect(q.id);
      case 'expand':
        return o.toggleExpand(q.id);
    }
  };
}
