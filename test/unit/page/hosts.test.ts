import { describe, expect, it } from 'vitest';
import { isKalturaHost, urlFacts } from '@/lib/page/hosts';
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
