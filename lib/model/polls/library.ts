// The poll library of one event: drafts in the moderator's order, changed only through events.
// Pure: ids and clocks arrive in the events (the background makes them), so replaying is deterministic.

import type { DraftPatch } from './draft';
import type { Poll, PollDraft } from './types';

export interface PollLibrary {
  drafts: PollDraft[];
}

export const EMPTY_LIBRARY: PollLibrary = { drafts: [] };

export type PollLibraryEvent =
  | { type: 'add'; draft: PollDraft }
  | { type: 'edit'; id: string; patch: DraftPatch; now: number }
  /** A new, independent draft with the same content, placed after the original. */
  | { type: 'duplicate'; id: string; newId: string; idempotencyKey: string; now: number }
  | { type: 'delete'; id: string }
  | { type: 'reorder'; id: string; toIndex: number }
  /** "Run again": a fresh copy of a poll that ran (new id, new key, no remote id, no results). */
  | { type: 'run-again'; id: string; newId: string; idempotencyKey: string; now: number }
  /** The background is about to send the first create: persisted before the request. */
  | { type: 'create-attempted'; id: string; at: number }
  /** The server answered create or update with this poll. */
  | { type: 'saved'; id: string; poll: Poll; now: number }
  /** moderatorList / a state change saw this poll: follow its state (matched by remote id). */
  | { type: 'remote-changed'; poll: Poll; now: number }
  /** The poll is gone from the server: the draft stays, as a local draft again. */
  | { type: 'remote-removed'; remoteId: string; now: number };

function copyOf(d: PollDraft, newId: string, idempotencyKey: string, now: number): PollDraft {
  const { remoteId: _r, remote: _p, createAttemptedAt: _c, ...rest } = d;
  return {
    ...rest,
    id: newId,
    idempotencyKey,
    state: 'Draft',
    // A copy is prepared again: its old schedule is in the past.
    scheduledAt: null,
    dirty: false,
    copyOf: d.id,
    options: d.options.map((o) => ({ ...o })),
    correctAnswers: [...d.correctAnswers],
    createdAt: now,
    updatedAt: now,
  };
}

function insertAfter(drafts: PollDraft[], id: string, draft: PollDraft): PollDraft[] {
  const i = drafts.findIndex((d) => d.id === id);
  const out = [...drafts];
  out.splice(i + 1, 0, draft);
  return out;
}

function mapDraft(lib: PollLibrary, pred: (d: PollDraft) => boolean, fn: (d: PollDraft) => PollDraft): PollLibrary {
  let changed = false;
  const drafts = lib.drafts.map((d) => {
    if (!pred(d)) return d;
    changed = true;
    return fn(d);
  });
  return changed ? { drafts } : lib;
}

/** Remote fields the draft follows when the server's copy changes. */
function followRemote(d: PollDraft, poll: Poll, now: number): PollDraft {
  return { ...d, remoteId: poll._id, state: poll.state, showResults: d.dirty ? d.showResults : poll.showResults, remote: poll, updatedAt: now };
}

export function pollLibraryReducer(lib: PollLibrary, event: PollLibraryEvent): PollLibrary {
  switch (event.type) {
    case 'add':
      if (lib.drafts.some((d) => d.id === event.draft.id)) return lib;
      return { drafts: [...lib.drafts, event.draft] };
    case 'edit':
      return mapDraft(
        lib,
        (d) => d.id === event.id,
        (d) => ({ ...d, ...event.patch, dirty: d.remoteId !== undefined, updatedAt: event.now }),
      );
    case 'duplicate':
    case 'run-again': {
      const source = lib.drafts.find((d) => d.id === event.id);
      if (!source || lib.drafts.some((d) => d.id === event.newId)) return lib;
      return { drafts: insertAfter(lib.drafts, source.id, copyOf(source, event.newId, event.idempotencyKey, event.now)) };
    }
    case 'delete':
      return lib.drafts.some((d) => d.id === event.id) ? { drafts: lib.drafts.filter((d) => d.id !== event.id) } : lib;
    case 'reorder': {
      const from = lib.drafts.findIndex((d) => d.id === event.id);
      if (from < 0) return lib;
      const to = Math.max(0, Math.min(lib.drafts.length - 1, Math.trunc(event.toIndex)));
      if (to === from) return lib;
      const drafts = [...lib.drafts];
      const [moved] = drafts.splice(from, 1);
      drafts.splice(to, 0, moved!);
      return { drafts };
    }
    case 'create-attempted':
      return mapDraft(
        lib,
        (d) => d.id === event.id && d.createAttemptedAt === undefined,
        (d) => ({ ...d, createAttemptedAt: event.at }),
      );
    case 'saved':
      return mapDraft(
        lib,
        (d) => d.id === event.id,
        (d) => {
          const { createAttemptedAt: _c, ...rest } = d;
          // The server's option ids replace the local ones only when the texts line up one to one.
          const sameOptions =
            event.poll.content.options.length === d.options.length && event.poll.content.options.every((o, i) => o.text === d.options[i]!.text.trim());
          const options = sameOptions ? event.poll.content.options.map((o) => ({ id: o.id, text: o.text })) : d.options;
          const correctAnswers = sameOptions
            ? d.correctAnswers.map((c) => options[d.options.findIndex((o) => o.id === c)]?.id).filter((c): c is string => c !== undefined)
            : d.correctAnswers;
          return { ...followRemote({ ...rest, options, correctAnswers }, event.poll, event.now), dirty: false };
        },
      );
    case 'remote-changed':
      return mapDraft(
        lib,
        (d) => d.remoteId === event.poll._id,
        (d) => followRemote(d, event.poll, event.now),
      );
    case 'remote-removed':
      return mapDraft(
        lib,
        (d) => d.remoteId === event.remoteId,
        (d) => {
          const { remoteId: _r, remote: _p, createAttemptedAt: _c, ...rest } = d;
          return { ...rest, state: 'Draft', dirty: false, updatedAt: event.now };
        },
      );
  }
}

/** Where a draft stands between the extension and Kaltura, in the moderator's words. */
export function syncStatus(d: PollDraft): 'local' | 'saving' | 'saved' | 'unsaved-changes' {
  if (d.remoteId === undefined) return d.createAttemptedAt !== undefined ? 'saving' : 'local';
  return d.dirty ? 'unsaved-changes' : 'saved';
}

/** Remote ids the library already owns: a retried create must not adopt one of them. */
export function knownRemoteIds(lib: PollLibrary, exceptDraftId?: string): string[] {
  return lib.drafts.filter((d) => d.id !== exceptDraftId && d.remoteId !== undefined).map((d) => d.remoteId!);
}
