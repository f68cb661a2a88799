// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { runMulti } from '../../../sandbox/kaltura/api';
import { SandboxState } from '../../../sandbox/state';

describe('multirequest numbering (KalturaFrontController::handleMultiRequest)', () => {
  const state = new SandboxState({ seed: 1, attendees: 0, rate: 0 });
  state.close();
  const secret = state.partner().adminSecret;

  it('{N:result} names the N-th part run, also when keys start at 0 (the node client)', () => {
    const out = runMulti(state, {
      '0': { service: 'session', action: 'start', secret, partnerId: '1234567', userId: 'first', type: '2' },
      '1': { service: 'session', action: 'get', ks: '{1:result}' },
    }) as any[];
    expect(out).toHaveLength(2);
    expect(out[1]).toMatchObject({ objectType: 'KalturaSessionInfo', userId: 'first' });
  });

  it('stops at a part without service or action', () => {
    const out = runMulti(state, {
      '1': { service: 'session', action: 'start', secret, partnerId: '1234567' },
      '2': { action: 'get' },
      '3': { service: 'session', action: 'start', secret, partnerId: '1234567' },
    });
    expect(out).toHaveLength(1);
  });
});
