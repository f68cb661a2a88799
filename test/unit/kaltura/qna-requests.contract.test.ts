// @vitest-environment node
// Contract: the webcast Q&A requests equal what the official client (kaltura-client; AGPL, tests only) builds
// for the same calls, except clientTag and kalsig.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { buildMultiRequest, buildRequest } from '@/lib/kaltura/api';
import { encodeQnaMetadata } from '@/lib/kaltura/qna/metadata-xml';
import { announcementParts, answeredLiveParts, listThreadsCall, replyParts, updateMetadataCall, withClaim, withState } from '@/lib/kaltura/qna/requests';

const kaltura = createRequire(import.meta.url)('kaltura-client');
const KS = 'djJ8MTIzNDU2N3xmYWtlLWVuY3J5cHRlZC1wYXJ0';

function official(build: (k: any) => any): { url: string; data: string } {
  const config = new kaltura.Configuration();
  config.serviceUrl = 'https://www.kaltura.com';
  const client = new kaltura.Client(config);
  client.log = () => undefined;
  client.setKs(KS);
  let captured: any;
  client.axios = (options: any) => {
    captured = options;
    return new Promise(() => undefined);
  };
  void build(kaltura).execute(client);
  return captured;
}
const comparable = (body: unknown) => {
  const { clientTag: _t, kalsig: _s, ...rest } = JSON.parse(String(body));
  return rest;
};

/** The official client's version of the Q&A annotation multirequest (playkit-js-qna message-loader.ts). */
function officialPost(k: any, o: { text: string; parentId?: string; systemName?: string; xml: string; tags: string; profileId?: number }) {
  const mr = new k.MultiRequestBuilder();
  const withProfile = o.profileId === undefined;
  if (withProfile) mr.add(k.services.metadataProfile.listAction(new k.objects.MetadataProfileFilter({ systemNameEqual: 'Kaltura-QnA' })));
  const n = withProfile ? 2 : 1;
  mr.add(
    k.services.cuePoint.add(
      new k.objects.Annotation({ entryId: '1_webcast3', text: o.text, isPublic: 1, searchableOnEntry: 0, startTime: 0, systemName: o.systemName, parentId: o.parentId }),
    ),
  );
  mr.add(k.services.metadata.add(withProfile ? '{1:result:objects:0:id}' : o.profileId, 'annotationMetadata.Annotation', `{${n}:result:id}`, o.xml));
  mr.add(k.services.cuePoint.update(`{${n}:result:id}`, new k.objects.Annotation({ tags: o.tags })));
  return mr;
}

