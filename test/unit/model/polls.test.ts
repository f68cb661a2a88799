import { describe, expect, it } from 'vitest';
import {
  addOption,
  countdown,
  draftFromPoll,
  EMPTY_LIBRARY,
  formatRemaining,
  formFieldOf,
  knownRemoteIds,
  newDraft,
  percentages,
  pollCountdown,
  pollLibraryReducer,
  removeOption,
  resultRows,
  setType,
  syncStatus,
  toggleCorrect,
  validatePoll,
  type Poll,
  type PollDraft,
  type PollLibrary,
} from '@/lib/model/polls';

const NOW = Date.UTC(2026, 4, 1, 10, 0, 0);

const draft = (over: Partial<PollDraft> = {}): PollDraft => ({
  ...newDraft({ id: 'd1', idempotencyKey: 'key-1', contextId: '1_sessiona1', now: NOW, question: 'Which city?', options: ['Paris', 'Rome', 'Oslo'] }),
  ...over,
});

const serverPoll = (over: Partial<Poll> = {}): Poll => ({
  _id: 'p1',
  contextId: '1_sessiona1',
  state: 'Published',
  type: 'OptionsPoll',
  content: { question: 'Which city?', options: [{ id: 'a', text: 'Paris' }, { id: 'b', text: 'Rome' }, { id: 'c', text: 'Oslo' }], correctAnswers: [] },
  showResults: false,
  publishedAt: new Date(NOW).toISOString(),
  ...over,
});

const fields = (d: PollDraft, now?: number) => validatePoll(d, now).map((e) => e.field);

describe('validatePoll', () => {
  it('accepts a good multiple-choice poll and a good open-answer poll', () => {
    expect(validatePoll(draft())).toEqual([]);
    expect(validatePoll(draft({ type: 'OpenAnswers', options: [] }))).toEqual([]);
  });

  it('refuses an empty (or blank) question at the question', () => {
    expect(validatePoll(draft({ question: '   ' }))).toEqual([{ field: 'question', message: 'Write a question.' }]);
  });

  it('refuses fewer than 2 and more than 8 options at options', () => {
    expect(fields(draft({ options: [{ id: 'o1', text: 'Only' }] }))).toEqual(['options']);
    expect(fields(draft({ options: [] }))).toEqual(['options']);
    const nine = Array.from({ length: 9 }, (_, i) => ({ id: `o${i}`, text: `Option ${i}` }));
    const errors = validatePoll(draft({ options: nine }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ field: 'options', message: expect.stringMatching(/at most 8/) });
    expect(validatePoll(draft({ options: nine.slice(0, 8) }))).toEqual([]);
  });

  it('names a duplicate (case- and space-insensitive) at the duplicate, not the first', () => {
    const d = draft({ options: [{ id: 'o1', text: 'New York' }, { id: 'o2', text: 'Rome' }, { id: 'o3', text: '  new  YORK ' }, { id: 'o4', text: 'NewYork' }] });
    expect(validatePoll(d)).toEqual([
      { field: 'options.2', message: 'Option 3 repeats option 1.' },
      { field: 'options.3', message: 'Option 4 repeats option 1.' },
    ]);
  });

  it('refuses an empty option at its own field', () => {
    expect(validatePoll(draft({ options: [{ id: 'o1', text: 'A' }, { id: 'o2', text: ' ' }] }))).toEqual([
      { field: 'options.1', message: 'Option 2 is empty: write it or remove it.' },
    ]);
  });

  it('an open-answer poll has no options and no correct answers', () => {
    expect(validatePoll(draft({ type: 'OpenAnswers' }))[0]).toMatchObject({ field: 'options', message: expect.stringMatching(/no options/) });
    expect(validatePoll(draft({ type: 'OpenAnswers', options: [], correctAnswers: ['o1'] }))[0]).toMatchObject({ field: 'options' });
  });

  it('correct answers must be among the options', () => {
    expect(validatePoll(draft({ correctAnswers: ['o2'] }))).toEqual([]);
    expect(validatePoll(draft({ correctAnswers: ['gone'] }))).toEqual([{ field: 'options', message: 'A correct answer is not among the options.' }]);
  });

  it('auto-close: at least 5 s, at most 24 h, an integer', () => {
    expect(fields(draft({ autoCloseMilliseconds: 60_000 }))).toEqual([]);
    expect(fields(draft({ autoCloseMilliseconds: 1000 }))).toEqual(['autoClose']);
    expect(fields(draft({ autoCloseMilliseconds: NaN }))).toEqual(['autoClose']);
    expect(fields(draft({ autoCloseMilliseconds: 25 * 3600_000 }))).toEqual(['autoClose']);
  });

  it('schedule: a valid time, in the future when `now` is given', () => {
    expect(fields(draft({ scheduledAt: NOW + 60_000 }), NOW)).toEqual([]);
    expect(fields(draft({ scheduledAt: NOW - 1 }), NOW)).toEqual(['schedule']);
    expect(fields(draft({ scheduledAt: NaN }))).toEqual(['schedule']);
    expect(fields(draft({ scheduledAt: NOW - 1 }))).toEqual([]);
  });

  it('maps the server field names to the editor fields', () => {
    expect(formFieldOf('content.question')).toBe('question');
    expect(formFieldOf('content.options')).toBe('options');
    expect(formFieldOf('content.options.3')).toBe('options.3');
    expect(formFieldOf('autoCloseMilliseconds')).toBe('autoClose');
    expect(formFieldOf('scheduling.scheduledTime')).toBe('schedule');
    expect(formFieldOf('contextId')).toBeUndefined();
  });
});

