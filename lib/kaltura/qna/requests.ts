// API v3 calls of the legacy webcast Q&A (KALTURA.md §3 "Legacy webcast Q&A"), as ApiCall objects for
// callApi and multirequest parts for callMultiRequest. Shapes follow the official client (kaltura-client) and
// the Kaltura players that speak this protocol (playkit-js-qna src/providers/message-loader.ts; kaltura/mwEmbed
// modules/QnA KQnaService.js).

import { resultRef, type ApiCall, type MultiRequestPart } from '../api';
import { encodeQnaMetadata, type QnaMetadata, type QnaState } from './metadata-xml';

/** Every Q&A annotation carries this tag (KALTURA.md §3; mwEmbed KQnaService QandA_cuePointTag). */
export const QNA_TAG = 'qna';
/**
 * The "will be answered on air" marker reply: tags `qna, aoa_auto_reply` (playkit-js-qna qnaMessageFactory.ts
 * AOAAutoReplyTag; chatMessagesAdapter.tsx accepts exactly 'qna, aoa_auto_reply' or 'qna').
 */
export const AOA_AUTO_REPLY_TAG = 'aoa_auto_reply';
export const QNA_MARKER_TAGS = `${QNA_TAG}, ${AOA_AUTO_REPLY_TAG}`;
/** Metadata profile of Q&A annotations (KALTURA.md §3). */
export const QNA_PROFILE_SYSTEM_NAME = 'Kaltura-QnA';
export const QNA_METADATA_OBJECT_TYPE = 'annotationMetadata.Annotation';
/** The partner-0 response profile that trims cue points and adds their metadata (KALTURA.md §3). */
export const QNA_RESPONSE_PROFILE = 'QandA';
/** Where that profile puts the metadata: relatedObjects.QandA_ResponseProfile.objects[0].xml (KALTURA.md §3). */
export const QNA_RELATED_OBJECTS = 'QandA_ResponseProfile';
/** KalturaFilterPager::MAX_PAGE_SIZE (KALTURA.md §3: up to 500 rows). */
export const MAX_PAGE_SIZE = 500;
/** Filter times within ±10 years are relative to now (KALTURA.md §3), so a real cursor is always above this. */
export const RELATIVE_TIME_LIMIT = 10 * 365 * 24 * 3600;

export interface ListThreadsOptions {
  entryId: string;
  /**
   * Unix seconds: only cue points updated at or after it (`updatedAtGreaterThanOrEqual`). Omitted when absent
   * or within ±10 years of zero, which Kaltura would read as relative to now (KALTURA.md §3).
   */
  since?: number | null;
  pageIndex?: number;
  pageSize?: number;
  /**
   * `isPublicEqual=1`, as attendees' players list (mwEmbed KQnaService requestCuePoints). Off by default: a
   * moderator with an ADMIN KS must see every thread.
   */
  publicOnly?: boolean;
}

/**
 * cuepoint_cuepoint.list of Q&A annotations, oldest change first, with the QandA response profile
 * (a KalturaResponseProfileHolder by systemName, as mwEmbed KQnaService sends
 * `responseProfile:objectType=KalturaResponseProfileHolder, responseProfile:systemName=QandA`).
 */
export function listThreadsCall({ entryId, since, pageIndex = 1, pageSize = MAX_PAGE_SIZE, publicOnly = false }: ListThreadsOptions): ApiCall {
  const filter: Record<string, unknown> = {
    objectType: 'KalturaAnnotationFilter',
    entryIdIn: entryId,
    tagsLike: QNA_TAG,
    orderBy: '+updatedAt',
  };
  if (publicOnly) filter.isPublicEqual = 1;
  if (since != null && Number.isFinite(since) && Math.abs(since) > RELATIVE_TIME_LIMIT) filter.updatedAtGreaterThanOrEqual = Math.trunc(since);
  return {
    service: 'cuepoint_cuepoint',
    action: 'list',
    params: {
      filter,
      pager: { objectType: 'KalturaFilterPager', pageSize: Math.min(Math.max(1, Math.trunc(pageSize)), MAX_PAGE_SIZE), pageIndex: Math.max(1, Math.trunc(pageIndex)) },
      responseProfile: { objectType: 'KalturaResponseProfileHolder', systemName: QNA_RESPONSE_PROFILE },
    },
  };
}

