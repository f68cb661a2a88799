// The set-up most e2e files share: a sandbox, Chromium with the production build of the extension (one
// browser a moderator), optionally a browser without it for attendees, and the teardown in the reverse
// order. `withSandboxChromium()` runs a function inside it (the soak, also run by `npm run bench` outside
// vitest: so nothing here imports vitest); ./setup.ts registers it as a test file's hooks.
import type { Sandbox } from '../../../sandbox/server';
import { ChromiumHarness } from './chromium';
import { Attendees, startQnaSandbox } from './qna';

/** What the set-up needs of a sandbox: startQnaSandbox(), startSandbox() and startTestSandbox() all give it. */
export interface SandboxLike {
  port: number;
  close(): Promise<void> | void;
}

export interface ChromiumOptions {
  /** Browsers with the extension, each its own profile (a moderator each). 1 unless told; 0 for none. */
  browsers?: number;
  /** A browser without the extension for attendees (`people`), one cookie jar per attendee. */
  attendees?: boolean;
}

export interface SandboxOptions<S extends SandboxLike> {
  /** Starts the sandbox; startQnaSandbox() (the kep-2026 widget, no simulated audience) unless told. */
  sandbox?: () => Promise<S>;
  /** Runs once the sandbox is up and before any browser starts (to seed what the browsers must find). */
  prepare?: (sb: S) => unknown;
}

/**
 * The handles. Filled by the beforeAll hook: read them in tests and hooks, not while the file is collected.
 * Before the hook ran (or when it failed) they are undefined, as an unassigned `let` would be; the teardown
 * closes what did start.
 */
export interface SandboxChromium<S extends SandboxLike = Sandbox> {
  sb: S;
  /** The first browser with the extension. */
  h: ChromiumHarness;
  /** Every browser with the extension, `h` first. */
  hs: ChromiumHarness[];
  /** The attendees' browser (with `attendees: true`). */
  people: Attendees;
}

export async function start<S extends SandboxLike>(into: Partial<SandboxChromium<S>>, opts: SandboxOptions<S> & ChromiumOptions): Promise<void> {
  const sb = (into.sb = await (opts.sandbox ?? (startQnaSandbox as unknown as () => Promise<S>))());
  await opts.prepare?.(sb);
  // Started together, as two moderators open their browsers; each one that started is kept for the teardown.
  const launched = await Promise.allSettled(Array.from({ length: opts.browsers ?? 1 }, () => ChromiumHarness.launch({ sandboxPort: sb.port })));
  into.hs = launched.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  into.h = into.hs[0];
  const failed = launched.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  if (opts.attendees) into.people = await Attendees.launch(sb.port);
}

export async function stop(from: Partial<SandboxChromium<SandboxLike>>): Promise<void> {
  await from.people?.close();
  for (const h of from.hs ?? []) await h.close();
  await from.sb?.close();
}

/** Runs `run` with a sandbox and Chromium with the extension, and closes both whatever happens. */
export async function withSandboxChromium<T>(run: (env: SandboxChromium<Sandbox>) => Promise<T>, opts: SandboxOptions<Sandbox> & ChromiumOptions = {}): Promise<T> {
  const env: Partial<SandboxChromium<Sandbox>> = {};
  try {
    await start(env, opts);
    return await run(env as SandboxChromium<Sandbox>);
  } finally {
    await stop(env);
  }
}
