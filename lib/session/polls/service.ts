// The poll library of every event context (contextId = the session's entry id), in the background.
// The library is kept in storage.local (drafts survive a browser restart) and changed only through the
// pure reducer (lib/model/polls/library). Kaltura is reached through the polls REST client:
// - a create persists `create-attempted` first and passes the library's `knownRemoteIds`, so a retry
//   (after a timeout, a 5xx or a restart) finds the poll an earlier attempt made and never makes a second;
// - while a poll is live (or scheduled) and a panel follows its session, moderatorList is read once a
//   second and the results pushed to the panel;
// - a failure is shown with its reason at the draft, and the draft is kept;
// - every call to Kaltura goes with the credentials of the one tab it is for (the tab the moderator acted
//   in, or the followed tab being read): never with another tab's KS because it names the same entry id.
import { validatePoll, newDraft } from '../../model/polls/draft';
import { EMPTY_LIBRARY, knownRemoteIds, pollLibraryReducer, type PollLibrary, type PollLibraryEvent } from '../../model/polls/library';
import type { Poll, PollDraft, PollResults, PollWithResults } from '../../model/polls/types';
import { PollsApiError, type PollsClient } from '../../kaltura/polls/client';
import type { StorageArea } from '../../platform/storage';
import type { PollError, PollsAction, PollsView } from '../../contracts/polls';

export const LIVE_REFRESH_MS = 1_000;
const LIBRARY_KEY = (contextId: string) => `polls:${contextId}`;

export interface PollsServiceDeps {
  local: StorageArea;
  now(): number;
  newId(): string;
  /**
   * The polls client for a context with the credentials of that one tab (its page's KS, or the ADMIN
   * session of its partner), or why there is none (the tab no longer shows this context, no KS).
   */
  clientFor(contextId: string, tabId: number): Promise<PollsClient | string>;
  /** Contexts a panel follows right now, each with a tab that shows it: only those are read live. */
  watched(): Promise<Array<{ contextId: string; tabId: number }>>;
  onView(contextId: string, view: PollsView): void;
  setTimeout(fn: () => void, ms: number): unknown;
}

interface Transient {
  busy: Record<string, string>;
  errors: Record<string, PollError>;
  results: Record<string, PollResults>;
  refreshedAt: number | null;
  problem: string | null;
  /** Read once more even with nothing live (a poll just closed: its final results). */
  refreshOnce: boolean;
}

export class PollsService {
  private libraries = new Map<string, PollLibrary>();
  private loading = new Map<string, Promise<PollLibrary>>();
  private transient = new Map<string, Transient>();
  private refreshing = new Set<string>();
  private timer: unknown = null;

  constructor(private readonly deps: PollsServiceDeps) {}

  async view(contextId: string): Promise<PollsView> {
    const lib = await this.library(contextId);
    const t = this.state(contextId);
    this.kick();
    return viewOf(contextId, lib, t);
  }

  /** `tabId`: the tab the moderator acted in; Kaltura is called with its credentials only. */
  async act(contextId: string, action: PollsAction, tabId: number): Promise<void> {
    switch (action.kind) {
      case 'new':
        await this.dispatch(contextId, {
          type: 'add',
          draft: newDraft({ id: action.id, idempotencyKey: this.deps.newId(), contextId, now: this.deps.now() }),
        });
        break;
      case 'edit':
        await this.dispatch(contextId, { type: 'edit', id: action.id, patch: action.patch, now: this.deps.now() });
        break;
      case 'duplicate':
      case 'run-again':
        await this.dispatch(contextId, {
          type: action.kind,
          id: action.id,
          newId: this.deps.newId(),
          idempotencyKey: this.deps.newId(),
          now: this.deps.now(),
        });
        break;
      case 'reorder':
        await this.dispatch(contextId, { type: 'reorder', id: action.id, toIndex: action.toIndex });
        break;
      case 'delete':
        await this.work(contextId, tabId, action.id, 'Deleting…', async (client, draft) => {
          if (draft.remoteId) {
            try {
              await client().then((c) => c.remove(draft.remoteId!));
            } catch (error) {
              if (!(error instanceof PollsApiError && error.kind === 'not-found')) throw error;
            }
          }
          await this.dispatch(contextId, { type: 'delete', id: draft.id });
        });
        break;
      case 'save':
        await this.work(contextId, tabId, action.id, 'Saving…', async (client, draft) => {
          const problems = validatePoll(draft, this.deps.now());
          if (problems.length) throw fieldError(problems[0]!);
          await this.ensureSaved(contextId, draft.id, await client());
        });
        break;
      case 'launch':
        await this.work(contextId, tabId, action.id, 'Launching…', async (client, draft) => {
          // Launching publishes now: a schedule is not a reason to refuse it.
          const problems = validatePoll(draft);
          if (problems.length) throw fieldError(problems[0]!);
          const c = await client();
          const saved = await this.ensureSaved(contextId, draft.id, c);
          await this.followed(contextId, await c.publish(saved.remoteId!));
        });
        break;
      case 'close':
        await this.work(contextId, tabId, action.id, 'Closing…', async (client, draft) => {
          const c = await client();
          await this.followed(contextId, await c.close(requireRemote(draft)));
          this.state(contextId).refreshOnce = true;
        });
        break;
      case 'publish-results':
        await this.work(contextId, tabId, action.id, 'Publishing results…', async (client, draft) => {
          const c = await client();
          await this.followed(contextId, await c.publishResults(requireRemote(draft)));
        });
        break;
      case 'refresh':
        break;
    }
    this.emit(contextId);
    if (action.kind === 'refresh' || action.kind === 'launch') await this.refresh(contextId, tabId);
    this.kick();
  }

