import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { ConfigError } from '../config.ts';

/**
 * The process's registry with prom-client's default process and Node.js metrics, less three of them:
 * `nodejs_active_{handles,requests,resources}_total` are gauges named like counters (promtool rejects them), and each
 * is only the sum over `type` of the gauge of the same name without `_total`, which stays: `sum(nodejs_active_handles)`.
 */
export function processRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) {
    registry.removeSingleMetric(name);
  }
  return registry;
}

/**
 * The listen failures that are the operator's to fix, as a ConfigError naming the setting (exit 2), instead of a
 * crash with a stack: a port in use (another process, or a second worker on one host without its own port), a
 * privileged port, an address this host does not have.
 */
export function listenProblem(err: unknown, portSetting: string, port: number, host: string): ConfigError | null {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE') {
    return new ConfigError([`${portSetting}=${port}: the port is in use on ${host} (another process listens there; give each process its own port)`]);
  }
  if (code === 'EACCES') return new ConfigError([`${portSetting}=${port}: not allowed to listen on this port (ports below 1024 need privileges)`]);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return new ConfigError([`HOST=${host}: this host has no such address to listen on`]);
  return null;
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * A worker's operations port (TICKWORK_METRICS_PORT): `/metrics` for Prometheus, `/livez` (the process answers) and
 * `/readyz` (`ready()` returns null: the database answers and the process is not stopping). Plain node:http, as the
 * worker runs no API; it is bound before the database is opened, so a port in use stops start-up at once.
 */
export async function startMetricsServer(o: {
  host: string;
  port: number;
  registry: Registry;
  log: Logger;
  /** Null when ready, else why not. */
  ready: () => Promise<string | null>;
}): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const json = (status: number, body: object): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(405, { status: 'method not allowed' });
    if (path === '/livez') return json(200, { status: 'ok' });
    if (path === '/readyz') {
      void o.ready().then(
        (problem) => (problem === null ? json(200, { status: 'ok' }) : json(503, { status: 'unavailable', error: problem })),
        (err: unknown) => json(503, { status: 'unavailable', error: err instanceof Error ? err.message : 'unknown' }),
      );
      return;
    }
    if (path === '/metrics') {
      void o.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': o.registry.contentType });
          res.end(text);
        },
        (err: unknown) => {
          o.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'collecting metrics failed');
          json(500, { status: 'error' });
        },
      );
      return;
    }
    json(404, { status: 'not found', paths: ['/metrics', '/livez', '/readyz'] });
  });
  // Prometheus keeps its connection open between scrapes; on stop those idle sockets must not hold the process.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(listenProblem(err, 'TICKWORK_METRICS_PORT', o.port, o.host) ?? err));
    server.listen(o.port, o.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : o.port;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
