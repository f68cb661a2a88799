/**
 * CLI: `npx tsx sandbox/main.ts --port P [--attendees N --rate R --seed S --widget kep-2026|kep-variant]`.
 * Prints exactly one JSON line (ReadyInfo) on stdout when listening; everything else goes to stderr.
 * Runs until SIGINT/SIGTERM, then closes cleanly.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startSandbox } from './server.js';
import { SANDBOX_WIDGETS, type SandboxWidget } from './site/assets.js';

function num(v: string | undefined, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got "${v}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      attendees: { type: 'string' },
      rate: { type: 'string' },
      seed: { type: 'string' },
      widget: { type: 'string' },
    },
  });
  const widget = values.widget ?? 'kep-2026';
  if (!(SANDBOX_WIDGETS as readonly string[]).includes(widget)) throw new Error(`--widget must be one of ${SANDBOX_WIDGETS.join(', ')}, got "${widget}"`);
  const sandbox = await startSandbox({
    port: num(values.port, 'port', 0),
    attendees: num(values.attendees, 'attendees', 0),
    rate: num(values.rate, 'rate', 0),
    seed: num(values.seed, 'seed', 1),
    widget: widget as SandboxWidget,
  });
  process.stdout.write(`${JSON.stringify(sandbox.info)}\n`);
  process.stderr.write(`[sandbox] listening on https://127.0.0.1:${sandbox.port}\n`);
  let closing = false;
  const stop = (signal: string): void => {
    if (closing) return;
    closing = true;
    process.stderr.write(`[sandbox] ${signal}: closing\n`);
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  watchLaunchers(() => stop('launcher exited'));
}

/**
 * `npx tsx sandbox/main.ts` is npx → tsx CLI → this process. SIGTERM to npx kills npx alone and the
 * sandbox would live on, orphaned, holding its port. So: when our parent or our parent's parent is
 * re-parented (its launcher died), shut down. Linux /proc only; elsewhere this is a no-op.
 */
function watchLaunchers(onGone: () => void): void {
  const parentOf = (pid: number): number | null => {
    try {
      // /proc/PID/stat: "pid (comm) state ppid …"; comm may contain spaces, so split after ')'.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      return null;
    }
  };
  const parent = process.ppid;
  const grandparent = parentOf(parent);
  if (grandparent === null) return;
  setInterval(() => {
    if (process.ppid !== parent || parentOf(parent) !== grandparent) onGone();
  }, 1000).unref();
}

main().catch((err: unknown) => {
  process.stderr.write(`[sandbox] failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
