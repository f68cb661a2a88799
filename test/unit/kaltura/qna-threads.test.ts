import { describe, expect, it } from 'vitest';
import { encodeQnaMetadata, QNA_STATES, type QnaMetadata, type QnaState } from '@/lib/kaltura/qna/metadata-xml';
import { announcementsOf, emptyThreads, isAnonymousUserId, mergeThreads, parseAnnotation } from '@/lib/kaltura/qna/threads';
import { WEBCAST_QNA_CAPABILITIES } from '@/lib/kaltura/qna/capabilities';

const T0 = 1_760_000_000;
let nextMetadataId = 900;

/** A cue point as the QandA response profile returns it (KALTURA.md §3). */
function row(id: string, m: Partial<QnaMetadata> & Pick<QnaMetadata, 'type'>, extra: Record<string, unknown> = {}) {
  const metadata: QnaMetadata = { assignees: [], ...m };
  return {
    objectType: 'KalturaAnnotation',
    id,
    createdAt: T0,
    updatedAt: T0,
    parentId: m.threadId ?? '0',
    text: `text of ${id}`,
    tags: 'qna',
    userId: 'someone',
    ...extra,
    relatedObjects: {
      QandA_ResponseProfile: {
        objectType: 'KalturaMetadataListResponse',
        objects: [{ objectType: 'KalturaMetadata', id: (extra.metadataId as number) ?? nextMetadataId++, objectId: id, createdAt: T0, xml: encodeQnaMetadata(metadata) }],
        totalCount: 1,
      },
    },
  };
}
const question = (id: string, state?: QnaState, extra: Record<string, unknown> = {}) =>
  row(id, { type: 'Question', state, threadCreatorId: 'asker-1' }, { userId: 'asker-1', ...extra });

describe('threads: mapping to Questions', () => {
  const expected: Record<QnaState, string> = {
    Pending: 'approved',
    Assigned: 'approved',
    FollowUp: 'approved',
    Answered: 'answered',
    Done: 'answered',
    Deleted: 'dismissed',
    Cleared: 'dismissed',
  };
  it.each(QNA_STATES.map((s) => [s, expected[s]]))('State %s → %s', (state, mapped) => {
    const { threads } = mergeThreads(emptyThreads(), [question('1_q', state as QnaState)]);
    expect(threads.questions.get('1_q')?.state).toBe(mapped);
  });

  it('a question without State is open (approved): there is no approval step', () => {
    const { threads } = mergeThreads(emptyThreads(), [question('1_q')]);
    expect(threads.questions.get('1_q')).toMatchObject({
      id: '1_q',
      surface: 'webcast',
      text: 'text of 1_q',
      state: 'approved',
      votes: 0,
      answers: [],
      replies: 0,
      answeredLive: false,
      handledBy: null,
      author: { id: 'asker-1', name: 'asker-1', anonymous: false },
      createdAt: T0 * 1000,
    });
    expect(WEBCAST_QNA_CAPABILITIES.approve).toBe(false);
    expect(WEBCAST_QNA_CAPABILITIES.absent.approve).toMatch(/no approval step/);
  });

  it('builds the thread from ThreadId (and parentId): public and private answers, follow-ups, the live marker', () => {
    const rows = [
      question('1_q', 'Pending'),
      row('1_pub', { type: 'AnswerOnAir', threadId: '1_q', threadCreatorId: 'asker-1' }, { userId: 'mod-a', createdAt: T0 + 2, updatedAt: T0 + 2 }),
      row('1_priv', { type: 'Answer', threadId: '1_q', threadCreatorId: 'asker-1' }, { userId: 'mod-b', createdAt: T0 + 1, updatedAt: T0 + 1 }),
      row('1_follow', { type: 'Question', threadId: '1_q', threadCreatorId: 'asker-1' }, { createdAt: T0 + 3, updatedAt: T0 + 3 }),
      // a reply that names its thread by parentId only
      row('1_byparent', { type: 'Answer' }, { parentId: '1_q', userId: 'mod-a', createdAt: T0 + 4, updatedAt: T0 + 4 }),
    ];
    const q = mergeThreads(emptyThreads(), rows).threads.questions.get('1_q')!;
    expect(q.answers.map((a) => [a.id, a.visibility, a.by, a.at])).toEqual([
      ['1_priv', 'private', 'mod-b', (T0 + 1) * 1000],
      ['1_pub', 'public', 'mod-a', (T0 + 2) * 1000],
      ['1_byparent', 'private', 'mod-a', (T0 + 4) * 1000],
    ]);
    expect(q.replies).toBe(4);
    expect(q.state).toBe('answered');
    expect(q.answeredLive).toBe(false);
    expect(q.updatedAt).toBe((T0 + 4) * 1000);
    expect(mergeThreads(emptyThreads(), rows).threads.questions.size).toBe(1);

    const live = mergeThreads(emptyThreads(), [
      question('1_l'),
      row('1_m', { type: 'Answer', threadId: '1_l' }, { tags: 'qna, aoa_auto_reply' }),
    ]).threads.questions.get('1_l')!;
    expect(live).toMatchObject({ answeredLive: true, state: 'answered', answers: [], replies: 1 });
  });

  it('an explicit FollowUp stays open even with answers', () => {
    const q = mergeThreads(emptyThreads(), [question('1_q', 'FollowUp'), row('1_a', { type: 'Answer', threadId: '1_q' })]).threads.questions.get('1_q')!;
    expect(q.state).toBe('approved');
  });

  it('claims come from Assignees', () => {
    const q = mergeThreads(emptyThreads(), [row('1_q', { type: 'Question', state: 'Assigned', assignees: ['mod-a'] })]).threads.questions.get('1_q')!;
    expect(q.handledBy).toBe('mod-a');
  });

  it.each([
    ['##GuestHashSeparator12345678##', true],
    ['##guestHashSeparator-18616801388529512##', true],
    ['##polls-HashSeparator99##', true],
    ['jane@example.com', false],
    ['##GuestHashSeparatorabc##', false],
    ['x##GuestHashSeparator1##', false],
  ])('anonymous asker %s → %s', (id, anonymous) => {
    expect(isAnonymousUserId(id)).toBe(anonymous);
    const q = mergeThreads(emptyThreads(), [row('1_q', { type: 'Question', threadCreatorId: id }, { userId: 'widget-user' })]).threads.questions.get('1_q')!;
    // A signed-in asker is named by their user id (Kaltura-QnA has no display name), never "Anonymous".
    expect(q.author).toEqual({ id, name: anonymous ? null : id, anonymous });
  });

  it('falls back to userId when ThreadCreatorId is absent; no user at all is anonymous', () => {
    const a = mergeThreads(emptyThreads(), [row('1_q', { type: 'Question' }, { userId: 'bob' })]).threads.questions.get('1_q')!;
    expect(a.author).toEqual({ id: 'bob', name: 'bob', anonymous: false });
    const b = mergeThreads(emptyThreads(), [row('1_q', { type: 'Question' }, { userId: '' })]).threads.questions.get('1_q')!;
    expect(b.author.anonymous).toBe(true);
  });

  it('announcements are not questions', () => {
    const { threads } = mergeThreads(emptyThreads(), [row('1_ann', { type: 'Announcement' })]);
    expect(threads.questions.size).toBe(0);
    expect(announcementsOf(threads).map((a) => a.id)).toEqual(['1_ann']);
  });

  it('rejects rows without Kaltura-QnA metadata or with bad metadata, without throwing', () => {
    const bad = [null, 'x', { id: '1_x', createdAt: T0, updatedAt: T0 }, { ...question('1_y'), relatedObjects: { QandA_ResponseProfile: { objects: [{ xml: '<metadata><Type>Nope</Type></metadata>' }] } } }];
    const { threads, rejected } = mergeThreads(emptyThreads(), bad);
    expect(threads.questions.size).toBe(0);
    expect(rejected).toHaveLength(4);
    expect(parseAnnotation(question('1_z', undefined, { metadataId: 77 }))).toMatchObject({ ok: true, value: { metadataId: 77, parentId: null } });
  });
});

