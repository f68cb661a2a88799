import { describe, expect, it } from 'vitest';
import { boundUrl, isKalturaHost, MAX_URL_CHARS, urlFacts } from '@/lib/page/hosts';
import { regionFromUrls, regionOf } from '@/lib/page/region';

describe('urlFacts', () => {
  it.each([
    ['https://1234567.events.kaltura.com/media/t/1_abcd1234', 'events', 1234567, '1_abcd1234'],
    ['https://1234567-5.events.kaltura.com/media/t/1_abcd1234?x=1', 'events', 1234567, '1_abcd1234'],
    ['https://acme.events.kaltura.com/', 'events', null, null],
    ['https://learn.mediaspace.kaltura.com/media/Intro/1_abcd1234', 'mediaspace', null, '1_abcd1234'],
    ['https://school.kaf.kaltura.com/', 'kaf', null, null],
    ['https://news.example.org/media/t/1_abcd1234', null, null, '1_abcd1234'],
  ])('%s → %s, partner %s, entry %s', (url, site, partnerId, entryId) => {
    expect(urlFacts(url)).toMatchObject({ site, partnerId, entryId });
  });

  it('knows event paths on any host, so a custom domain can be offered access', () => {
    expect(urlFacts('https://events.acme.test/media/t/1_abcd1234')?.eventPath).toBe(true);
    expect(urlFacts('https://events.acme.test/chatandcollaboration/index/moderator')?.eventPath).toBe(true);
    expect(urlFacts('https://news.example.org/article/12')?.eventPath).toBe(false);
  });

  it('returns null for what is not a web page', () => {
    expect(urlFacts('chrome://extensions/')).toBeNull();
    expect(urlFacts('not a url')).toBeNull();
  });

  it('reads the entry id from the last id-shaped segment after /media/, as before', () => {
    expect(urlFacts('https://x.mediaspace.kaltura.com/media/Intro/1_abcd1234/extra')?.entryId).toBe('1_abcd1234');
    expect(urlFacts('https://x.mediaspace.kaltura.com/MEDIA/t/1_abcd1234')?.entryId).toBe('1_abcd1234');
    expect(urlFacts('https://x.mediaspace.kaltura.com/media/t/1_aaaa1111/1_bbbb2222')?.entryId).toBe('1_bbbb2222');
    expect(urlFacts('https://x.mediaspace.kaltura.com/1_abcd1234/media/')?.entryId).toBeNull();
    expect(urlFacts('https://x.mediaspace.kaltura.com/medias/1_abcd1234')?.entryId).toBeNull();
    expect(urlFacts('https://x.mediaspace.kaltura.com/media/t/1_abcd1234x!')?.entryId).toBeNull();
  });

  // A page can push any URL with history.pushState, and the background parses every tab's URL.
  it('parses a 200 KB hostile URL with bounded work: the cap, and no backtracking', () => {
    const hostile = `https://1234567.events.kaltura.com${'/media'.repeat(34_000)}/`;
    expect(hostile.length).toBeGreaterThan(200_000);
    expect(boundUrl(hostile).length).toBeLessThanOrEqual(MAX_URL_CHARS);
    const started = performance.now();
    expect(urlFacts(hostile)).toMatchObject({ site: 'events', partnerId: 1234567, entryId: null });
    // Generous: the old regex took seconds here; the figure itself belongs in the bench.
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('never reads an entry id from a segment the cap cut in two', () => {
    const long = `https://1234567.events.kaltura.com/media/t/${'x'.repeat(MAX_URL_CHARS - 52)}/1_abcd1234567890`;
    expect(long.length).toBeGreaterThan(MAX_URL_CHARS);
    expect(urlFacts(long)?.entryId).toBeNull();
    expect(urlFacts('https://1234567.events.kaltura.com/media/t/1_abcd1234?pad=' + 'y'.repeat(300_000))?.entryId).toBe('1_abcd1234');
  });

  it('does not take look-alike hosts for Kaltura', () => {
    expect(isKalturaHost('https://evilkaltura.com/')).toBe(false);
    expect(isKalturaHost('https://kaltura.com.evil.test/')).toBe(false);
    expect(isKalturaHost('http://www.kaltura.com/')).toBe(false);
    expect(isKalturaHost('https://www.kaltura.com/api_v3')).toBe(true);
  });
});

describe('region', () => {
  it('reads the region from CnC hosts', () => {
    expect(regionOf('https://chat.nvp1.ovp.kaltura.com/api_v3')).toBe('nvp1');
    expect(regionOf('https://events-api.irp2.ovp.kaltura.com/api/v1')).toBe('irp2');
    expect(regionOf('https://cdnapisec.kaltura.com/p/1')).toBeNull();
  });

  it('takes the region most traffic goes to', () => {
    expect(
      regionFromUrls(['https://chat.frp2.ovp.kaltura.com', 'https://a.nvp1.ovp.kaltura.com', 'https://b.nvp1.ovp.kaltura.com']),
    ).toBe('nvp1');
    expect(regionFromUrls([])).toBeNull();
  });
});
