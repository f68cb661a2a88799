import { describe, expect, it } from 'vitest';
import { changeOutcome, CONFIRM_TIMEOUT_MS, widgetControl, type WidgetSwitch } from '@/lib/model/settings/changes';
import { deriveSettings, type SettingsInputs } from '@/lib/model/settings/settings';

const T = 1_764_000_000_000;
const sw = (patch: Partial<WidgetSwitch> = {}): WidgetSwitch => ({ at: T, enabled: true, switchAbsent: null, switching: null, switchError: null, ...patch });

describe('changing a setting through the widget', () => {
  it('offers the widget control only where the widget shows one; elsewhere says why', () => {
    expect(widgetControl('module.reactions', sw())).toEqual({ offered: true, current: true });
    expect(widgetControl('module.reactions', sw({ switchAbsent: 'The widget shows no switch.' }))).toEqual({ offered: false, why: 'The widget shows no switch.' });
    expect(widgetControl('module.reactions', null)).toMatchObject({ offered: false });
    expect(widgetControl('qnaModeration', sw())).toMatchObject({ offered: false });
  });

  it('confirmed only by a view after the ask that shows the asked state with nothing in flight', () => {
    const asked = { key: 'module.reactions' as const, on: false, at: T + 1000 };
    // A view from before the ask (even one showing an old error) says nothing about this change.
    expect(changeOutcome(asked, sw({ at: T, switchError: 'old' }), T + 1500)).toEqual({ state: 'sending' });
    expect(changeOutcome(asked, sw({ at: T + 1100, switching: { on: false, since: T + 1000 } }), T + 1500)).toEqual({ state: 'sending' });
    expect(changeOutcome(asked, sw({ at: T + 1200, enabled: false }), T + 1500)).toEqual({ state: 'confirmed' });
  });

  it('reports a failure: the widget said why, or it never showed the change', () => {
    const asked = { key: 'module.reactions' as const, on: false, at: T };
    expect(changeOutcome(asked, sw({ at: T + 10, switchError: 'The widget did not show reactions off within 5 s.' }), T + 100)).toEqual({
      state: 'failed',
      message: 'The widget did not show reactions off within 5 s.',
    });
    expect(changeOutcome(asked, sw({ at: T + 10 }), T + CONFIRM_TIMEOUT_MS + 1)).toMatchObject({ state: 'failed' });
  });
});

describe('the reactions row follows the widget switch', () => {
  const base: SettingsInputs = {
    config: { values: { 'module.reactions': { value: true, path: 'reactions.mode', verified: true } }, virtualEventId: null },
    widget: { present: true, modules: ['reactions'], moderatorView: true },
    qna: null,
    session: null,
    attendees: null,
    needed: [],
    now: T,
  };
  const row = (inputs: SettingsInputs) => deriveSettings(inputs).rows.find((r) => r.key === 'module.reactions')!;
  it('the live switch wins over the page configuration (the state at page load)', () => {
    expect(row(base)).toMatchObject({ value: 'on', confidence: 'stated' });
    expect(row({ ...base, switches: { reactions: true } })).toMatchObject({ value: 'on', confidence: 'stated' });
    expect(row({ ...base, switches: { reactions: true } }).source).toContain('shows the same');
    expect(row({ ...base, switches: { reactions: false } })).toMatchObject({ value: 'off', confidence: 'seen', source: "The widget's moderator view (its reactions switch)" });
    expect(row({ ...base, switches: { reactions: null } })).toMatchObject({ value: 'on', confidence: 'stated' });
  });
});
