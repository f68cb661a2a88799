// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../e2e/harness/wait';
import { fetchHost } from './helpers';
import { startSandboxCli } from './sandbox-cli';

type Audience = { running: boolean; config: { attendees: number; rate: number; seed: number }; counts: { join: { ok: number } } };

describe('sandbox CLI with an audience', () => {
  it('honours --attendees/--rate/--seed and announces the control API', async () => {
    const { child, line } = await startSandboxCli(['--attendees', '10', '--rate', '20', '--seed', '3']);
    try {
      const info = JSON.parse(line) as { port: number; control: string; sessions: { mode: string }[] };
      expect(info.control).toBe('https://control.sandbox.test/control');
      expect(info.sessions.map((s) => s.mode)).toEqual(expect.arrayContaining(['cnc', 'webcast']));
      const read = async () => (JSON.parse((await fetchHost(info.port, 'control.sandbox.test', '/control/audience')).body) as { audience: Audience }).audience;
      // The audience joins at its rate: wait for the first joins rather than for a fixed time.
      const audience = await waitFor('the audience to join', read, (a) => a.counts.join.ok > 0, { timeout: 10_000 });
      expect(audience).toMatchObject({ running: true, config: { attendees: 10, rate: 20, seed: 3 } });
    } finally {
      child.kill('SIGTERM');
    }
  }, 90_000);
});