/** metadata_metadataprofile.list by systemName Kaltura-QnA (playkit-js-qna message-loader.ts, step 1). */
export function metadataProfileListCall(): MultiRequestPart {
  return {
    service: 'metadata_metadataprofile',
    action: 'list',
    params: { filter: { objectType: 'KalturaMetadataProfileFilter', systemNameEqual: QNA_PROFILE_SYSTEM_NAME } },
  };
}

/** metadata_metadata.update with the whole document: the schema validates the whole XML (KALTURA.md §3). */
export function updateMetadataCall(metadataId: number, metadata: QnaMetadata): MultiRequestPart {
  return { service: 'metadata_metadata', action: 'update', params: { id: metadataId, xmlData: encodeQnaMetadata(metadata) } };
}

export interface AnnotationInput {
  entryId: string;
  text: string;
  metadata: QnaMetadata;
  /** Thread root for a reply (cuePoint.parentId). */
  parentId?: string;
  /** Tags set by the final update (default `qna`). */
  tags?: string;
  /**
   * `systemName` of the new cue point: the caller's command id, so a retry can find what it posted (playkit-js-qna
   * sends a uuid here). The QandA response profile returns it.
   */
  systemName?: string;
  /** Player time; the moderator has none, 0 by default. */
  startTime?: number;
  /** The Kaltura-QnA profile id when known; otherwise the multirequest looks it up first. */
  metadataProfileId?: number;
}

/**
 * The multirequest that posts one Q&A annotation (KALTURA.md §3, playkit-js-qna message-loader.ts):
 * [metadataprofile.list], cuepoint.add, metadata.add (objectId = the new cue point), cuepoint.update tags=qna.
 * isPublic is always 1: Kaltura players list with isPublicEqual=1 and keep an attendee to their own thread by
 * ThreadCreatorId (mwEmbed KQnaService requestCuePoints advancedSearch), so an isPublic=0 answer would never
 * reach the asker.
 */
export function postAnnotationParts(input: AnnotationInput): MultiRequestPart[] {
  const parts: MultiRequestPart[] = [];
  let profileRef: number | string;
  if (input.metadataProfileId !== undefined) profileRef = input.metadataProfileId;
  else {
    parts.push(metadataProfileListCall());
    profileRef = resultRef(parts.length, 'objects', 0, 'id');
  }
  const cuePoint: Record<string, unknown> = {
    objectType: 'KalturaAnnotation',
    entryId: input.entryId,
    text: input.text,
    isPublic: 1,
    searchableOnEntry: 0,
    startTime: input.startTime ?? 0,
  };
  if (input.systemName !== undefined) cuePoint.systemName = input.systemName;
  if (input.parentId !== undefined) cuePoint.parentId = input.parentId;
  parts.push({ service: 'cuepoint_cuepoint', action: 'add', params: { cuePoint } });
  const added = resultRef(parts.length, 'id');
  parts.push({
    service: 'metadata_metadata',
    action: 'add',
    params: { metadataProfileId: profileRef, objectType: QNA_METADATA_OBJECT_TYPE, objectId: added, xmlData: encodeQnaMetadata(input.metadata) },
  });
  parts.push({ service: 'cuepoint_cuepoint', action: 'update', params: { id: added, cuePoint: { objectType: 'KalturaAnnotation', tags: input.tags ?? QNA_TAG } } });
  return parts;
}

