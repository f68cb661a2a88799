import type { Ref } from 'preact';

export interface SearchBoxProps {
  /** The view's handle on the box: its "/" key focuses it. */
  inputRef: Ref<HTMLInputElement>;
  /** The box's accessible name ("Search questions"); the placeholder defaults to it. */
  label: string;
  placeholder?: string;
  testId: string;
  value: string;
  onSearch(text: string): void;
  /** Off while the list is not whole yet (a restored session's head: components/qna/QnaView.tsx). */
  disabled?: boolean;
  /**
   * Esc in the box. Absent, the key goes on to the view's own key handling (the Q&A view sends focus back to
   * its list); the Chat view just leaves the box.
   */
  onEscape?(input: HTMLInputElement): void;
}

/** The search field of a list view's toolbar (Q&A, Chat): filters as the moderator types. */
export function SearchBox({ inputRef, label, placeholder = label, testId, value, onSearch, onEscape, disabled }: SearchBoxProps) {
  return (
    <input
      ref={inputRef}
      type="search"
      class="qna-search"
      placeholder={placeholder}
      aria-label={label}
      data-testid={testId}
      value={value}
      disabled={disabled}
      onInput={(e) => onSearch(e.currentTarget.value)}
      onKeyDown={onEscape && ((e) => e.key === 'Escape' && onEscape(e.currentTarget))}
    />
  );
}
