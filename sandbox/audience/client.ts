/**
 * HTTPS to the sandbox's chat host the way a widget on an Events page reaches it: SNI and Host
 * `chat.{region}.ovp.kaltura.com`, Bearer token, JSON body. One keep-alive agent with a bounded socket
 * pool serves every bot, so 1,000 bots cost a few dozen connections.
 */
import { Agent, request } from 'node:https';
import { REGION } from '../demo-data.js';

export interface Reply {
  status: number;
  json: unknown;
}

export class ChatHostClient {
  private readonly agent: Agent;

  constructor(
    private readonly port: number,
    readonly host = `chat.${REGION}.ovp.kaltura.com`,
    maxSockets = 48,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets, rejectUnauthorized: false });
  }

  post(path: string, token: string, body: unknown, timeoutMs = 30_000): Promise<Reply> {
    const data = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.port,
          servername: this.host,
          path,
          method: 'POST',
          agent: this.agent,
          headers: { Host: this.host, Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) },
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown = null;
            try {
              json = JSON.parse(text);
            } catch {
              json = text;
            }
            resolve({ status: res.statusCode ?? 0, json });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(data);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
