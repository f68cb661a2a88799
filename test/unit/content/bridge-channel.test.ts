import { beforeAll, describe, expect, it } from 'vitest';
import { CONNECT, connectBridge, serveBridge, type FromBridge } from '@/lib/messaging/bridge';
import type { BridgeGlobals } from '@/lib/page/snapshot';

const globals = (entryId: string): BridgeGlobals => ({
  hasKalturaPlayer: true,
  hasEventsPlatform: true,
  hasEmbeddedWidget: true,
  players: [{ partnerId: 1234567, ks: null, entryId, serviceUrl: null }],
  errors: [],
});

// jsdom has one world: the page's listeners, the MAIN script and the content script share `window`, as
// they share the DOM in a browser. What matters is who sees what on it.
describe('the page bridge channel', () => {
  /** What the MAIN script reads from the page next (a window keeps its listeners: one bridge for all tests). */
  let read: () => BridgeGlobals = () => globals('1_real');
  beforeAll(() => serveBridge(window, () => read()));

  it('connects privately: the page never sees the connection, the element or the nonce', () => {
    let reads = 0;
    read = () => globals(`1_read${++reads}`);
    // The page's own listeners come after the MAIN script's (it runs at document_start).
    const seenByPage: Event[] = [];
    for (const target of [window, document, document.documentElement]) {
      target.addEventListener(CONNECT, (e) => seenByPage.push(e), true);
      target.addEventListener(CONNECT, (e) => seenByPage.push(e));
    }
    const got: FromBridge[] = [];
    const bridge = connectBridge(window, document, 'a-nonce-of-36-chars-0000000000000000', (m) => got.push(m));
    expect(seenByPage).toHaveLength(0);
    expect(got.map((m) => m.type === 'globals' && m.globals.players[0]?.entryId)).toEqual(['1_read1']);
    bridge.collect();
    expect(got).toHaveLength(2);
  });

  it('ignores what the page dispatches itself, on window, the document or its own elements', () => {
    read = () => globals('1_real');
    const got: FromBridge[] = [];
    connectBridge(window, document, 'another-nonce-000000000000000000000', (m) => got.push(m));
    const forged = JSON.stringify({ nonce: 'guess', type: 'globals', globals: globals('0_spoofed') });
    for (const target of [window, document, document.body]) {
      target.dispatchEvent(new CustomEvent('cnc-moderator:from-bridge', { detail: forged }));
    }
    // The page connecting on its own element gets its own answer there, and we hear nothing of it.
    const own = document.createElement('div');
    own.setAttribute('data-cnc-nonce', 'page-made-nonce-0000000000000000000');
    window.dispatchEvent(new MouseEvent(CONNECT, { relatedTarget: own }));
    expect(got.map((m) => m.type === 'globals' && m.globals.players[0]?.entryId)).toEqual(['1_real']);
  });

  it('refuses a channel element that sits in the document (the page could reach it)', () => {
    const inPage = document.createElement('div');
    inPage.setAttribute('data-cnc-nonce', 'a-nonce-of-36-chars-1111111111111111');
    document.body.append(inPage);
    const answers: unknown[] = [];
    inPage.addEventListener('cnc-moderator:from-bridge', (e) => answers.push((e as CustomEvent).detail));
    window.dispatchEvent(new MouseEvent(CONNECT, { relatedTarget: inPage }));
    expect(answers).toHaveLength(0);
  });
});
