import amqp, { type ChannelModel } from 'amqplib';
import type { Logger } from 'pino';

/**
 * One RabbitMQ connection that re-opens itself: it connects in the background (the service starts and serves while
 * the broker is down), detects a silent broker by heartbeats, and reconnects with backoff after any loss. Users
 * register `onConnected` to (re)declare what they need on each fresh connection.
 */
export class AmqpConnection {
  private current: ChannelModel | null = null;
  private closed = false;
  private connecting: Promise<void> | null = null;
  private readonly waiters = new Set<() => void>();
  private readonly setups: ((c: ChannelModel) => Promise<void>)[] = [];

  constructor(
    private readonly url: string,
    private readonly log: Logger,
    private readonly heartbeatSeconds: number,
    private readonly name: string,
  ) {}

  /** Runs `setup` on every new connection (and now, if connected). */
  onConnected(setup: (c: ChannelModel) => Promise<void>): void {
    this.setups.push(setup);
    if (this.current !== null) void this.runSetup(this.current, setup);
  }

  start(): void {
    this.ensure();
  }

  /** The open connection, waiting for it up to `timeoutMs`; throws when there is none by then. */
  async connection(timeoutMs: number): Promise<ChannelModel> {
    this.ensure();
    if (this.current !== null) return this.current;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(t);
        this.waiters.delete(done);
        resolve();
      };
      const t = setTimeout(done, timeoutMs);
      this.waiters.add(done);
    });
    if (this.current === null) throw new Error('RabbitMQ is not reachable');
    return this.current;
  }

  /** Drops the connection (e.g. after a confirm timed out on a silent network); a new one is opened. */
  reset(): void {
    const c = this.current;
    this.current = null;
    if (c !== null) c.close().catch(() => undefined);
    this.ensure();
  }

  async close(): Promise<void> {
    this.closed = true;
    const c = this.current;
    this.current = null;
    for (const w of [...this.waiters]) w();
    if (c !== null) await c.close().catch(() => undefined);
  }

  private ensure(): void {
    if (this.closed || this.current !== null || this.connecting !== null) return;
    this.connecting = this.connectLoop().finally(() => {
      this.connecting = null;
    });
  }

  private async connectLoop(): Promise<void> {
    let delay = 250;
    let failures = 0;
    const url = new URL(this.url);
    if (!url.searchParams.has('heartbeat')) url.searchParams.set('heartbeat', String(this.heartbeatSeconds));
    while (!this.closed) {
      try {
        const c = await amqp.connect(url.toString(), { timeout: 10_000, clientProperties: { connection_name: this.name } });
        if (this.closed) {
          await c.close().catch(() => undefined);
          return;
        }
        c.on('error', (err: Error) => this.log.warn({ err: err.message }, 'RabbitMQ connection error'));
        c.on('close', () => {
          if (this.current !== c) return;
          this.current = null;
          if (!this.closed) {
            this.log.warn('RabbitMQ connection closed; reconnecting');
            this.ensure();
          }
        });
        this.current = c;
        if (failures > 0) this.log.info('RabbitMQ connection restored');
        for (const s of this.setups) await this.runSetup(c, s);
        for (const w of [...this.waiters]) w();
        return;
      } catch (err) {
        if (failures === 0 || delay >= 10_000) this.log.warn({ err: (err as Error).message }, 'RabbitMQ is not reachable; retrying');
        failures++;
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 10_000);
      }
    }
  }

  private async runSetup(c: ChannelModel, setup: (c: ChannelModel) => Promise<void>): Promise<void> {
    try {
      await setup(c);
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'RabbitMQ setup failed; reconnecting');
      if (this.current === c) this.reset();
    }
  }
}