  /** Reads every poll of the context from Kaltura: states follow the server, results are kept. */
  async refresh(contextId: string, tabId: number): Promise<void> {
    if (this.refreshing.has(contextId)) return;
    this.refreshing.add(contextId);
    const t = this.state(contextId);
    const startedAt = this.deps.now();
    try {
      const client = await this.deps.clientFor(contextId, tabId);
      if (typeof client === 'string') {
        t.problem = client;
        return;
      }
      const list = await client.moderatorList(contextId);
      const lib = await this.library(contextId);
      const byRemote = new Map(list.map((p) => [p._id, p]));
      for (const draft of lib.drafts) {
        if (!draft.remoteId) continue;
        const found = byRemote.get(draft.remoteId);
        if (!found) {
          // Gone from Kaltura (deleted elsewhere); not a poll created after this read started.
          if (draft.updatedAt < startedAt && !t.busy[draft.id]) {
            await this.dispatch(contextId, { type: 'remote-removed', remoteId: draft.remoteId, now: this.deps.now() });
          }
          continue;
        }
        const { results, ...poll } = found as PollWithResults;
        if (results) t.results[draft.id] = results;
        if (changed(draft.remote, poll)) await this.followed(contextId, poll);
      }
      t.refreshedAt = this.deps.now();
      t.problem = null;
      t.refreshOnce = false;
    } catch (error) {
      t.problem = describe(error).message;
    } finally {
      this.refreshing.delete(contextId);
      this.emit(contextId);
    }
  }

  /** Keeps the live loop going while a followed context has a live or scheduled poll. */
  kick(): void {
    if (this.timer !== null) return;
    this.timer = this.deps.setTimeout(() => void this.tick(), LIVE_REFRESH_MS);
  }

  private async tick(): Promise<void> {
    this.timer = null;
    const startedAt = this.deps.now();
    const watched = await this.deps.watched().catch(() => [] as Array<{ contextId: string; tabId: number }>);
    // One read per context, with the credentials of one tab that shows it.
    const tabOf = new Map<string, number>();
    for (const { contextId, tabId } of watched) if (!tabOf.has(contextId)) tabOf.set(contextId, tabId);
    let live = false;
    await Promise.all(
      [...tabOf].map(async ([contextId, tabId]) => {
        const lib = await this.library(contextId);
        const needs = this.state(contextId).refreshOnce || lib.drafts.some((d) => d.remoteId && (d.state === 'Published' || d.state === 'Scheduled'));
        if (!needs) return;
        live = true;
        await this.refresh(contextId, tabId);
      }),
    );
    // At least once a second: the next read is due a second after this one started.
    if (live && this.timer === null) {
      this.timer = this.deps.setTimeout(() => void this.tick(), Math.max(0, LIVE_REFRESH_MS - (this.deps.now() - startedAt)));
    }
  }

  private async ensureSaved(contextId: string, id: string, client: PollsClient): Promise<PollDraft> {
    let draft = await this.find(contextId, id);
    if (!draft) throw new Error('This poll is no longer in the library.');
    if (!draft.remoteId) {
      // Persisted before the request: a retry after any failure, even a restart, lists first.
      if (draft.createAttemptedAt === undefined) await this.dispatch(contextId, { type: 'create-attempted', id, at: this.deps.now() });
      draft = (await this.find(contextId, id))!;
      const poll = await client.create(draft, { knownRemoteIds: knownRemoteIds(await this.library(contextId), id) });
      await this.dispatch(contextId, { type: 'saved', id, poll: withoutResults(poll), now: this.deps.now() });
    } else if (draft.dirty) {
      const poll = await client.update(draft);
      await this.dispatch(contextId, { type: 'saved', id, poll: withoutResults(poll), now: this.deps.now() });
    }
    return (await this.find(contextId, id))!;
  }

