import { describe, expect, it } from 'vitest';
import { detect } from '@/lib/page/detect';
import { describeKs, describeModules } from '@/lib/model/context';
import { dom, globals, snapshot, v2Ks } from '../fixtures';

describe('detect', () => {
  it('extracts the full context of a CnC session page', () => {
    const { kaltura, context, ks } = detect(snapshot());
    expect(kaltura).toBe(true);
    expect(ks).toBe(v2Ks(1234567));
    expect(context).toMatchObject({
      site: 'events',
      partnerId: 1234567,
      entryId: '1_sessiona1',
      region: 'nvp1',
      cnc: { present: true, moderatorView: false },
      ks: { status: 'valid', partnerId: 1234567, type: null },
      problems: [],
    });
    expect(describeModules(context.cnc.modules)).toBe('chat, Q&A, polls, announcements, reactions');
  });

  it('knows a plain page is not Kaltura', () => {
    const result = detect(
      snapshot({ url: 'https://news.example.org/', dom: dom({ widgetPresent: false, bundles: [], modules: [] }), globals: null, kalturaResources: [] }),
    );
    expect(result.kaltura).toBe(false);
  });

  it('sees a Kaltura page without the CnC widget', () => {
    const { kaltura, context } = detect(
      snapshot({ url: 'https://1234567.events.kaltura.com/media/t/1_replay4', dom: dom({ widgetPresent: false, modules: ['chat'] }) }),
    );
    expect(kaltura).toBe(true);
    expect(context.cnc).toEqual({ present: false, modules: [], moderatorView: false });
  });

  it('recognises a white-labelled event by its globals and bundle', () => {
    const { kaltura, context } = detect(snapshot({ url: 'https://events.acme.test/media/t/1_sessiona1' }));
    expect(kaltura).toBe(true);
    expect(context.site).toBe('custom');
    expect(context.partnerId).toBe(1234567);
  });

  it('reports a KS of another partner, naming both partners', () => {
    const { context } = detect(snapshot({ globals: globals({}, v2Ks(999999)) }));
    expect(context.partnerId).toBe(1234567);
    expect(describeKs(context.ks, context.partnerId)).toBe('KS of partner 999999');
    expect(context.problems.join(' ')).toMatch(/partner 999999.*partner 1234567/);
  });

  it('reports a malformed KS and keeps it away from the background', () => {
    const result = detect(snapshot({ globals: globals({}, 'djJ8garbage!!') }));
    expect(result.ks).toBeNull();
    expect(describeKs(result.context.ks, 1234567)).toBe('Malformed KS');
    expect(result.context.problems[0]).toMatch(/could not be read/);
  });

  it('says No KS when the player has none, and still attaches', () => {
    const { context } = detect(snapshot({ globals: globals({}, null) }));
    expect(describeKs(context.ks, context.partnerId)).toBe('No KS');
    expect(context.cnc.present).toBe(true);
  });

  it('works from the DOM alone when the bridge never answered', () => {
    const { context } = detect(snapshot({ globals: null }));
    expect(context).toMatchObject({ partnerId: 1234567, entryId: '1_sessiona1', ks: { status: 'none' } });
  });

  it('passes on errors the page threw while the bridge read it', () => {
    const { context } = detect(snapshot({ globals: globals({ errors: ['KalturaPlayer: boom'] }) }));
    expect(context.problems).toContain("The page's scripts failed while we read them: KalturaPlayer: boom");
  });

  it('takes the entry from the moderator app query', () => {
    const { context } = detect(
      snapshot({ url: 'https://1234567.events.kaltura.com/chatandcollaboration/index/moderator?entryId=1_sessionb2', globals: null }),
    );
    expect(context.entryId).toBe('1_sessionb2');
    expect(context.cnc.moderatorView).toBe(true);
  });
});
