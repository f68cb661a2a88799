// The sandbox CLI as a child process, for the CLI tests: started with `args`, resolved with its first
// stdout line (the ready JSON). `npx tsx …` as documented, minus npx: npx itself dies of SIGTERM (exit
// code null) before the sandbox can report its clean exit, so the same tsx binary runs directly.
import { spawn, type ChildProcess } from 'node:child_process';

export interface SandboxCli {
  child: ChildProcess;
  /** The first line it printed (the ready JSON). */
  line: string;
  /** All it printed on stdout so far. */
  out(): string;
}

export async function startSandboxCli(args: string[]): Promise<SandboxCli> {
  const child = spawn('node_modules/.bin/tsx', ['sandbox/main.ts', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  try {
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
    return { child, line, out: () => out };
  } catch (error) {
    child.kill('SIGTERM');
    throw error;
  }
}