describe('draft editing helpers', () => {
  it('adds options up to 8 with fresh ids, removes with their correct answers', () => {
    let d = draft();
    for (let i = 0; i < 10; i++) d = { ...d, ...addOption(d) };
    expect(d.options).toHaveLength(8);
    expect(new Set(d.options.map((o) => o.id)).size).toBe(8);
    d = { ...d, ...toggleCorrect(d, 'o2') };
    expect(d.correctAnswers).toEqual(['o2']);
    d = { ...d, ...removeOption(d, 'o2') };
    expect(d.correctAnswers).toEqual([]);
    expect(d.options.some((o) => o.id === 'o2')).toBe(false);
    d = { ...d, ...addOption(d) };
    expect(new Set(d.options.map((o) => o.id)).size).toBe(d.options.length);
  });

  it('switching to open answer drops options; back gives two empty ones', () => {
    let d = { ...draft({ correctAnswers: ['o1'] }) };
    d = { ...d, ...setType(d, 'OpenAnswers') };
    expect(d).toMatchObject({ type: 'OpenAnswers', options: [], correctAnswers: [] });
    d = { ...d, ...setType(d, 'OptionsPoll') };
    expect(d.options.map((o) => o.text)).toEqual(['', '']);
  });

  it('draftFromPoll keeps the remote id, options and schedule', () => {
    const d = draftFromPoll(serverPoll({ state: 'Scheduled', scheduling: { schedulingType: 'absolute', scheduledTime: '2026-05-01T11:00:00.000Z' } }), { id: 'x', idempotencyKey: 'k', now: NOW });
    expect(d).toMatchObject({ id: 'x', remoteId: 'p1', state: 'Scheduled', scheduledAt: Date.UTC(2026, 4, 1, 11), options: [{ id: 'a', text: 'Paris' }, { id: 'b', text: 'Rome' }, { id: 'c', text: 'Oslo' }] });
  });
});

