// The moderator's flag rules: banned words, links, ALL CAPS, repeated text, posting faster than N a minute,
// and per rule whether flagged messages are deleted at once (off unless turned on; every one is audited).
import { useState } from 'preact/hooks';
import { FLAG_RULES, FLAG_RULE_LABELS, normalizeRules, type FlagRuleName, type FlagRules } from '@/lib/model/chat/flags';

export function FlagRulesEditor({ rules, onSave }: { rules: FlagRules; onSave(rules: FlagRules): void }) {
  const [draft, setDraft] = useState<FlagRules>(rules);
  const [words, setWords] = useState(rules.bannedWords.join('\n'));
  const set = (patch: Partial<FlagRules>) => setDraft({ ...draft, ...patch });
  const toggleAuto = (rule: FlagRuleName, on: boolean) => set({ autoDelete: { ...draft.autoDelete, [rule]: on } });
  return (
    <form
      class="chat-rules"
      data-testid="chat-rules"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(normalizeRules({ ...draft, bannedWords: words.split('\n').map((w) => w.trim()).filter(Boolean) }));
      }}
    >
      <label>
        Banned words (one a line; a trailing * matches word starts)
        <textarea rows={3} data-testid="chat-rules-words" value={words} onInput={(e) => setWords((e.target as HTMLTextAreaElement).value)} />
      </label>
      <label class="inline">
        <input type="checkbox" checked={draft.links} onChange={(e) => set({ links: (e.target as HTMLInputElement).checked })} /> Flag links
      </label>
      <label class="inline">
        <input type="checkbox" checked={draft.caps} onChange={(e) => set({ caps: (e.target as HTMLInputElement).checked })} /> Flag ALL CAPS
      </label>
      <label class="inline">
        <input type="checkbox" checked={draft.repeat} onChange={(e) => set({ repeat: (e.target as HTMLInputElement).checked })} /> Flag repeated text
      </label>
      <label class="inline">
        Flag more than
        <input
          type="number"
          min={0}
          class="chat-rate"
          data-testid="chat-rules-rate"
          value={draft.ratePerMinute ?? 0}
          onInput={(e) => set({ ratePerMinute: Number((e.target as HTMLInputElement).value) || null })}
        />
        messages a minute from one person (0: no limit)
      </label>
      <fieldset>
        <legend>Delete at once (audited) when flagged for</legend>
        {FLAG_RULES.map((rule) => (
          <label class="inline" key={rule}>
            <input type="checkbox" data-testid={`chat-rules-auto-${rule}`} checked={draft.autoDelete[rule] === true} onChange={(e) => toggleAuto(rule, (e.target as HTMLInputElement).checked)} />{' '}
            {FLAG_RULE_LABELS[rule]}
          </label>
        ))}
      </fieldset>
      <button type="submit" class="small primary-ish" data-testid="chat-rules-save">
        Save rules
      </button>
    </form>
  );
}
