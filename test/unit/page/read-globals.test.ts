import { describe, expect, it } from 'vitest';
import { readGlobals } from '@/lib/page/read-globals';

const player = (config: unknown) => ({ config });

describe('readGlobals (MAIN world)', () => {
  it('reads the player and the events platform as Kaltura exposes them', () => {
    const win = {
      KalturaPlayer: {
        getPlayers: () => ({
          p1: player({ provider: { partnerId: 1234567, ks: 'djJ8abc', env: { serviceUrl: 'https://www.kaltura.com' } }, sources: { id: '1_sessiona1' } }),
        }),
      },
      KalturaEventsPlatform: { collaboration: { widgets: { embedded: {}, floater: {} } } },
    };
    expect(readGlobals(win)).toEqual({
      hasKalturaPlayer: true,
      players: [{ partnerId: 1234567, ks: 'djJ8abc', entryId: '1_sessiona1', serviceUrl: 'https://www.kaltura.com' }],
      hasEventsPlatform: true,
      hasEmbeddedWidget: true,
      errors: [],
    });
  });

  it('says what is missing on a page without Kaltura', () => {
    expect(readGlobals({})).toEqual({ hasKalturaPlayer: false, players: [], hasEventsPlatform: false, hasEmbeddedWidget: false, errors: [] });
  });

  it('survives globals whose getters throw, and says so', () => {
    const win = {};
    Object.defineProperty(win, 'KalturaPlayer', { get: () => ({ getPlayers: () => { throw new Error('boom'); } }) });
    Object.defineProperty(win, 'KalturaEventsPlatform', { get: () => { throw new TypeError('nope'); } });
    const result = readGlobals(win);
    expect(result.players).toEqual([]);
    expect(result.hasEventsPlatform).toBe(false);
    expect(result.errors).toEqual(['KalturaPlayer.getPlayers(): boom', 'KalturaEventsPlatform: nope']);
  });

  it('ignores values of the wrong type', () => {
    const win = { KalturaPlayer: { getPlayers: () => ({ a: player({ provider: { partnerId: 'abc', ks: 12 }, sources: { id: null } }) }) } };
    expect(readGlobals(win).players).toEqual([{ partnerId: null, ks: null, entryId: null, serviceUrl: null }]);
  });
});
