// Starts the Kaltura sandbox in-process for a test file, and knows its URLs.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface SandboxSession {
  entryId: string;
  mode?: string;
  url: string;
}
export interface SandboxInfo {
  partnerId?: number;
  sessions?: SandboxSession[];
  urls?: Record<string, string>;
  [k: string]: unknown;
}
export interface RunningSandbox {
  port: number;
  info: SandboxInfo;
  close(): Promise<void> | void;
}

export const ROOT = path.resolve(import.meta.dirname, '../../..');
export const PARTNER_ID = 1234567;
export const EVENT_HOST = `${PARTNER_ID}.events.kaltura.com`;
export const ENTRY = { a: '1_sessiona1', b: '1_sessionb2', webcast: '1_webcast3', replay: '1_replay4' } as const;

export async function startTestSandbox(opts: { seed?: number; attendees?: number; rate?: number } = {}): Promise<RunningSandbox> {
  // Loaded by path so that a missing or broken sandbox is one clear failure rather than a type error here.
  const modPath = process.env.E2E_SANDBOX_MODULE ?? path.join(ROOT, 'sandbox', 'server.ts');
  let mod: { startSandbox?: (o: Record<string, unknown>) => Promise<RunningSandbox> };
  try {
    mod = await import(pathToFileURL(modPath).href);
  } catch (e) {
    throw new Error(`cannot load the sandbox from ${modPath}: ${(e as Error).message}`);
  }
  if (typeof mod.startSandbox !== 'function') throw new Error(`${modPath} does not export startSandbox()`);
  const sb = await mod.startSandbox({ port: 0, seed: 1, attendees: 0, rate: 0, ...opts });
  if (!sb || typeof sb.port !== 'number') throw new Error(`startSandbox() returned no port: ${JSON.stringify(sb)}`);
  return sb;
}

/** https://1234567.events.kaltura.com/media/t/ENTRY with optional query, preferring the sandbox's own URL. */
export function sessionUrl(sb: RunningSandbox | undefined, entryId: string, query: Record<string, string | number> = {}): string {
  const fromInfo = sb?.info?.sessions?.find((s) => s.entryId === entryId)?.url;
  const u = new URL(fromInfo ?? `https://${EVENT_HOST}/media/t/${entryId}`);
  for (const [k, v] of Object.entries(query)) u.searchParams.set(k, String(v));
  return u.href;
}

export function plainUrl(sb?: RunningSandbox): string {
  return sb?.info?.urls?.plain ?? 'https://news.example.org/';
}

export function customDomainUrl(sb?: RunningSandbox): string {
  return sb?.info?.urls?.customDomain ?? `https://events.acme.test/media/t/${ENTRY.a}`;
}
