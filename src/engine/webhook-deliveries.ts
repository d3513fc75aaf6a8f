import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Db } from '../store/db.ts';
import {
  enqueueDeliveries,
  headDeliveries,
  recordDeliveryFailure,
  recordDeliverySuccess,
  type AttemptResult,
  type HeadDelivery,
} from '../store/webhooks.ts';
import type { SecretBox } from '../store/secrets.ts';
import { retryDelayMs } from '../domain/backoff.ts';
import type { HttpExecutor } from '../executors/index.ts';
import { webhookRequest, type Sink } from '../sinks/index.ts';
import type { EventSource } from '../domain/event.ts';
import { LeaderLoop } from './leader-task.ts';
import { errorText } from './group-commit.ts';
import { isTransientDbError } from '../store/db-errors.ts';
import { WEBHOOK_WAKE_CHANNEL } from '../store/notify.ts';
import { webhookDeliveryCounter } from './metrics.ts';

export interface WebhookDeliveryOptions {
  db: Db;
  log: Logger;
  http: HttpExecutor;
  secrets: SecretBox;
  /** First retry delay (s); it doubles per failure up to an hour. */
  backoffSeconds: number;
  disableAfter: number;
  /** Webhooks called at once. */
  concurrency: number;
  timeoutMs: number;
  pollSeconds: number;
  /** Each tenant's CloudEvents `source`. */
  source: EventSource;
  /** For tickwork_webhook_deliveries_total (recorded outcomes). */
  registry?: Registry;
}

const MAX_BACKOFF_S = 3_600;
const USER_AGENT = 'tickwork-webhooks/0.1';

/**
 * Webhooks as a relay sink: taking a batch means fanning it out into pending deliveries (one per matching webhook)
 * in the database; the delivery loop below then sends them, so a slow or dead receiver never holds up the relay.
 */
export function webhookFanOut(db: Db, deliveries: WebhookDeliveries): Sink {
  return {
    name: 'webhooks',
    async publish(events) {
      if ((await enqueueDeliveries(db, events)) > 0) deliveries.wake();
    },
    async close() {},
  };
}

/**
 * Sends pending deliveries: each webhook's oldest first (so it sees events in order), signed per Standard Webhooks,
 * through the SSRF-guarded HTTP client; a failure is retried with backoff per webhook, and a long failure streak
 * disables the webhook. Runs only in the process that leads (engine/leadership.ts).
 */
export class WebhookDeliveries extends LeaderLoop {
  private readonly controller = new AbortController();

  constructor(private readonly o: WebhookDeliveryOptions) {
    super();
  }

  wake(): void {
    this.wakeup.wake();
  }

  /** For shutdown of the whole engine: abort calls in flight. */
  async close(): Promise<void> {
    this.controller.abort(new Error('shutting down'));
    await this.stop();
  }

  protected async loop(go: () => boolean): Promise<void> {
    // A redelivery or a webhook enabled again through the API wakes the loop; polling covers a lost notification.
    let unlisten: (() => Promise<void>) | null = null;
    try {
      unlisten = await this.o.db.listen(WEBHOOK_WAKE_CHANNEL, () => this.wakeup.wake());
    } catch (err) {
      this.o.log.warn({ err: errorText(err) }, 'could not listen for webhook wake-ups; polling instead');
    }
    try {
      await this.deliverWhileLeading(go);
    } finally {
      await unlisten?.().catch(() => undefined);
    }
  }

  private async deliverWhileLeading(go: () => boolean): Promise<void> {
    while (go()) {
      try {
        const heads = await headDeliveries(this.o.db, 1_000);
        const due = heads.filter((h) => h.due);
        const waits = heads.filter((h) => !h.due).map((h) => h.wait_ms);
        let transient = false;
        for (let i = 0; i < due.length && go(); i += this.o.concurrency) {
          const passed = await Promise.all(due.slice(i, i + this.o.concurrency).map((h) => this.deliverIsolated(h)));
          transient ||= passed.includes(false);
        }
        // A database that is away: the deliveries not recorded are still due; look again after a pause.
        if (transient) await this.wakeup.sleep(1_000);
        if (due.length > 0) continue;
        await this.wakeup.sleep(Math.min(this.o.pollSeconds * 1000, ...waits));
      } catch (err) {
        this.o.log.warn({ err: (err as Error).message }, 'webhook deliveries failed; retrying');
        await this.wakeup.sleep(1_000);
      }
    }
  }

