// Poll drafts: creation, editing helpers and validation. Pure: ids and clocks come from the caller.

import { MAX_POLL_OPTIONS, MIN_POLL_OPTIONS, type DraftOption, type Poll, type PollDraft, type PollFieldError } from './types';

/** Auto-close bounds (MODELED: the REST only requires a positive integer; these keep a live poll sane). */
export const MIN_AUTO_CLOSE_MS = 5_000;
export const MAX_AUTO_CLOSE_MS = 24 * 60 * 60 * 1000;

export interface NewDraftInit {
  id: string;
  idempotencyKey: string;
  contextId: string;
  now: number;
  type?: PollDraft['type'];
  question?: string;
  options?: string[];
}

export function newDraft(init: NewDraftInit): PollDraft {
  const type = init.type ?? 'OptionsPoll';
  const texts = init.options ?? (type === 'OptionsPoll' ? ['', ''] : []);
  return {
    id: init.id,
    idempotencyKey: init.idempotencyKey,
    contextId: init.contextId,
    type,
    question: init.question ?? '',
    options: texts.map((text, i) => ({ id: `o${i + 1}`, text })),
    correctAnswers: [],
    showResults: false,
    autoCloseMilliseconds: null,
    scheduledAt: null,
    state: 'Draft',
    dirty: false,
    createdAt: init.now,
    updatedAt: init.now,
  };
}

/** A draft for a poll found on the server (e.g. created in Kaltura's own moderator UI). */
export function draftFromPoll(poll: Poll, ids: { id: string; idempotencyKey: string; now: number }): PollDraft {
  const scheduled = poll.scheduling?.scheduledTime ? Date.parse(poll.scheduling.scheduledTime) : NaN;
  return {
    id: ids.id,
    remoteId: poll._id,
    idempotencyKey: ids.idempotencyKey,
    contextId: poll.contextId,
    type: poll.type,
    question: poll.content.question,
    options: poll.content.options.map((o) => ({ id: o.id, text: o.text })),
    correctAnswers: poll.content.correctAnswers.filter((c) => poll.content.options.some((o) => o.id === c)),
    showResults: poll.showResults,
    autoCloseMilliseconds: poll.autoCloseMilliseconds ?? null,
    scheduledAt: Number.isNaN(scheduled) ? null : scheduled,
    ...(poll.visualization ? { visualization: poll.visualization } : {}),
    state: poll.state,
    dirty: false,
    remote: poll,
    createdAt: ids.now,
    updatedAt: ids.now,
  };
}

/** The fields a moderator edits. */
export type DraftPatch = Partial<
  Pick<PollDraft, 'type' | 'question' | 'options' | 'correctAnswers' | 'showResults' | 'autoCloseMilliseconds' | 'scheduledAt' | 'visualization'>
>;

/** A local option id not used in this draft. */
export function nextOptionId(draft: Pick<PollDraft, 'options'>): string {
  let n = draft.options.length + 1;
  const used = new Set(draft.options.map((o) => o.id));
  while (used.has(`o${n}`)) n += 1;
  return `o${n}`;
}

export function addOption(draft: PollDraft): DraftPatch {
  if (draft.options.length >= MAX_POLL_OPTIONS) return {};
  return { options: [...draft.options, { id: nextOptionId(draft), text: '' }] };
}

export function removeOption(draft: PollDraft, optionId: string): DraftPatch {
  return {
    options: draft.options.filter((o) => o.id !== optionId),
    correctAnswers: draft.correctAnswers.filter((c) => c !== optionId),
  };
}

export function setOptionText(draft: PollDraft, optionId: string, text: string): DraftPatch {
  return { options: draft.options.map((o) => (o.id === optionId ? { ...o, text } : o)) };
}

export function toggleCorrect(draft: PollDraft, optionId: string): DraftPatch {
  return {
    correctAnswers: draft.correctAnswers.includes(optionId)
      ? draft.correctAnswers.filter((c) => c !== optionId)
      : [...draft.correctAnswers, optionId],
  };
}

