import { describe, expect, it } from 'vitest';
import { parseFromBridge, parseToBridge } from '@/lib/messaging/bridge';
import { globals } from '../fixtures';

const NONCE = 'b7f1c1a4-6f5e-4b59-9d7e-0c3f6f1e2a10';

describe('bridge messages', () => {
  it('accepts a globals message that carries our nonce', () => {
    const detail = JSON.stringify({ nonce: NONCE, type: 'globals', globals: globals() });
    expect(parseFromBridge(detail, NONCE)).toEqual({ nonce: NONCE, type: 'globals', globals: globals() });
  });

  it.each([
    ['another nonce', JSON.stringify({ nonce: 'guess', type: 'globals', globals: globals() })],
    ['no nonce', JSON.stringify({ type: 'globals', globals: globals() })],
    ['an object instead of a string', { nonce: NONCE, type: 'globals', globals: globals() }],
    ['not JSON', '{nonce:'],
    ['an unknown type', JSON.stringify({ nonce: NONCE, type: 'grant-admin' })],
    ['a huge payload', JSON.stringify({ nonce: NONCE, type: 'globals', globals: globals(), pad: 'x'.repeat(70_000) })],
  ])('ignores %s', (_, detail) => {
    expect(parseFromBridge(detail, NONCE)).toBeNull();
  });

  it('bounds and cleans what a lying page puts in the globals', () => {
    const detail = JSON.stringify({
      nonce: NONCE,
      type: 'globals',
      globals: {
        hasKalturaPlayer: 'yes',
        players: [
          { partnerId: -5, ks: 42, entryId: 'x'.repeat(500), serviceUrl: {} },
          ...Array.from({ length: 20 }, () => ({ partnerId: '1234567' })),
        ],
        errors: ['e'.repeat(1000), 7, 'ok'],
      },
    });
    const parsed = parseFromBridge(detail, NONCE);
    expect(parsed?.type).toBe('globals');
    if (parsed?.type !== 'globals') return;
    expect(parsed.globals.hasKalturaPlayer).toBe(false);
    expect(parsed.globals.players).toHaveLength(8);
    expect(parsed.globals.players[0]).toEqual({ partnerId: null, ks: null, entryId: null, serviceUrl: null });
    expect(parsed.globals.players[1]?.partnerId).toBe(1234567);
    expect(parsed.globals.errors).toEqual(['ok']);
  });

  it('the bridge answers only requests with its nonce', () => {
    expect(parseToBridge(JSON.stringify({ nonce: NONCE, type: 'collect' }), NONCE)).toEqual({ nonce: NONCE, type: 'collect' });
    expect(parseToBridge(JSON.stringify({ nonce: 'x', type: 'collect' }), NONCE)).toBeNull();
  });
});