describe('pollLibraryReducer', () => {
  const lib = (...drafts: PollDraft[]): PollLibrary => ({ drafts });
  const a = draft({ id: 'a', idempotencyKey: 'ka' });
  const b = draft({ id: 'b', idempotencyKey: 'kb', question: 'B?' });
  const c = draft({ id: 'c', idempotencyKey: 'kc', question: 'C?' });

  it('adds (once per id), edits, deletes', () => {
    let s = pollLibraryReducer(EMPTY_LIBRARY, { type: 'add', draft: a });
    expect(pollLibraryReducer(s, { type: 'add', draft: a })).toBe(s);
    s = pollLibraryReducer(s, { type: 'edit', id: 'a', patch: { question: 'New?' }, now: NOW + 1 });
    expect(s.drafts[0]).toMatchObject({ question: 'New?', updatedAt: NOW + 1, dirty: false });
    s = pollLibraryReducer(s, { type: 'delete', id: 'a' });
    expect(s.drafts).toEqual([]);
    expect(pollLibraryReducer(s, { type: 'delete', id: 'a' })).toBe(s);
  });

  it('duplicates after the original with a new id and a new idempotency key, without the remote id', () => {
    const saved = { ...a, remoteId: 'r1', state: 'UnPublished' as const };
    const s = pollLibraryReducer(lib(saved, b), { type: 'duplicate', id: 'a', newId: 'a2', idempotencyKey: 'ka2', now: NOW + 5 });
    expect(s.drafts.map((d) => d.id)).toEqual(['a', 'a2', 'b']);
    const copy = s.drafts[1]!;
    expect(copy).toMatchObject({ idempotencyKey: 'ka2', state: 'Draft', question: a.question, copyOf: 'a', createdAt: NOW + 5 });
    expect(copy.remoteId).toBeUndefined();
    expect(copy.options).not.toBe(saved.options);
  });

  it('run again makes a fresh copy of a closed poll; the original stays', () => {
    const closed = { ...a, remoteId: 'r1', state: 'UnPublished' as const, remote: serverPoll({ _id: 'r1', state: 'UnPublished' }), createAttemptedAt: NOW, scheduledAt: NOW };
    const s = pollLibraryReducer(lib(closed), { type: 'run-again', id: 'a', newId: 'a-again', idempotencyKey: 'k-again', now: NOW + 9 });
    expect(s.drafts).toHaveLength(2);
    expect(s.drafts[0]).toBe(closed);
    const fresh = s.drafts[1]!;
    expect(fresh).toMatchObject({ id: 'a-again', idempotencyKey: 'k-again', state: 'Draft', scheduledAt: null, dirty: false });
    expect(fresh.remoteId).toBeUndefined();
    expect(fresh.remote).toBeUndefined();
    expect(fresh.createAttemptedAt).toBeUndefined();
  });

  it('reorders within bounds', () => {
    const s = lib(a, b, c);
    expect(pollLibraryReducer(s, { type: 'reorder', id: 'c', toIndex: 0 }).drafts.map((d) => d.id)).toEqual(['c', 'a', 'b']);
    expect(pollLibraryReducer(s, { type: 'reorder', id: 'a', toIndex: 99 }).drafts.map((d) => d.id)).toEqual(['b', 'c', 'a']);
    expect(pollLibraryReducer(s, { type: 'reorder', id: 'b', toIndex: 1 })).toBe(s);
    expect(pollLibraryReducer(s, { type: 'reorder', id: 'zz', toIndex: 1 })).toBe(s);
  });

  it('tracks the create attempt (first one only), the save and later edits', () => {
    let s = lib(a);
    s = pollLibraryReducer(s, { type: 'create-attempted', id: 'a', at: NOW });
    s = pollLibraryReducer(s, { type: 'create-attempted', id: 'a', at: NOW + 100 });
    expect(s.drafts[0]!.createAttemptedAt).toBe(NOW);
    expect(syncStatus(s.drafts[0]!)).toBe('saving');
    s = pollLibraryReducer(s, { type: 'saved', id: 'a', poll: serverPoll({ _id: 'r1', state: 'Draft' }), now: NOW + 1 });
    expect(s.drafts[0]).toMatchObject({ remoteId: 'r1', state: 'Draft', dirty: false });
    expect(s.drafts[0]!.createAttemptedAt).toBeUndefined();
    // the server's option ids replace the local ones
    expect(s.drafts[0]!.options.map((o) => o.id)).toEqual(['a', 'b', 'c']);
    expect(syncStatus(s.drafts[0]!)).toBe('saved');
    s = pollLibraryReducer(s, { type: 'edit', id: 'a', patch: { question: 'Changed?' }, now: NOW + 2 });
    expect(syncStatus(s.drafts[0]!)).toBe('unsaved-changes');
    expect(knownRemoteIds(s)).toEqual(['r1']);
    expect(knownRemoteIds(s, 'a')).toEqual([]);
  });

  it('follows remote state changes and removal', () => {
    let s = lib({ ...a, remoteId: 'r1', state: 'Draft' });
    s = pollLibraryReducer(s, { type: 'remote-changed', poll: serverPoll({ _id: 'r1', state: 'Published', showResults: true }), now: NOW });
    expect(s.drafts[0]).toMatchObject({ state: 'Published', showResults: true });
    s = pollLibraryReducer(s, { type: 'remote-removed', remoteId: 'r1', now: NOW });
    expect(s.drafts[0]!.remoteId).toBeUndefined();
    expect(s.drafts[0]!.state).toBe('Draft');
  });
});