/** Switching to open answers drops the options (an open-answer poll has none); back to choices gives two empty ones. */
export function setType(draft: PollDraft, type: PollDraft['type']): DraftPatch {
  if (type === draft.type) return {};
  if (type === 'OpenAnswers') return { type, options: [], correctAnswers: [] };
  return {
    type,
    options: draft.options.length ? draft.options : [
      { id: 'o1', text: '' },
      { id: 'o2', text: '' },
    ],
  };
}

/** How two option texts are compared for duplicates: case-, width- and whitespace-insensitive. */
export function optionKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
}

/**
 * Every problem with a draft, each at the field the moderator has to fix. Empty when it can be saved.
 * `now` (epoch ms) enables the "schedule in the past" check.
 */
export function validatePoll(draft: PollDraft, now?: number): PollFieldError[] {
  const errors: PollFieldError[] = [];
  if (!draft.question.trim()) errors.push({ field: 'question', message: 'Write a question.' });

  if (draft.type === 'OpenAnswers') {
    if (draft.options.length > 0) errors.push({ field: 'options', message: 'An open-answer poll has no options: remove them or switch to multiple choice.' });
    else if (draft.correctAnswers.length > 0) errors.push({ field: 'options', message: 'An open-answer poll has no correct answers.' });
  } else {
    if (draft.options.length < MIN_POLL_OPTIONS) errors.push({ field: 'options', message: `Add at least ${MIN_POLL_OPTIONS} options.` });
    else if (draft.options.length > MAX_POLL_OPTIONS) errors.push({ field: 'options', message: `A poll has at most ${MAX_POLL_OPTIONS} options: remove ${draft.options.length - MAX_POLL_OPTIONS}.` });
    const seen = new Map<string, number>();
    draft.options.forEach((o: DraftOption, i) => {
      if (!o.text.trim()) {
        errors.push({ field: `options.${i}`, message: `Option ${i + 1} is empty: write it or remove it.` });
        return;
      }
      const key = optionKey(o.text);
      const first = seen.get(key);
      if (first !== undefined) errors.push({ field: `options.${i}`, message: `Option ${i + 1} repeats option ${first + 1}.` });
      else seen.set(key, i);
    });
    const ids = new Set(draft.options.map((o) => o.id));
    if (draft.correctAnswers.some((c) => !ids.has(c))) errors.push({ field: 'options', message: 'A correct answer is not among the options.' });
  }

  const ac = draft.autoCloseMilliseconds;
  if (ac !== null) {
    if (!Number.isInteger(ac) || ac < MIN_AUTO_CLOSE_MS) errors.push({ field: 'autoClose', message: `Auto-close needs at least ${MIN_AUTO_CLOSE_MS / 1000} seconds.` });
    else if (ac > MAX_AUTO_CLOSE_MS) errors.push({ field: 'autoClose', message: 'Auto-close can be at most 24 hours.' });
  }

  if (draft.scheduledAt !== null) {
    if (!Number.isFinite(draft.scheduledAt)) errors.push({ field: 'schedule', message: 'Pick a valid date and time.' });
    else if (now !== undefined && draft.scheduledAt <= now && draft.state !== 'Published' && draft.state !== 'UnPublished')
      errors.push({ field: 'schedule', message: 'The scheduled time has passed: pick a later time or clear the schedule.' });
  }
  return errors;
}

/** The first error at one field (as the editor shows it), if any. */
export function errorAt(errors: readonly PollFieldError[], field: PollFieldError['field']): string | undefined {
  return errors.find((e) => e.field === field)?.message;
}

/** The Kaltura REST's validation `field` (e.g. `content.options`) as the editor's field. */
export function formFieldOf(serverField: string | undefined): PollFieldError['field'] | undefined {
  if (!serverField) return undefined;
  if (serverField.startsWith('content.question')) return 'question';
  const m = /^content\.options\.(\d+)/.exec(serverField);
  if (m) return `options.${Number(m[1])}`;
  if (serverField.startsWith('content.options') || serverField.startsWith('content.correctAnswers')) return 'options';
  if (serverField.startsWith('autoClose')) return 'autoClose';
  if (serverField.startsWith('scheduling')) return 'schedule';
  return undefined;
}
