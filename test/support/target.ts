import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * The one fake target of the tests: a real HTTP server on 127.0.0.1 standing in for what tasks, monitors and webhooks
 * call. It records every request and counts connections (opened and closed), so a test can also show that nothing
 * reached it.
 */
export interface TargetRequest {
  method: string;
  /** The request target as sent: path and query. */
  url: string;
  /** The path alone. */
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** Date.now() when the request had been read. */
  at: number;
}

export interface Target {
  url: string;
  port: number;
  requests: TargetRequest[];
  /** Connections accepted, and of those closed, so far. */
  connections: number;
  closedConnections: number;
  /** Requests to one path. */
  hits(path: string): TargetRequest[];
  /** Replaces the answer for a path (default: 200 "ok"). */
  on(path: string, handler: (req: IncomingMessage, res: ServerResponse) => void): void;
  close(): Promise<void>;
}

export async function startTarget(): Promise<Target> {
  const handlers = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '/';
      const path = url.split('?')[0] ?? '/';
      target.requests.push({ method: req.method ?? '', url, path, headers: req.headers, body: Buffer.concat(chunks).toString(), at: Date.now() });
      const h = handlers.get(path);
      if (h !== undefined) return h(req, res);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
  });
  server.on('connection', (socket) => {
    target.connections += 1;
    sockets.add(socket);
    socket.on('close', () => {
      target.closedConnections += 1;
      sockets.delete(socket);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('target has no address');
  const target: Target = {
    url: `http://127.0.0.1:${addr.port}`,
    port: addr.port,
    requests: [],
    connections: 0,
    closedConnections: 0,
    hits: (path) => target.requests.filter((r) => r.path === path),
    on: (path, handler) => void handlers.set(path, handler),
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  return target;
}
