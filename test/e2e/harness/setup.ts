// The set-up most e2e files share, as hooks: `useSandboxChromium()` starts a sandbox and Chromium with the
// production build of the extension before the file's (or describe block's) tests, closes them after, and
// returns the handles. `useSandbox()` and `useChromium()` are the two parts, for files that start a browser
// per describe block. What it starts and how it closes it: ./launch.ts.
import { afterAll, beforeAll } from 'vitest';
import type { Sandbox } from '../../../sandbox/server';
import { start, stop, type ChromiumOptions, type SandboxChromium, type SandboxLike, type SandboxOptions } from './launch';

export type { SandboxChromium } from './launch';

export function useSandboxChromium(opts?: SandboxOptions<Sandbox> & ChromiumOptions): SandboxChromium<Sandbox>;
export function useSandboxChromium<S extends SandboxLike>(opts: SandboxOptions<S> & ChromiumOptions & { sandbox: () => Promise<S> }): SandboxChromium<S>;
export function useSandboxChromium<S extends SandboxLike>(opts: SandboxOptions<S> & ChromiumOptions = {}): SandboxChromium<S> {
  const env: Partial<SandboxChromium<S>> = {};
  beforeAll(() => start(env, opts));
  // Registered before the caller's own afterAll hooks, so it runs after them (vitest runs after-hooks as a stack).
  afterAll(() => stop(env));
  return env as SandboxChromium<S>;
}

/** A sandbox alone, for a file whose describe blocks start their own browsers. */
export function useSandbox<S extends SandboxLike>(sandbox: () => Promise<S>): Pick<SandboxChromium<S>, 'sb'> {
  return useSandboxChromium({ sandbox, browsers: 0 });
}

/** Chromium with the extension against a sandbox another hook started (`port` is read when the hook runs). */
export function useChromium(port: () => number, opts: ChromiumOptions = {}): Pick<SandboxChromium, 'h' | 'hs' | 'people'> {
  const sandbox = async () => ({ port: port(), close: () => undefined }); // not ours: the other hook closes it
  return useSandboxChromium({ ...opts, sandbox });
}

