import { describe, expect, it } from 'vitest';
import { CONTENT_MATCHES, fromActiveDocument, isContentHost } from '@/lib/content/matches';

describe('where the content scripts run', () => {
  it('event, MediaSpace and KAF sites; never the admin console or API hosts', () => {
    for (const url of ['https://1234567.events.kaltura.com/media/t/1_abc', 'https://acme.mediaspace.kaltura.com/', 'https://1234.kaf.kaltura.com/x']) {
      expect(isContentHost(url), url).toBe(true);
    }
    for (const url of ['https://kmc.kaltura.com/index.php/kmcng', 'https://www.kaltura.com/api_v3', 'https://cdnapisec.kaltura.com/p/1', 'https://events.kaltura.com.evil.example/', 'http://1.events.kaltura.com/']) {
      expect(isContentHost(url), url).toBe(false);
    }
    expect(CONTENT_MATCHES.some((m) => m.includes('//*.kaltura.com'))).toBe(false);
  });

  it('takes messages from the active document only, and from Firefox, which does not say', () => {
    expect(fromActiveDocument({ documentLifecycle: 'active' })).toBe(true);
    expect(fromActiveDocument({})).toBe(true);
    expect(fromActiveDocument({ documentLifecycle: 'prerender' })).toBe(false);
    expect(fromActiveDocument({ documentLifecycle: 'cached' })).toBe(false);
  });
});
