/**
 * The sandbox's self-signed certificate for Kaltura's hostnames. Browsers accept it only with a
 * test-only exception (--ignore-certificate-errors / acceptInsecureCerts), see BROWSERS.md.
 * RSA key generation in JS takes seconds, so the result is cached in os.tmpdir().
 */
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export const CERT_DNS_NAMES = [
  '*.kaltura.com',
  '*.events.kaltura.com',
  '*.ovp.kaltura.com',
  '*.nvp1.ovp.kaltura.com',
  '*.irp2.ovp.kaltura.com',
  '*.frp2.ovp.kaltura.com',
  'www.kaltura.com',
  'cdnapisec.kaltura.com',
  'news.example.org',
  'events.acme.test',
  'localhost',
];
export const CERT_IPS = ['127.0.0.1'];

export interface TlsMaterial {
  key: string;
  cert: string;
}

function cachePath(): string {
  const tag = createHash('sha1').update(JSON.stringify([CERT_DNS_NAMES, CERT_IPS, 'v1'])).digest('hex').slice(0, 12);
  return join(tmpdir(), 'cnc-sandbox', `cert-${tag}.json`);
}

function usable(m: TlsMaterial): boolean {
  try {
    const x = new X509Certificate(m.cert);
    // Keep a day of margin so a long test run never crosses the expiry.
    return new Date(x.validTo).getTime() > Date.now() + 86400_000 && x.checkPrivateKey(createPrivateKey(m.key));
  } catch {
    return false;
  }
}

export async function loadOrCreateTls(): Promise<TlsMaterial> {
  const file = cachePath();
  try {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as TlsMaterial;
    if (typeof cached.key === 'string' && typeof cached.cert === 'string' && usable(cached)) return cached;
  } catch {
    // no cache yet, or unreadable: generate
  }
  const notBeforeDate = new Date(Date.now() - 86400_000);
  const notAfterDate = new Date(Date.now() + 365 * 86400_000);
  const pems = await generate([{ name: 'commonName', value: 'CnC sandbox (*.kaltura.com)' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [...CERT_DNS_NAMES.map((value) => ({ type: 2 as const, value })), ...CERT_IPS.map((ip) => ({ type: 7 as const, ip }))],
      },
    ],
  });
  const material = { key: pems.private, cert: pems.cert };
  try {
    mkdirSync(join(tmpdir(), 'cnc-sandbox'), { recursive: true });
    // Write then rename so concurrent sandboxes never read a half-written file.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(material), { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    // caching is an optimisation only
  }
  return material;
}
