import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** A real HTTP server on 127.0.0.1 as the target; counts connections and requests, and which sockets closed. */
export interface LocalServer {
  url: string;
  port: number;
  connections: number;
  closedConnections: number;
  requests: { method: string; url: string; path: string; headers: IncomingMessage['headers']; body: string }[];
  on(path: string, handler: (req: IncomingMessage, res: ServerResponse) => void): void;
  close(): Promise<void>;
}

export async function startLocalServer(): Promise<LocalServer> {
  const handlers = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      state.requests.push({
        method: req.method ?? '',
        url: req.url ?? '/',
        path,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      const handler = handlers.get(path);
      if (handler !== undefined) return handler(req, res);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
  });
  server.on('connection', (socket) => {
    state.connections += 1;
    sockets.add(socket);
    socket.on('close', () => {
      state.closedConnections += 1;
      sockets.delete(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no port');
  const state: LocalServer = {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    connections: 0,
    closedConnections: 0,
    requests: [],
    on: (path, handler) => void handlers.set(path, handler),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  return state;
}

/** Waits for a condition with a deadline (no fixed sleeps). */
export async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
