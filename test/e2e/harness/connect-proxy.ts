// A tiny HTTP proxy for Firefox: every CONNECT (any host, port 443) is tunnelled to the local sandbox's
// HTTPS port, so pages load at their real hostnames (the TLS handshake still carries the real SNI and the
// sandbox routes by Host). Plain-http proxy requests are forwarded to the sandbox over HTTPS with their Host.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

export interface ConnectProxy {
  port: number;
  /** CONNECT targets seen, e.g. "1234567.events.kaltura.com:443". */
  seen: string[];
  close(): Promise<void>;
}

export async function startConnectProxy(opts: { targetPort: number; targetHost?: string }): Promise<ConnectProxy> {
  const targetHost = opts.targetHost ?? '127.0.0.1';
  const sockets = new Set<net.Socket>();
  const seen: string[] = [];
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  };

  const server = http.createServer((req, res) => {
    // Absolute-form proxy request: GET http://host/path HTTP/1.1
    let url: URL;
    try {
      url = new URL(req.url ?? '', `http://${req.headers.host ?? 'localhost'}`);
    } catch {
      res.writeHead(400).end('bad proxy request');
      return;
    }
    seen.push(`${url.host} (http)`);
    const upstream = https.request(
      {
        host: targetHost,
        port: opts.targetPort,
        method: req.method,
        path: url.pathname + url.search,
        headers: { ...req.headers, host: url.host },
        servername: url.hostname,
        rejectUnauthorized: false,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', (e) => {
      if (!res.headersSent) res.writeHead(502);
      res.end(String(e));
    });
    req.pipe(upstream);
  });

  server.on('connection', track);
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    seen.push(req.url ?? '?');
    const upstream = net.connect(opts.targetPort, targetHost, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    const kill = () => {
      upstream.destroy();
      client.destroy();
    };
    upstream.on('error', kill);
    client.on('error', kill);
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}
