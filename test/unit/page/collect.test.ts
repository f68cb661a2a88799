import { beforeEach, describe, expect, it } from 'vitest';
import { domMarkers, kalturaResourceOrigins } from '@/lib/page/collect';
import { matchProfile, PROFILES } from '@/lib/cnc/profile';

const WIDGET = `
  <script src="https://cdnapisec.kaltura.com/p/1234567/embedPlaykitJs/uiconf_id/47306393"></script>
  <div id="kep-widget-1" class="kep-widget" data-kep-entry-id="1_sessiona1">
    <div class="kep-sidebar-buttons">
      <button class="kep-sidebar-button" data-kep-module="chat"></button>
      <button class="kep-sidebar-button" data-kep-module="qna"></button>
    </div>
  </div>
  <div class="kep-reactions"></div>`;

describe('domMarkers', () => {
  beforeEach(() => {
    document.head.innerHTML = '';
    document.body.innerHTML = '';
  });

  it('finds the widget, its modules, its entry and the bundle', () => {
    document.body.innerHTML = WIDGET;
    expect(domMarkers(document)).toMatchObject({
      widgetPresent: true,
      moderatorMarkup: false,
      modules: ['chat', 'qna', 'reactions'],
      bundles: [{ partnerId: 1234567, uiconfId: 47306393 }],
      widgetEntryId: '1_sessiona1',
      profileId: 'kep-2026',
    });
  });

  it('shows no modules when there is no widget, even if module-like markup exists', () => {
    document.body.innerHTML = '<div class="kep-reactions"></div>';
    const markers = domMarkers(document);
    expect(markers.widgetPresent).toBe(false);
    expect(markers.modules).toEqual([]);
  });

  it('lists every selector it tried, for diagnostics', () => {
    document.body.innerHTML = WIDGET;
    const names = domMarkers(document).matched.map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(['widget root', 'module: chat', 'module: reactions']));
  });

  it('reports an invalid selector in a profile instead of throwing', () => {
    const broken = { ...PROFILES[0]!, modules: { ...PROFILES[0]!.modules, chat: '[[broken' } };
    document.body.innerHTML = WIDGET;
    const match = matchProfile(document, broken);
    expect(match.matched.find((m) => m.name === 'module: chat')?.count).toBe(-1);
    expect(match.modules).not.toContain('chat');
  });
});

describe('kalturaResourceOrigins', () => {
  it('keeps only Kaltura origins, never paths or query strings (a KS may be in them)', () => {
    const origins = kalturaResourceOrigins([
      { name: 'https://chat.nvp1.ovp.kaltura.com/api_v3/service/x?ks=djJ8secret' },
      { name: 'https://cdnapisec.kaltura.com/p/1/embedPlaykitJs/uiconf_id/2' },
      { name: 'https://fonts.example.net/a.woff' },
      { name: 'garbage' },
    ]);
    expect(origins).toEqual(['https://cdnapisec.kaltura.com', 'https://chat.nvp1.ovp.kaltura.com']);
    expect(origins.join()).not.toContain('secret');
  });
});
