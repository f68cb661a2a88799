/** Test helpers: HTTPS requests to the in-process sandbox at a real hostname (SNI + Host header). */
import { request } from 'node:https';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function fetchHost(
  port: number,
  host: string,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: opts.method ?? 'GET',
        servername: host,
        rejectUnauthorized: false,
        headers: { Host: host, ...(opts.headers ?? {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** POST to www.kaltura.com/api_v3 and parse the JSON answer. */
export async function api(port: number, path: string, body: string, contentType: string): Promise<unknown> {
  const r = await fetchHost(port, 'www.kaltura.com', path, { method: 'POST', body, headers: { 'Content-Type': contentType } });
  return JSON.parse(r.body) as unknown;
}

export const form = (o: Record<string, string | number>): string =>
  new URLSearchParams(Object.entries(o).map(([k, v]) => [k, String(v)])).toString();
