import { useState } from 'preact/hooks';
import { parseWordList } from '@/lib/model/qna/view';

/** The moderator's banned words: matching questions are held in Pending with the reason, never deleted. */
export interface BannedWordsProps {
  words: readonly string[];
  onSave(words: string[]): void;
}

export function BannedWords(props: BannedWordsProps) {
  const current = props.words.join('\n');
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? current;
  const dirty = draft !== null && draft !== current;
  return (
    <div class="qna-banned">
      <label for="qna-banned-words" class="hint">
        One word or phrase per line (or comma-separated). End with * to match word starts. Matching questions are held in
        Pending with the reason shown.
      </label>
      <textarea
        id="qna-banned-words"
        data-testid="qna-banned-words"
        rows={4}
        value={text}
        onInput={(e) => setDraft(e.currentTarget.value)}
      />
      <div class="qna-row-tools">
        <button
          type="button"
          class="small primary-ish"
          data-testid="qna-banned-save"
          disabled={!dirty}
          onClick={() => {
            props.onSave(parseWordList(text));
            setDraft(null);
          }}
        >
          Save
        </button>
        {dirty && (
          <button type="button" class="small" onClick={() => setDraft(null)}>
            Revert
          </button>
        )}
      </div>
    </div>
  );
}
