// @vitest-environment node
// The sandbox's announcement-error fault (control/faults.ts, issue 10): the next N announcement sends are
// refused with the test's error text, in the service's refusal shape; nothing is announced meanwhile.
import { describe, expect, it } from 'vitest';
import { applyAction } from '../../../sandbox/cnc/actions';
import { CncWorld } from '../../../sandbox/cnc/world';
import { SandboxState } from '../../../sandbox/state';
import { SandboxFaults } from '../../../sandbox/control/faults';

const E = '1_sessiona1';

function setup() {
  const state = new SandboxState({ seed: 1, attendees: 0, rate: 0 });
  state.polls.close();
  const world = new CncWorld(state);
  const faults = new SandboxFaults();
  faults.watchAnnouncements(world);
  const announce = (text: string, moderator = true) => applyAction(world, E, moderator ? 'mod' : 'alice', moderator, { type: 'announce', text });
  return { world, faults, announce };
}

describe('sandbox fault: announcement errors', () => {
  it('refuses the next sends with the armed texts, in order, then sends again', () => {
    const { world, faults, announce } = setup();
    const hostile = `<img src=x onerror="__canary(1)">\u202E${'A'.repeat(300 * 1024)}`;
    expect(faults.failAnnouncements([hostile, 'second'])).toBe(2);
    expect(announce('Break in 5')).toEqual({ ok: false, error: 'SERVICE_ERROR', message: hostile });
    expect(announce('Break in 5')).toEqual({ ok: false, error: 'SERVICE_ERROR', message: 'second' });
    expect(world.session(E).announcements).toEqual([]);
    expect(announce('Break in 5')).toMatchObject({ ok: true });
    expect(world.session(E).announcements.map((a) => a.text)).toEqual(['Break in 5']);
  });

  it("an attendee's try is refused as before and does not use up an armed error; reset disarms", () => {
    const { faults, announce } = setup();
    faults.failAnnouncements(['armed']);
    expect(announce('x', false)).toMatchObject({ ok: false, error: 'FORBIDDEN' });
    expect(faults.state().announceErrors).toBe(1);
    faults.reset();
    expect(faults.state().announceErrors).toBe(0);
    expect(announce('after reset')).toMatchObject({ ok: true });
  });
});
