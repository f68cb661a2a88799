// Standing security suite, spoofing (issue 10): a hostile page forges the bridge's messages (postMessage,
// guessed and replayed nonces, events at the bridge, a look-alike widget DOM outside the root, an iframe,
// runtime messages), lies about its globals with a fake KS, and look-alike hosts serve the real site.
// Every attempt is counted and its outcome checked in the background's state: all are refused. The
// figure `security.spoof_attempts_refused_pct` comes from test/bench/security-spoof.bench.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/server';
import { ChromiumHarness } from './harness/chromium';
import { startQnaSandbox } from './harness/qna';
import { spoofRun } from './harness/spoof';

let sb: Sandbox;
let h: ChromiumHarness;

beforeAll(async () => {
  sb = await startQnaSandbox();
  h = await ChromiumHarness.launch({ sandboxPort: sb.port });
});
afterAll(async () => {
  await h?.close();
  await sb?.close();
});

describe('spoofing (Chromium, production build)', () => {
  it('every attempt of a hostile page and of look-alike hosts is refused', { timeout: 120_000 }, async () => {
    const r = await spoofRun(sb, h);
    for (const o of r.outcomes) console.log(`[spoof] ${o.refused ? 'refused ' : 'ACCEPTED'} ${o.name}: ${o.evidence}`);
    expect(r.attempts).toBeGreaterThanOrEqual(10);
    expect(r.outcomes.filter((o) => !o.refused).map((o) => `${o.name}: ${o.evidence}`)).toEqual([]);
    expect(r.refusedPct).toBe(100);
  });
});
