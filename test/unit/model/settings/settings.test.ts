import { describe, expect, it } from 'vitest';
import { deriveSettings, interactionSettingsUrl, type SettingsInputs } from '@/lib/model/settings/settings';
import { eventIdOfJwt, parseWidgetConfigSummary, summariseWidgetConfig } from '@/lib/model/settings/widget-config';

const jwt = (payload: object) => `e30.${btoa(JSON.stringify(payload)).replace(/=+$/, '')}.sig`;

const base: SettingsInputs = {
  config: null,
  widget: { present: true, modules: ['chat', 'qna', 'polls', 'announcements', 'reactions'], moderatorView: true },
  qna: null,
  session: null,
  attendees: null,
  needed: ['qna'],
  now: 1_000_000,
};
const row = (v: ReturnType<typeof deriveSettings>, key: string) => v.rows.find((r) => r.key === key)!;

describe('widget configuration', () => {
  it('reads the integrated-events-demo shape (ui.groupChat.enabled, reactions.mode) and the JWT event id, nothing secret', () => {
    const s = summariseWidgetConfig({ server: { jwtToken: jwt({ virtualEventId: 7654321, uid: 'u' }) }, ui: { groupChat: { enabled: false } }, reactions: { mode: 'on', ks: 'djJ8secret' } })!;
    expect(s.values['module.chat']).toEqual({ value: false, path: 'ui.groupChat.enabled', verified: true });
    expect(s.values['module.reactions']).toMatchObject({ value: true, path: 'reactions.mode' });
    expect(s.values.qnaModeration).toBeUndefined();
    expect(s.virtualEventId).toBe('7654321');
    expect(JSON.stringify(s)).not.toContain('djJ8');
  });

  it('survives a hostile config and rejects forged summaries', () => {
    const evil = { get ui() { throw new Error('no'); }, modules: 'chat' };
    expect(summariseWidgetConfig(evil)).toEqual({ values: {}, virtualEventId: null });
    expect(summariseWidgetConfig('x')).toBeNull();
    expect(parseWidgetConfigSummary({ values: { qnaModeration: { value: 'yes', path: 'qna.moderation' }, 'module.chat': { value: true, path: 'made.up' } }, virtualEventId: '1; drop' }))
      .toEqual({ values: {}, virtualEventId: null });
    expect(eventIdOfJwt('not-a-jwt')).toBeNull();
  });
});

describe('deriveSettings', () => {
  it('says "unknown" for what nobody revealed, never a guess', () => {
    const v = deriveSettings({ ...base, widget: { present: false, modules: [], moderatorView: false } });
    for (const r of v.rows) expect(r).toMatchObject({ value: 'unknown', confidence: 'none', source: null });
  });

  it('prefers the page config over what the widget shows, and names the source', () => {
    const config = summariseWidgetConfig({ ui: { groupChat: { enabled: false } } });
    const v = deriveSettings({ ...base, config });
    expect(row(v, 'module.chat')).toMatchObject({ value: 'off', confidence: 'stated' });
    expect(row(v, 'module.chat').source).toContain('ui.groupChat.enabled');
    expect(row(v, 'module.qna')).toMatchObject({ value: 'on', confidence: 'seen' });
    expect(row(v, 'anonymousQuestions').value).toBe('unknown');
  });

  it('sees Q&A moderation only from an approval step', () => {
    expect(row(deriveSettings({ ...base, qna: { pendingSeen: true, questions: 3 } }), 'qnaModeration')).toMatchObject({ value: 'on', confidence: 'seen' });
    expect(row(deriveSettings({ ...base, qna: { pendingSeen: false, questions: 3 } }), 'qnaModeration').value).toBe('unknown');
  });

  it('warns: moderation off with more than 50 attendees, chat open after the end, a needed module off', () => {
    const config = summariseWidgetConfig({ qna: { moderation: false }, chat: { openAfterEnd: true }, modules: ['chat'] });
    const session = { id: 'e', name: 'n', type: 'LiveWebcast', startsAt: 0, endsAt: 500_000 };
    const v = deriveSettings({ ...base, config, session, attendees: { count: 51, source: 'report' } });
    expect(v.warnings.map((w) => w.id).sort()).toEqual(['chat-open-after-end', 'moderation-off-large', 'module-off']);
    const calm = deriveSettings({ ...base, config, session: { ...session, endsAt: 2_000_000 }, attendees: { count: 50, source: 'report' }, needed: ['chat'] });
    expect(calm.warnings).toEqual([]);
  });

  it('links to the event interaction settings in the right region, and to nothing without an event id', () => {
    expect(interactionSettingsUrl('7654321', 'nvp1')).toBe('https://events.kaltura.com/virtual-event/7654321/interactions/settings');
    expect(interactionSettingsUrl('7654321', 'irp2')).toMatch(/^https:\/\/eu\.events\.kaltura\.com\//);
    expect(interactionSettingsUrl(null, 'nvp1')).toBeNull();
    expect(interactionSettingsUrl('../x', 'nvp1')).toBeNull();
  });
});

describe('from the page to the context', () => {
  it('the bridge reads the config the page keeps, and the content script keeps only what checks out', async () => {
    const { readGlobals } = await import('@/lib/page/read-globals');
    const { parseFromBridge } = await import('@/lib/messaging/bridge');
    const g = readGlobals({ cncConfig: { modules: ['qna'], ui: { groupChat: { enabled: true } }, server: { jwtToken: jwt({ virtualEventId: 42 }) } } });
    expect(g.widgetConfig?.values['module.chat']?.value).toBe(true);
    const parsed = parseFromBridge(JSON.stringify({ nonce: 'n', type: 'globals', globals: g }), 'n');
    expect(parsed?.type === 'globals' && parsed.globals.widgetConfig).toEqual(g.widgetConfig);
    expect(parsed?.type === 'globals' && parsed.globals.widgetConfig?.virtualEventId).toBe('42');
  });
});
