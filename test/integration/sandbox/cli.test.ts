// @vitest-environment node
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fetchHost } from './helpers';

describe('sandbox CLI', () => {
  it('prints one ready JSON line, serves, and exits cleanly on SIGTERM', async () => {
    // `npx tsx …` as documented, minus npx: npx itself dies of SIGTERM (exit code null) before the
    // sandbox can report its clean exit, so run the same tsx binary directly.
    const child = spawn('node_modules/.bin/tsx', ['sandbox/main.ts', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
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
    const info = JSON.parse(line) as { ready: boolean; port: number };
    expect(info.ready).toBe(true);
    expect((await fetchHost(info.port, 'news.example.org', '/')).status).toBe(200);
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    expect(out.trim().split('\n')).toHaveLength(1);
  }, 90_000);
});
