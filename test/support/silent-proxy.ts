import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of one address (FAULTS R5): it forwards bytes both ways until `silence()`, then
 * holds every connection open and forwards nothing — no reset, no close, new connections accepted and left hanging —
 * as a network that stops delivering packets does. `restore()` delivers what was held and forwards again, as TCP
 * does once the path heals (a peer that gave up meanwhile closes its own side, which is forwarded then).
 * `restore({ reset: true })` instead answers every connection that was held with a reset, as a path that comes back
 * without its state (a NAT or firewall that forgot it, a fail-over) does: the peers must reconnect.
 */
export interface SilentProxy {
  port: number;
  /** `url` (a postgres:// URL) pointed at the proxy instead. */
  through(url: string): string;
  silence(): void;
  restore(opts?: { reset?: boolean }): void;
  /** Connections accepted so far, and open now. */
  accepted(): number;
  open(): number;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket | null;
}

export async function startSilentProxy(host: string, port: number): Promise<SilentProxy> {
  let silent = false;
  let accepted = 0;
  const pairs = new Set<Pair>();

  /** Forwards `from` → `to` unless silent; backpressure pauses the reader until the writer drains. */
  const forward = (from: Socket, to: () => Socket | null): void => {
    from.on('data', (chunk: Buffer) => {
      const dest = to();
      if (dest === null || dest.destroyed) return;
      if (!dest.write(chunk)) {
        from.pause();
        dest.once('drain', () => {
          if (!silent) from.resume();
        });
      }
    });
  };

  const connectUpstream = (pair: Pair): void => {
    const up = createConnection({ host, port });
    pair.upstream = up;
    forward(pair.client, () => pair.upstream);
    forward(up, () => pair.client);
    up.on('error', () => pair.client.destroy());
    up.on('close', () => pair.client.end());
    pair.client.on('close', () => up.end());
    if (silent) up.pause();
  };

  const server: Server = createServer((client) => {
    accepted++;
    const pair: Pair = { client, upstream: null };
    pairs.add(pair);
    client.on('error', () => pair.upstream?.destroy());
    client.on('close', () => pairs.delete(pair));
    if (silent) client.pause(); // held: connected later, on restore
    else connectUpstream(pair);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('proxy has no address');

  return {
    port: addr.port,
    through(url) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(addr.port);
      return u.toString();
    },
    silence() {
      silent = true;
      for (const p of pairs) {
        p.client.pause();
        p.upstream?.pause();
      }
    },
    restore(opts = {}) {
      silent = false;
      for (const p of pairs) {
        if (opts.reset === true) {
          p.client.resetAndDestroy();
          p.upstream?.resetAndDestroy();
          continue;
        }
        if (p.upstream === null) connectUpstream(p);
        p.client.resume();
        p.upstream?.resume();
      }
    },
    accepted: () => accepted,
    open: () => pairs.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const p of pairs) {
          p.client.destroy();
          p.upstream?.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