/** Index (0-based) of the cuepoint.add and metadata.add parts in postAnnotationParts' result. */
export function postAnnotationIndexes(input: Pick<AnnotationInput, 'metadataProfileId'>): { cuePoint: number; metadata: number; tags: number } {
  const first = input.metadataProfileId === undefined ? 1 : 0;
  return { cuePoint: first, metadata: first + 1, tags: first + 2 };
}

export interface ReplyInput {
  entryId: string;
  /** The thread's root cue point id. */
  threadId: string;
  /** The asker (the root's ThreadCreatorId, else its userId). */
  askerId: string | null;
  text: string;
  /** public: Type AnswerOnAir; private: Type Answer in the asker's thread (KALTURA.md §3, INFERRED). */
  visibility: 'public' | 'private';
  systemName?: string;
  metadataProfileId?: number;
}

export function replyParts(r: ReplyInput): MultiRequestPart[] {
  return postAnnotationParts({
    entryId: r.entryId,
    text: r.text,
    parentId: r.threadId,
    systemName: r.systemName,
    metadataProfileId: r.metadataProfileId,
    metadata: threadReplyMetadata(r.visibility === 'public' ? 'AnswerOnAir' : 'Answer', r.threadId, r.askerId),
  });
}

/**
 * "Answered live": a private Answer in the asker's thread tagged `qna, aoa_auto_reply`, the marker the Kaltura
 * player shows as "will be answered on air" (playkit-js-qna thread.tsx _willBeAnsweredOnAir).
 */
export function answeredLiveParts(r: Omit<ReplyInput, 'visibility'>): MultiRequestPart[] {
  return postAnnotationParts({
    entryId: r.entryId,
    text: r.text,
    parentId: r.threadId,
    systemName: r.systemName,
    metadataProfileId: r.metadataProfileId,
    tags: QNA_MARKER_TAGS,
    metadata: threadReplyMetadata('Answer', r.threadId, r.askerId),
  });
}

function threadReplyMetadata(type: 'Answer' | 'AnswerOnAir', threadId: string, askerId: string | null): QnaMetadata {
  const m: QnaMetadata = { assignees: [], threadId, type };
  if (askerId) m.threadCreatorId = askerId;
  return m;
}

/** An announcement: a root annotation of Type Announcement, public (KALTURA.md §3). */
export function announcementParts(a: { entryId: string; text: string; systemName?: string; metadataProfileId?: number }): MultiRequestPart[] {
  return postAnnotationParts({ ...a, metadata: { assignees: [], type: 'Announcement' } });
}

/**
 * An attendee's question (KALTURA.md §3; mwEmbed KQnaService submitQuestion): Type Question with
 * ThreadCreatorId; a follow-up in a thread also carries ThreadId and parentId. Used by tests and tools.
 */
export function askQuestionParts(q: { entryId: string; text: string; askerId: string; threadId?: string; systemName?: string; metadataProfileId?: number }): MultiRequestPart[] {
  const metadata: QnaMetadata = { assignees: [], type: 'Question', threadCreatorId: q.askerId };
  if (q.threadId) metadata.threadId = q.threadId;
  return postAnnotationParts({ entryId: q.entryId, text: q.text, parentId: q.threadId, systemName: q.systemName, metadataProfileId: q.metadataProfileId, metadata });
}

/** The root's metadata with a new State (the rest kept: the update replaces the whole document). */
export function withState(current: QnaMetadata, state: QnaState): QnaMetadata {
  return { ...current, assignees: [...current.assignees], state };
}

/**
 * The root's metadata claimed by a moderator (null releases it): Assignees holds the claim; a Pending (or
 * state-less) thread becomes Assigned, and a released Assigned thread returns to Pending.
 */
export function withClaim(current: QnaMetadata, moderatorId: string | null): QnaMetadata {
  const next: QnaMetadata = { ...current, assignees: moderatorId ? [moderatorId] : [] };
  if (moderatorId && (current.state === undefined || current.state === 'Pending')) next.state = 'Assigned';
  if (!moderatorId && current.state === 'Assigned') next.state = 'Pending';
  return next;
}
