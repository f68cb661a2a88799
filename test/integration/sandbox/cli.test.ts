// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { fetchHost } from './helpers';
import { startSandboxCli } from './sandbox-cli';

describe('sandbox CLI', () => {
  it('prints one ready JSON line, serves, and exits cleanly on SIGTERM', async () => {
    const { child, line, out } = await startSandboxCli([]);
    const info = JSON.parse(line) as { ready: boolean; port: number };
    expect(info.ready).toBe(true);
    expect((await fetchHost(info.port, 'news.example.org', '/')).status).toBe(200);
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    expect(out().trim().split('\n')).toHaveLength(1);
  }, 90_000);
});