describe('threads: incremental merge', () => {
  it('is idempotent: the same page twice changes nothing and doubles nothing', () => {
    const page = [question('1_q'), row('1_a', { type: 'AnswerOnAir', threadId: '1_q' })];
    const first = mergeThreads(emptyThreads(), page);
    expect(first.changed).toEqual(['1_q']);
    const second = mergeThreads(first.threads, page);
    expect(second.changed).toEqual([]);
    expect(second.threads).toBe(first.threads);
    expect(second.threads.questions.get('1_q')!.answers).toHaveLength(1);
    expect(second.threads.replies.get('1_q')).toEqual(['1_a']);
  });

  it('the newest updatedAt wins; an older copy read late is ignored; a same-second change read later wins', () => {
    const v1 = question('1_q', 'Pending', { updatedAt: T0, metadataId: 5 });
    const v2 = question('1_q', 'Answered', { updatedAt: T0 + 5, metadataId: 5 });
    let s = mergeThreads(emptyThreads(), [v1, v2]).threads;
    expect(s.questions.get('1_q')!.state).toBe('answered');
    const stale = mergeThreads(s, [v1]);
    expect(stale.changed).toEqual([]);
    expect(stale.threads.questions.get('1_q')!.state).toBe('answered');
    // Re-reading the boundary second brings a change made within that second.
    const v3 = question('1_q', 'Deleted', { updatedAt: T0 + 5, metadataId: 5 });
    const tie = mergeThreads(s, [v3]);
    expect(tie.changed).toEqual(['1_q']);
    s = tie.threads;
    expect(s.questions.get('1_q')!.state).toBe('dismissed');
  });

  it('a reply that arrives before its root is kept and joins the thread when the root comes', () => {
    const first = mergeThreads(emptyThreads(), [row('1_a', { type: 'Answer', threadId: '1_q' })]);
    expect(first.threads.questions.size).toBe(0);
    const second = mergeThreads(first.threads, [question('1_q')]);
    expect(second.changed).toEqual(['1_q']);
    expect(second.threads.questions.get('1_q')!.answers.map((a) => a.id)).toEqual(['1_a']);
  });

  it('a changed reply marks its question changed; the previous state is not mutated', () => {
    const s1 = mergeThreads(emptyThreads(), [question('1_q'), row('1_a', { type: 'Answer', threadId: '1_q' })]).threads;
    const s2 = mergeThreads(s1, [row('1_a', { type: 'Answer', threadId: '1_q' }, { text: 'edited', updatedAt: T0 + 9 })]);
    expect(s2.changed).toEqual(['1_q']);
    expect(s2.threads.questions.get('1_q')!.answers[0]!.text).toBe('edited');
    expect(s1.questions.get('1_q')!.answers[0]!.text).toBe('text of 1_a');
  });
});
