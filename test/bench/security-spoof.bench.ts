// Standing security suite, spoofing (issue 10): the hostile page's attempts and the look-alike hosts of
// test/e2e/harness/spoof.ts, against the production build in Chromium, each outcome checked in the
// background's state, the panel and the request log.
//
// Figures:
// - security.spoof_attempts_refused_pct: attempts refused / attempts made, in percent (goal: 100).
// - security.spoof_attempts: attempts made (over BENCH_SPOOF_ROUNDS rounds, each in a fresh browser).
import { startSandbox } from '../../sandbox/server';
import { ChromiumHarness } from '../e2e/harness/chromium';
import { spoofRun } from '../e2e/harness/spoof';

const ROUNDS = Number(process.env.BENCH_SPOOF_ROUNDS ?? 3);

export async function run(): Promise<Record<string, number>> {
  let attempts = 0;
  let refused = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const sb = await startSandbox({ port: 0, seed: 1 + round });
    const h = await ChromiumHarness.launch({ sandboxPort: sb.port, defaultThrottling: true });
    try {
      const r = await spoofRun(sb, h);
      attempts += r.attempts;
      refused += r.refused;
      for (const o of r.outcomes) if (!o.refused) console.error(`[bench] spoof ACCEPTED ${o.name}: ${o.evidence}`);
    } finally {
      await h.close();
      await sb.close();
    }
  }
  return { 'security.spoof_attempts': attempts, 'security.spoof_attempts_refused_pct': attempts ? (100 * refused) / attempts : 0 };
}
