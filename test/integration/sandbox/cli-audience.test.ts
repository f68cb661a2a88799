// @vitest-environment node
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fetchHost } from './helpers';

describe('sandbox CLI with an audience', () => {
  it('honours --attendees/--rate/--seed and announces the control API', async () => {
    const child = spawn('node_modules/.bin/tsx', ['sandbox/main.ts', '--port', '0', '--attendees', '10', '--rate', '20', '--seed', '3'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      const line = await new Promise<string>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('no ready line')), 60_000);
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const nl = out.indexOf('\n');
          if (nl >= 0) {
            clearTimeout(t);
            resolve(out.slice(0, nl));
          }
        });
        child.on('exit', () => reject(new Error('exited early')));
      });
      const info = JSON.parse(line) as { port: number; control: string; sessions: { mode: string }[] };
      expect(info.control).toBe('https://control.sandbox.test/control');
      expect(info.sessions.map((s) => s.mode)).toEqual(expect.arrayContaining(['cnc', 'webcast']));
      await new Promise((r) => setTimeout(r, 1000));
      const r = await fetchHost(info.port, 'control.sandbox.test', '/control/audience');
      const audience = (JSON.parse(r.body) as { audience: { running: boolean; config: { attendees: number; rate: number; seed: number }; counts: { join: { ok: number } } } }).audience;
      expect(audience).toMatchObject({ running: true, config: { attendees: 10, rate: 20, seed: 3 } });
      expect(audience.counts.join.ok).toBeGreaterThan(0);
    } finally {
      child.kill('SIGTERM');
    }
  }, 90_000);
});
