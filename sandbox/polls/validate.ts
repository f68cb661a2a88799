/**
 * Validation of poll input, shared by the store and the REST handler. Rules from KALTURA.md §4 and
 * kaltura/mcp-events pollSchemas.ts (enums, ≤ 8 options); an empty question, fewer than 2 options and
 * duplicate options are refused by the Kaltura moderator UI — the exact server messages are MODELED.
 */
import { MAX_POLL_OPTIONS, POLL_STATES, POLL_TYPES, type PollInput, type PollPatch, type PollValidationError } from './types.js';

function fail(field: string, message: string): PollValidationError {
  return { error: 'VALIDATION_ERROR', message, field };
}

function optionText(o: unknown): string | null {
  if (typeof o === 'string') return o;
  if (o && typeof o === 'object' && typeof (o as { text?: unknown }).text === 'string') return (o as { text: string }).text;
  return null;
}

/** Checks a full poll (create) or a patch (update, `partial`). Null when valid. */
export function validatePollInput(input: unknown, partial = false): PollValidationError | null {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return fail('poll', 'poll must be an object');
  const p = input as PollInput & PollPatch;
  if (!partial && (typeof p.contextId !== 'string' || !p.contextId.trim())) return fail('contextId', 'contextId is required');
  if (p.state !== undefined && !POLL_STATES.includes(p.state)) return fail('state', `state must be one of ${POLL_STATES.join(', ')}`);
  if (p.type !== undefined && !POLL_TYPES.includes(p.type)) return fail('type', `type must be one of ${POLL_TYPES.join(', ')}`);
  if (p.showResults !== undefined && typeof p.showResults !== 'boolean') return fail('showResults', 'showResults must be a boolean');
  if (p.autoCloseMilliseconds !== undefined && (!Number.isInteger(p.autoCloseMilliseconds) || p.autoCloseMilliseconds <= 0))
    return fail('autoCloseMilliseconds', 'autoCloseMilliseconds must be a positive integer');
  if (p.scheduling !== undefined) {
    const s = p.scheduling;
    if (!s || typeof s !== 'object') return fail('scheduling', 'scheduling must be an object');
    if (s.schedulingType === 'absolute' || (s.schedulingType === undefined && s.scheduledTime !== undefined)) {
      if (s.scheduledTime !== undefined && Number.isNaN(Date.parse(s.scheduledTime)))
        return fail('scheduling.scheduledTime', 'scheduledTime must be an ISO date-time');
    } else if (s.schedulingType === 'relative') {
      const r = s.relativeScheduling;
      if (!r || !Number.isInteger(r.offsetMilliseconds) || (r.attribute !== 'startDate' && r.attribute !== 'endDate'))
        return fail('scheduling.relativeScheduling', 'relativeScheduling needs offsetMilliseconds and attribute startDate|endDate');
    } else if (s.schedulingType !== undefined) return fail('scheduling.schedulingType', 'schedulingType must be absolute or relative');
  }
  if (p.content === undefined) return partial ? null : fail('content', 'content is required');
  if (!p.content || typeof p.content !== 'object') return fail('content', 'content must be an object');
  if (typeof p.content.question !== 'string' || !p.content.question.trim()) return fail('content.question', 'question must not be empty');
  const type = p.type ?? 'OptionsPoll';
  const options = p.content.options ?? [];
  if (!Array.isArray(options)) return fail('content.options', 'options must be an array');
  if (type === 'OptionsPoll' || options.length > 0) {
    if (options.length > MAX_POLL_OPTIONS) return fail('content.options', `at most ${MAX_POLL_OPTIONS} options`);
    if (type === 'OptionsPoll' && options.length < 2) return fail('content.options', 'at least 2 options');
    const seen = new Set<string>();
    for (const o of options) {
      const t = optionText(o);
      if (t === null || !t.trim()) return fail('content.options', 'every option needs a non-empty text');
      const key = t.trim().toLowerCase();
      if (seen.has(key)) return fail('content.options', `duplicate option "${t.trim()}"`);
      seen.add(key);
    }
  }
  const correct = p.content.correctAnswers;
  if (correct !== undefined && !Array.isArray(correct)) return fail('content.correctAnswers', 'correctAnswers must be an array');
  return null;
}

export { optionText };