describe('live results', () => {
  it('percentages sum to 100 (largest remainder)', () => {
    expect(percentages([1, 1, 1])).toEqual([34, 33, 33]);
    expect(percentages([2, 1])).toEqual([67, 33]);
    expect(percentages([0, 0])).toEqual([0, 0]);
    expect(percentages([5])).toEqual([100]);
    expect(percentages([1, 0, 0])).toEqual([100, 0, 0]);
    // a quick property check over many vote distributions
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let n = 0; n < 500; n++) {
      const counts = Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => Math.floor(rnd() * 1000));
      const p = percentages(counts);
      const total = counts.reduce((x, y) => x + y, 0);
      expect(p.reduce((x, y) => x + y, 0)).toBe(total === 0 ? 0 : 100);
      counts.forEach((cnt, i) => expect(Math.abs(p[i]! - (total ? (cnt * 100) / total : 0))).toBeLessThan(1));
    }
  });

  it('result rows per option, counts from totals, correct flags', () => {
    const rows = resultRows(serverPoll({ content: { ...serverPoll().content, correctAnswers: ['b'] } }), { totals: { a: 3, b: 1 }, answers: 4 });
    expect(rows.map((r) => [r.text, r.count, r.percent, r.correct])).toEqual([
      ['Paris', 3, 75, false],
      ['Rome', 1, 25, true],
      ['Oslo', 0, 0, false],
    ]);
  });

  it('open answers grouped, most frequent first', () => {
    const rows = resultRows(serverPoll({ type: 'OpenAnswers', content: { question: 'Why?', options: [], correctAnswers: [] } }), {
      totals: {},
      answers: 3,
      texts: ['Speed', 'speed ', 'Price'],
    });
    expect(rows.map((r) => [r.text, r.count, r.percent])).toEqual([
      ['Speed', 2, 67],
      ['Price', 1, 33],
    ]);
  });

  it('countdown from publish time + auto-close, never negative', () => {
    const cd = countdown(NOW, 60_000);
    expect(cd.endsAt).toBe(NOW + 60_000);
    expect(cd.remainingMs(NOW + 15_000)).toBe(45_000);
    expect(cd.remainingMs(NOW + 90_000)).toBe(0);
    expect(countdown(NOW, null).remainingMs(NOW)).toBeNull();
    expect(pollCountdown(serverPoll({ autoCloseMilliseconds: 30_000 })).remainingMs(NOW + 10_000)).toBe(20_000);
    expect(pollCountdown(serverPoll({ state: 'UnPublished', autoCloseMilliseconds: 30_000 })).endsAt).toBeNull();
    expect(formatRemaining(65_000)).toBe('1:05');
    expect(formatRemaining(100)).toBe('0:01');
    expect(formatRemaining(0)).toBe('0:00');
    expect(formatRemaining(3_723_000)).toBe('1:02:03');
  });
});