  private async followed(contextId: string, poll: Poll): Promise<void> {
    await this.dispatch(contextId, { type: 'remote-changed', poll: withoutResults(poll), now: this.deps.now() });
  }

  /** One remote operation on a draft: marked busy, its failure kept at the draft with the reason. */
  private async work(
    contextId: string,
    tabId: number,
    id: string,
    label: string,
    run: (client: () => Promise<PollsClient>, draft: PollDraft) => Promise<void>,
  ): Promise<void> {
    const t = this.state(contextId);
    const draft = await this.find(contextId, id);
    if (!draft || t.busy[id]) return;
    t.busy[id] = label;
    delete t.errors[id];
    this.emit(contextId);
    const client = async () => {
      const c = await this.deps.clientFor(contextId, tabId);
      if (typeof c === 'string') throw new Error(c);
      return c;
    };
    try {
      await run(client, draft);
    } catch (error) {
      t.errors[id] = describe(error);
    } finally {
      delete t.busy[id];
    }
  }

  private async dispatch(contextId: string, event: PollLibraryEvent): Promise<void> {
    const before = await this.library(contextId);
    const after = pollLibraryReducer(this.libraries.get(contextId) ?? before, event);
    if (after === this.libraries.get(contextId)) return;
    this.libraries.set(contextId, after);
    // Always the newest library: writes that land out of order still leave the latest one.
    await this.deps.local.set({ [LIBRARY_KEY(contextId)]: this.libraries.get(contextId) });
    this.emit(contextId);
  }

  private async find(contextId: string, id: string): Promise<PollDraft | undefined> {
    return (await this.library(contextId)).drafts.find((d) => d.id === id);
  }

  private library(contextId: string): Promise<PollLibrary> {
    const lib = this.libraries.get(contextId);
    if (lib) return Promise.resolve(lib);
    let loading = this.loading.get(contextId);
    if (!loading) {
      loading = this.deps.local
        .get<PollLibrary>(LIBRARY_KEY(contextId))
        .then((stored) => {
          const loaded = this.libraries.get(contextId) ?? (stored && Array.isArray(stored.drafts) ? stored : EMPTY_LIBRARY);
          this.libraries.set(contextId, loaded);
          return loaded;
        })
        .finally(() => this.loading.delete(contextId));
      this.loading.set(contextId, loading);
    }
    return loading;
  }

  private state(contextId: string): Transient {
    let t = this.transient.get(contextId);
    if (!t) {
      t = { busy: {}, errors: {}, results: {}, refreshedAt: null, problem: null, refreshOnce: false };
      this.transient.set(contextId, t);
    }
    return t;
  }

  private emit(contextId: string): void {
    const lib = this.libraries.get(contextId);
    if (!lib) return;
    const t = this.state(contextId);
    this.deps.onView(contextId, viewOf(contextId, lib, t));
  }
}

function requireRemote(draft: PollDraft): string {
  if (!draft.remoteId) throw new Error('This poll has not been launched.');
  return draft.remoteId;
}

function withoutResults(poll: Poll): Poll {
  const { results: _r, ...rest } = poll as PollWithResults;
  return rest;
}

function changed(before: Poll | undefined, after: Poll): boolean {
  if (!before) return true;
  return (
    before.state !== after.state ||
    before.showResults !== after.showResults ||
    before.updatedAt !== after.updatedAt ||
    before.publishedAt !== after.publishedAt
  );
}

class FieldError extends Error {
  constructor(readonly error: PollError) {
    super(error.message);
  }
}

function fieldError(problem: { field: PollError['formField']; message: string }): FieldError {
  return new FieldError({ message: problem.message, ...(problem.field ? { formField: problem.field } : {}) });
}

function describe(error: unknown): PollError {
  if (error instanceof FieldError) return error.error;
  if (error instanceof PollsApiError) return { message: error.message, ...(error.details.formField ? { formField: error.details.formField } : {}) };
  return { message: error instanceof Error ? error.message : String(error) };
}

/** What the panel sees of an event's polls: the library plus the live state, copied so it can't be mutated. */
function viewOf(contextId: string, lib: PollLibrary, t: Transient): PollsView {
  return {
    contextId,
    drafts: lib.drafts,
    busy: { ...t.busy },
    errors: { ...t.errors },
    results: { ...t.results },
    refreshedAt: t.refreshedAt,
    problem: t.problem,
  };
}