  /**
   * One delivery, never failing the pass: a transient database failure leaves it due (false: the loop pauses);
   * anything else (a secret no key of the ring opens, a value the database refuses) is recorded as a failed attempt
   * naming the reason, so that webhook backs off and is disabled after its streak instead of blocking the loop or
   * being tried again at once for ever.
   */
  private async deliverIsolated(h: HeadDelivery): Promise<boolean> {
    try {
      await this.deliver(h);
      return true;
    } catch (err) {
      if (!(err instanceof PreparationError) && isTransientDbError(err)) {
        this.o.log.warn({ delivery: h.id, err: errorText(err) }, 'recording a webhook delivery failed; it stays due');
        return false;
      }
      const reason = errorText(err instanceof PreparationError ? err.cause : err);
      this.o.log.error({ delivery: h.id, webhook: h.webhook_id, reason }, 'a webhook delivery failed for a lasting reason');
      try {
        await this.recordFailure(h, { ok: false, httpStatus: null, error: `could not deliver: ${reason}`, durationMs: 0 });
        return true;
      } catch (e) {
        this.o.log.error({ delivery: h.id, err: errorText(e) }, 'could not record the failed webhook delivery');
        return !isTransientDbError(e);
      }
    }
  }

  private async deliver(h: HeadDelivery): Promise<void> {
    let request: ReturnType<typeof webhookRequest>;
    try {
      const secrets = [this.o.secrets.open(h.secret_enc)];
      if (h.previous_secret_enc !== null) secrets.push(this.o.secrets.open(h.previous_secret_enc));
      request = webhookRequest(h.event, secrets, Date.now(), this.o.source);
    } catch (err) {
      throw new PreparationError(err);
    }
    const { body, headers } = request;
    const res = await this.o.http.call({
      method: 'POST',
      url: h.url,
      headers: { ...headers, 'user-agent': USER_AGENT },
      body,
      timeoutMs: this.o.timeoutMs,
      signal: this.controller.signal,
      redirectIsAnswer: [301, 302, 303, 307, 308],
    });
    const ok = res.error === null && res.statusCode !== null && res.statusCode >= 200 && res.statusCode < 300;
    const result: AttemptResult = {
      ok,
      httpStatus: res.statusCode,
      error: ok ? null : (res.error?.message ?? `HTTP ${String(res.statusCode)}`),
      durationMs: Math.round(res.latencyMs),
    };
    if (ok) {
      await recordDeliverySuccess(this.o.db, h.id, h.webhook_id, result);
      if (this.o.registry !== undefined) webhookDeliveryCounter(this.o.registry).inc({ outcome: 'succeeded' });
      return;
    }
    await this.recordFailure(h, result);
  }

  private async recordFailure(h: HeadDelivery, result: AttemptResult): Promise<void> {
    const policy = { max_attempts: Number.MAX_SAFE_INTEGER, backoff_s: this.o.backoffSeconds, max_backoff_s: MAX_BACKOFF_S };
    const disabled = await recordDeliveryFailure(this.o.db, h.id, h.webhook_id, result, retryDelayMs(policy, h.attempts + 1), this.o.disableAfter);
    if (disabled) this.o.log.warn({ webhook: h.webhook_id, url: h.url }, 'webhook disabled after a long failure streak');
    if (this.o.registry !== undefined) webhookDeliveryCounter(this.o.registry).inc({ outcome: disabled ? 'disabled' : 'failed' });
  }
}

/** Building the signed request failed: nothing to do with the database, and it will fail the same way again. */
class PreparationError extends Error {
  constructor(override readonly cause: unknown) {
    super('could not prepare the webhook request');
  }
}
