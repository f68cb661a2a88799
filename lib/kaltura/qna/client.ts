// A small client for the legacy webcast Q&A over API v3 (KALTURA.md §3), on an injected fetch. It reads
// threads incrementally by updatedAt and performs the moderator's actions. Every failure is a KalturaApiError
// whose message says which step failed.

import { callApi, callMultiRequest, DEFAULT_SERVICE_URL, KalturaApiError, type Fetch, type MultiRequestPart } from '../api';
import type { QnaMetadata, QnaState } from './metadata-xml';
import {
  announcementParts,
  answeredLiveParts,
  listThreadsCall,
  MAX_PAGE_SIZE,
  metadataProfileListCall,
  postAnnotationIndexes,
  RELATIVE_TIME_LIMIT,
  replyParts,
  updateMetadataCall,
  withClaim,
  withState,
} from './requests';
import { emptyThreads, mergeThreads, type QnaAnnotation, type ThreadState } from './threads';

export interface WebcastQnaClientOptions {
  fetch: Fetch;
  /** The moderator's KS (an ADMIN KS sees every thread), or a getter for a KS that gets renewed. */
  ks: string | (() => string);
  serviceUrl?: string;
  timeoutMs?: number;
  pageSize?: number;
  /** A sync stops after this many pages and reports `complete: false`; the next sync resumes safely. */
  maxPages?: number;
  /** List only isPublic=1 annotations (what a USER KS would see anyway). Off for moderators. */
  publicOnly?: boolean;
}

export interface SyncResult {
  threads: ThreadState;
  /** Question ids that appeared, changed or disappeared during this sync. */
  changed: string[];
  /**
   * Pass to the next sync: the newest updatedAt seen (Unix seconds), or null when nothing was ever seen. The
   * next sync asks for updatedAt >= cursor, re-reading the boundary second so that a change made within it
   * after this read is not lost; mergeThreads makes the re-read harmless.
   */
  cursor: number | null;
  /** False when maxPages stopped the sync early; everything older than `cursor` has been read. */
  complete: boolean;
  /** Rows read (re-reads included) and rows that were not Kaltura-QnA annotations. */
  rows: number;
  rejected: { id: string | null; reason: string }[];
}

/** What an action needs to know about a thread: its root annotation (from ThreadState.annotations). */
export type ThreadRoot = Pick<QnaAnnotation, 'id' | 'userId' | 'metadataId' | 'metadata'>;

export interface Posted {
  /** The new cue point's id. */
  id: string;
  metadataId: number | null;
}

interface ListResponse {
  objects?: unknown;
}

export class WebcastQnaClient {
  private readonly serviceUrl: string;
  private readonly timeoutMs: number;
  private readonly pageSize: number;
  private readonly maxPages: number;
  private profileId: number | undefined;

  constructor(private readonly options: WebcastQnaClientOptions) {
    this.serviceUrl = options.serviceUrl ?? DEFAULT_SERVICE_URL;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.pageSize = Math.min(Math.max(1, options.pageSize ?? MAX_PAGE_SIZE), MAX_PAGE_SIZE);
    this.maxPages = options.maxPages ?? 100;
  }

  private get ks(): string {
    return typeof this.options.ks === 'function' ? this.options.ks() : this.options.ks;
  }

  /**
   * Reads every Q&A annotation of an entry changed at or after `since` (null: all) and merges it into
   * `previous`. Pages by keyset: ordered by +updatedAt, each full page moves the filter to its newest second
   * and starts again at page 1 (rows moved by a concurrent change cannot slip between pages); only a full page
   * inside a single second advances the page index.
   */
  async sync(entryId: string, since: number | null, previous: ThreadState = emptyThreads()): Promise<SyncResult> {
    let threads = previous;
    const changed = new Set<string>();
    const rejected: SyncResult['rejected'] = [];
    let from = since !== null && since > RELATIVE_TIME_LIMIT ? since : null;
    let maxSeen = from;
    let pageIndex = 1;
    let rowsRead = 0;
    for (let page = 0; page < this.maxPages; page++) {
      const call = { ...listThreadsCall({ entryId, since: from, pageIndex, pageSize: this.pageSize, publicOnly: this.options.publicOnly }), ks: this.ks };
      const response = await this.call<ListResponse>(call, 'Reading the Q&A threads');
      if (!Array.isArray(response?.objects)) throw new KalturaApiError('BAD_RESPONSE', 'Reading the Q&A threads: Kaltura answered without a list of cue points');
      const rows: unknown[] = response.objects;
      rowsRead += rows.length;
      const merged = mergeThreads(threads, rows);
      threads = merged.threads;
      merged.changed.forEach((id) => changed.add(id));
      rejected.push(...merged.rejected);
      let pageMax: number | null = null;
      for (const row of rows) {
        const u = typeof row === 'object' && row !== null ? Number((row as { updatedAt?: unknown }).updatedAt) : NaN;
        if (Number.isFinite(u) && u > RELATIVE_TIME_LIMIT && (pageMax === null || u > pageMax)) pageMax = u;
      }
      if (pageMax !== null && (maxSeen === null || pageMax > maxSeen)) maxSeen = pageMax;
      if (rows.length < this.pageSize) return { threads, changed: [...changed], cursor: maxSeen, complete: true, rows: rowsRead, rejected };
      if (pageMax !== null && (from === null || pageMax > from)) {
        from = pageMax;
        pageIndex = 1;
      } else {
        pageIndex += 1;
      }
    }
    return { threads, changed: [...changed], cursor: from, complete: false, rows: rowsRead, rejected };
  }

