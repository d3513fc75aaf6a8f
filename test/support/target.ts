import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/** A real HTTP server standing in for the targets tasks call. It records every request it receives. */
export interface TargetRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

export interface Target {
  url: string;
  requests: TargetRequest[];
  /** Requests to one path. */
  hits(path: string): TargetRequest[];
  /** Replaces the answer for a path (default: 200 "ok"). */
  on(path: string, handler: (req: IncomingMessage, res: ServerResponse) => void): void;
  close(): Promise<void>;
}

export async function startTarget(): Promise<Target> {
  const requests: TargetRequest[] = [];
  const handlers = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      requests.push({ method: req.method ?? '', path, headers: req.headers, body: Buffer.concat(chunks).toString(), at: Date.now() });
      const h = handlers.get(path);
      if (h !== undefined) return h(req, res);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('target has no address');
  return {
    url: `http://127.0.0.1:${addr.port}`,
    requests,
    hits: (path) => requests.filter((r) => r.path === path),
    on: (path, handler) => handlers.set(path, handler),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