describe('webcast Q&A requests match the official client', () => {
  it('a private reply: profile lookup, cuepoint.add with parentId, metadata.add {2:result:id}, cuepoint.update tags=qna', () => {
    const parts = replyParts({ entryId: '1_webcast3', threadId: '1_root', askerId: '##GuestHashSeparator42##', text: 'Yes <b>&</b> no', visibility: 'private', systemName: 'cmd-1' });
    const xml = '<metadata><ThreadId>1_root</ThreadId><Type>Answer</Type><ThreadCreatorId>##GuestHashSeparator42##</ThreadCreatorId></metadata>';
    const theirs = official((k) => officialPost(k, { text: 'Yes <b>&</b> no', parentId: '1_root', systemName: 'cmd-1', xml, tags: 'qna' }));
    const ours = buildMultiRequest(parts, { ks: KS });
    expect(ours.url).toBe(theirs.url);
    expect(comparable(ours.init.body)).toEqual(comparable(theirs.data));
  });

  it('a public reply (AnswerOnAir) with a known profile id', () => {
    const parts = replyParts({ entryId: '1_webcast3', threadId: '1_root', askerId: 'jane', text: 'Public', visibility: 'public', metadataProfileId: 10001 });
    const xml = '<metadata><ThreadId>1_root</ThreadId><Type>AnswerOnAir</Type><ThreadCreatorId>jane</ThreadCreatorId></metadata>';
    const theirs = official((k) => officialPost(k, { text: 'Public', parentId: '1_root', xml, tags: 'qna', profileId: 10001 }));
    expect(comparable(buildMultiRequest(parts, { ks: KS }).init.body)).toEqual(comparable(theirs.data));
  });

  it('the answered-live marker and an announcement', () => {
    const live = answeredLiveParts({ entryId: '1_webcast3', threadId: '1_root', askerId: 'jane', text: 'Live', metadataProfileId: 7 });
    const liveXml = '<metadata><ThreadId>1_root</ThreadId><Type>Answer</Type><ThreadCreatorId>jane</ThreadCreatorId></metadata>';
    expect(comparable(buildMultiRequest(live, { ks: KS }).init.body)).toEqual(
      comparable(official((k) => officialPost(k, { text: 'Live', parentId: '1_root', xml: liveXml, tags: 'qna, aoa_auto_reply', profileId: 7 })).data),
    );
    const ann = announcementParts({ entryId: '1_webcast3', text: 'Break in 5' });
    expect(comparable(buildMultiRequest(ann, { ks: KS }).init.body)).toEqual(
      comparable(official((k) => officialPost(k, { text: 'Break in 5', xml: '<metadata><Type>Announcement</Type></metadata>', tags: 'qna' })).data),
    );
  });

  it('the incremental list with the QandA response profile', () => {
    const ours = buildRequest({ ...listThreadsCall({ entryId: '1_webcast3', since: 1_760_000_123, pageIndex: 2, pageSize: 100 }), ks: KS });
    const theirs = official((k) => {
      const r = k.services.cuePoint.listAction(
        new k.objects.AnnotationFilter({ entryIdIn: '1_webcast3', tagsLike: 'qna', orderBy: '+updatedAt', updatedAtGreaterThanOrEqual: 1_760_000_123 }),
        new k.objects.FilterPager({ pageSize: 100, pageIndex: 2 }),
      );
      r.setResponseProfile(new k.objects.ResponseProfileHolder({ systemName: 'QandA' }));
      return r;
    });
    expect(ours.url).toBe(theirs.url);
    expect(comparable(ours.init.body)).toEqual(comparable(theirs.data));
  });

  it('the list never filters isPublic for a moderator, and never sends a time Kaltura would read as relative', () => {
    const filter = (o: Parameters<typeof listThreadsCall>[0]) => (listThreadsCall(o).params as { filter: Record<string, unknown> }).filter;
    expect(filter({ entryId: 'e' })).not.toHaveProperty('isPublicEqual');
    expect(filter({ entryId: 'e', publicOnly: true }).isPublicEqual).toBe(1);
    expect(filter({ entryId: 'e', since: 0 })).not.toHaveProperty('updatedAtGreaterThanOrEqual');
    expect(filter({ entryId: 'e', since: 3600 })).not.toHaveProperty('updatedAtGreaterThanOrEqual');
  });

  it('state and claim updates rewrite the whole document in schema order', () => {
    const current = { assignees: [], threadCreatorId: 'jane', type: 'Question' as const };
    const ours = buildRequest({ ...updateMetadataCall(500001, withState(withClaim(current, 'mod-a'), 'Answered')), ks: KS });
    const xml = '<metadata><Assignees>mod-a</Assignees><State>Answered</State><Type>Question</Type><ThreadCreatorId>jane</ThreadCreatorId></metadata>';
    expect(comparable(ours.init.body)).toEqual(comparable(official((k) => k.services.metadata.update(500001, xml)).data));
    expect(withClaim(current, 'mod-a').state).toBe('Assigned');
    expect(withClaim({ ...current, state: 'Assigned', assignees: ['mod-a'] }, null)).toEqual({ ...current, assignees: [], state: 'Pending' });
    expect(withClaim({ ...current, state: 'FollowUp' }, 'mod-b').state).toBe('FollowUp');
    expect(encodeQnaMetadata(withState(current, 'Deleted'))).toBe('<metadata><State>Deleted</State><Type>Question</Type><ThreadCreatorId>jane</ThreadCreatorId></metadata>');
  });
});