  /** The Kaltura-QnA metadata profile id (cached). */
  async metadataProfileId(): Promise<number> {
    if (this.profileId !== undefined) return this.profileId;
    const response = await this.call<{ objects?: { id?: unknown }[] }>({ ...metadataProfileListCall(), ks: this.ks }, 'Finding the Kaltura-QnA metadata profile');
    const id = Number(response?.objects?.[0]?.id);
    if (!Number.isInteger(id)) throw new KalturaApiError('QNA_PROFILE_NOT_FOUND', 'This partner has no Kaltura-QnA metadata profile, so webcast Q&A is not set up');
    this.profileId = id;
    return id;
  }

  /** Answers in the thread: public (AnswerOnAir) or private to the asker (Answer). */
  reply(input: { entryId: string; root: ThreadRoot; text: string; visibility: 'public' | 'private'; commandId?: string }): Promise<Posted> {
    const askerId = input.root.metadata.threadCreatorId ?? input.root.userId;
    return this.post(
      (metadataProfileId) =>
        replyParts({ entryId: input.entryId, threadId: input.root.id, askerId, text: input.text, visibility: input.visibility, systemName: input.commandId, metadataProfileId }),
      input.visibility === 'public' ? 'Posting the public answer' : 'Posting the private answer',
    );
  }

  /** Marks a question answered live (the `aoa_auto_reply` marker reply; see capabilities.ts). */
  markAnsweredLive(input: { entryId: string; root: ThreadRoot; text?: string; commandId?: string }): Promise<Posted> {
    const askerId = input.root.metadata.threadCreatorId ?? input.root.userId;
    const text = input.text ?? 'This question will be answered live.';
    return this.post(
      (metadataProfileId) => answeredLiveParts({ entryId: input.entryId, threadId: input.root.id, askerId, text, systemName: input.commandId, metadataProfileId }),
      'Marking the question answered live',
    );
  }

  /** A public announcement. */
  announce(input: { entryId: string; text: string; commandId?: string }): Promise<Posted> {
    return this.post((metadataProfileId) => announcementParts({ entryId: input.entryId, text: input.text, systemName: input.commandId, metadataProfileId }), 'Posting the announcement');
  }

  /** Sets the root's State (dismiss = Deleted, restore = Pending, …). Resolves with the document written. */
  setState(root: ThreadRoot, state: QnaState): Promise<QnaMetadata> {
    return this.updateRoot(root, withState(root.metadata, state), `Setting the question's state to ${state}`);
  }

  /** Claims the thread for a moderator (null releases it). */
  claim(root: ThreadRoot, moderatorId: string | null): Promise<QnaMetadata> {
    return this.updateRoot(root, withClaim(root.metadata, moderatorId), moderatorId ? 'Claiming the question' : 'Releasing the question');
  }

  private async updateRoot(root: ThreadRoot, metadata: QnaMetadata, step: string): Promise<QnaMetadata> {
    if (root.metadataId === null) throw new KalturaApiError('QNA_NO_METADATA', `${step}: the question has no Kaltura-QnA metadata to update`);
    await this.call({ ...updateMetadataCall(root.metadataId, metadata), ks: this.ks }, step);
    return metadata;
  }

  /** Runs an annotation multirequest; the profile lookup rides along the first time. */
  private async post(build: (metadataProfileId: number | undefined) => MultiRequestPart[], step: string): Promise<Posted> {
    const metadataProfileId = this.profileId;
    const parts = build(metadataProfileId);
    const results = await this.wrap(callMultiRequest(this.options.fetch, parts, { ks: this.ks, serviceUrl: this.serviceUrl, timeoutMs: this.timeoutMs }), step);
    results.forEach((result, i) => {
      if (!result.ok) {
        const part = parts[i]!;
        throw new KalturaApiError(result.error.code, `${step} failed at ${part.service}.${part.action}: ${result.error.message}`, result.error.args);
      }
    });
    const at = postAnnotationIndexes({ metadataProfileId });
    if (metadataProfileId === undefined) {
      const id = Number((results[0] as { value: { objects?: { id?: unknown }[] } }).value?.objects?.[0]?.id);
      if (Number.isInteger(id)) this.profileId = id;
    }
    const cuePoint = (results[at.cuePoint] as { value: { id?: unknown } }).value;
    const metadata = (results[at.metadata] as { value: { id?: unknown } }).value;
    if (typeof cuePoint?.id !== 'string') throw new KalturaApiError('BAD_RESPONSE', `${step}: Kaltura did not return the new cue point`);
    const metadataId = Number(metadata?.id);
    return { id: cuePoint.id, metadataId: Number.isFinite(metadataId) ? metadataId : null };
  }

  private call<T>(call: Parameters<typeof callApi>[1], step: string): Promise<T> {
    return this.wrap(callApi<T>(this.options.fetch, call, { serviceUrl: this.serviceUrl, timeoutMs: this.timeoutMs }), step);
  }

  /** Prefixes a KalturaApiError's message with the step that failed, keeping code and args. */
  private async wrap<T>(promise: Promise<T>, step: string): Promise<T> {
    try {
      return await promise;
    } catch (error) {
      if (error instanceof KalturaApiError) throw new KalturaApiError(error.code, `${step}: ${error.message}`, error.args);
      throw error;
    }
  }
}
