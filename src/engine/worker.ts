import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Db } from '../store/db.ts';
import {
  claimAndPlan,
  clockSkewMs,
  giveBack,
  heartbeat,
  msUntilNextDue,
  recordOutcomesAndSettle,
  sweepAndSettle,
  sweepExpiredLeases,
  type Claim,
  type Outcome,
} from '../store/claims.ts';
import { WAKE_CHANNEL } from '../store/notify.ts';
import { planClaims } from '../domain/firing.ts';
import type { ActionOutcome, ActionRunner } from './actions.ts';
import type { ActionJson } from '../domain/task.ts';
import { engineMetrics, unrecordableCounter, type EngineMetrics } from './metrics.ts';
import { errorText, plainInteger } from './group-commit.ts';
import { isTransientDbError } from '../store/db-errors.ts';
import type { TenantTally } from './tenant-slots.ts';
import { LeaseLoop, type Claimed } from './lease-loop.ts';
import type { SlotShares } from '../domain/tenant-slots.ts';

export interface WorkerOptions {
  db: Db;
  log: Logger;
  registry: Registry;
  runAction: ActionRunner;
  workerId: string;
  concurrency: number;
  claimBatch: number;
  /** Firings due within this many ms are claimed together and each started at its due time. */
  claimAheadMs: number;
  leaseSeconds: number;
  sweepSeconds: number;
  pollSeconds: number;
  shutdownGraceSeconds: number;
  misfireSeconds: number;
  misfireCap: number;
  /** The process's tally of calls in flight per tenant, shared with its monitor checks (fairness, FAULTS R17). */
  tenants: TenantTally;
  /** Percent of `concurrency` one tenant alone may not take. */
  tenantReservePercent: number;
  /** Most calls and checks of one tenant in flight in this process; null: all slots but the reserve. */
  tenantConcurrency: number | null;
}

const OUTCOME_BATCH = 500;
const FLUSH_LINGER_MS = 5;

/**
 * One worker process's engine for task firings, a configuration of the leased-work loop (lease-loop.ts): claims due
 * firings and plans them (domain/firing.ts), runs their actions at their due time, records outcomes and settles them
 * (store/claims.ts), heartbeats long calls, and sweeps leases of dead workers.
 */
export class Worker {
  private readonly loop: LeaseLoop<Claim, Outcome>;
  private readonly metrics: EngineMetrics;

  constructor(private readonly o: WorkerOptions) {
    this.metrics = engineMetrics(o.registry);
    const unrecordable = unrecordableCounter(o.registry);
    const slots = o.tenants.loop('tasks', o.concurrency, o.tenantReservePercent, o.tenantConcurrency);
    // While calls are in flight, claim again only once a quarter of a batch is free: every finished call wakes the
    // loop, and claiming one or two at a time would cost a claim transaction per task. (While a tenant is at its
    // limit, the loop claims into any free slot for the others: see LeaseLoop.)
    const quarter = Math.max(1, Math.floor(Math.min(o.claimBatch, o.concurrency) / 4));
    this.loop = new LeaseLoop<Claim, Outcome>({
      db: o.db,
      log: o.log,
      wakeChannel: WAKE_CHANNEL,
      slots,
      concurrency: o.concurrency,
      claimBatch: o.claimBatch,
      pollSeconds: o.pollSeconds,
      shutdownGraceSeconds: o.shutdownGraceSeconds,
      claimAheadMs: o.claimAheadMs,
      refill: quarter,
      wakeOnEveryFinish: false,
      claim: (limit, shares) => this.claim(limit, shares),
      lease: (c) => ({ id: c.run_id, token: c.lease_token, tenantId: c.tenant_id }),
      run: async (c, signal, receivedAt) => {
        const outcome = c.action === null ? failedOutcome('the task has no action') : await this.startWhenDue(c, c.action, signal, receivedAt);
        return { runId: c.run_id, leaseToken: c.lease_token, ...outcome };
      },
      failed: (c, error) => ({ runId: c.run_id, leaseToken: c.lease_token, ...failedOutcome(error) }),
      finished: (c, r) => this.metrics.callDuration.observe({ action: c.action?.type ?? 'none' }, r.durationMs / 1000),
      record: {
        write: (batch) => this.recordBatch(batch),
        isolate: (outcome, reason) => this.recordUnrecordable(outcome, reason),
        onIsolated: (outcome) => unrecordable.inc({ what: 'outcomes', outcome }),
        batchSize: OUTCOME_BATCH,
        lingerMs: FLUSH_LINGER_MS,
        what: 'outcomes',
      },
      nextDue: (saturated) => msUntilNextDue(o.db, saturated),
      giveBack: (ids, tokens) => giveBack(o.db, ids, tokens),
      heartbeat: {
        everySeconds: o.leaseSeconds / 3,
        extend: (ids, tokens) => heartbeat(o.db, ids, tokens, o.leaseSeconds),
        leaseOf: (r) => ({ id: r.runId, token: r.leaseToken }),
      },
      chores: [{ everySeconds: o.sweepSeconds, run: () => this.sweep() }],
      messages: {
        claimFailed: 'claiming failed; retrying',
        giveBackFailed: 'could not hand back leases; they expire and are retried',
      },
    });
  }

  async start(): Promise<void> {
    const skew = await clockSkewMs(this.o.db);
    if (Math.abs(skew) > 2_000) {
      this.o.log.warn(
        { skewMs: Math.round(skew) },
        'this machine\'s clock differs from the database\'s; due times, leases and backoff use the database clock',
      );
    }
    await this.loop.start();
    this.o.log.info({ worker: this.o.workerId, concurrency: this.o.concurrency }, 'worker started');
  }

  /** Graceful stop (SIGTERM): no new claims; running calls get the grace period; the rest are handed back. */
  async stop(): Promise<{ handedBack: number }> {
    const { handedBack } = await this.loop.stop();
    this.o.log.info({ handedBack }, 'worker stopped');
    return { handedBack };
  }

  /** Claims due firings and writes their plan (run, cancel, defer, hand back, next firing) in one transaction. */
  private async claim(limit: number, shares: SlotShares): Promise<Claimed<Claim>> {
    let receivedAt = 0;
    const { claimed, plan } = await claimAndPlan(
      this.o.db,
      { workerId: this.o.workerId, limit, leaseSeconds: this.o.leaseSeconds, aheadMs: this.o.claimAheadMs, shares },
      (claims) => {
        // Taken when the claim's answer arrives, before the plan is written: wait_ms counts from the statement
        // that measured it, so a firing started wait_ms after this never starts early.
        receivedAt = Date.now();
        return planClaims(claims, { misfireSeconds: this.o.misfireSeconds, misfireCap: this.o.misfireCap });
      },
    );
    this.metrics.claims.inc(claimed);
    for (const policy of plan?.missed ?? []) this.metrics.missedFirings.inc({ policy });
    return { claimed, run: plan?.run ?? [], receivedAt };
  }

  /**
   * Runs the action at its due time: a firing claimed ahead waits out `wait_ms`, counted from the claim's answer,
   * so it starts at or after its due time by the database clock, never before. Aborted while waiting (shutdown, a
   * lost lease), it never calls the target; its outcome is dropped by the caller.
   */
  private async startWhenDue(c: Claim, action: ActionJson, signal: AbortSignal, receivedAt: number): Promise<ActionOutcome> {
    // receivedAt is after the statement that measured wait_ms, so this is never before the due time. Timers may
    // fire a fraction of a millisecond early by Date.now(): wait again until the clock has truly reached it.
    const startAt = receivedAt + c.wait_ms;
    while (Date.now() < startAt && !signal.aborted) {
      await delay(startAt - Date.now(), undefined, { signal }).catch(() => undefined);
    }
    if (signal.aborted) return failedOutcome('aborted before it started');
    this.metrics.lateness.observe((c.late_ms + Math.max(0, Date.now() - receivedAt - c.wait_ms)) / 1000);
    return this.o.runAction(action, signal, { runId: c.run_id, attempt: c.attempt, tenantId: c.tenant_id });
  }

  /** Records one batch of outcomes and settles their attempts, in one transaction. */
  private async recordBatch(batch: Outcome[]): Promise<void> {
    const settled = await recordOutcomesAndSettle(this.o.db, batch);
    for (const s of settled) this.metrics.runsFinished.inc({ status: s.status });
    const stale = batch.length - settled.length;
    if (stale > 0) {
      this.metrics.staleCompletions.inc(stale);
      this.o.log.warn({ stale }, 'outcomes refused: their leases had been lost');
    }
  }

  /**
   * An outcome whose write fails for a lasting reason (something in what the target answered that the database
   * refuses): recorded instead as failed, without the result, the reason as its error, and settled as usual
   * (retry per policy, events). Nothing of the target's answer is in this write, so it cannot fail the same way.
   */
  private async recordUnrecordable(o: Outcome, reason: string): Promise<void> {
    await this.recordBatch([
      {
        runId: o.runId,
        leaseToken: o.leaseToken,
        status: 'failed',
        httpStatus: plainInteger(o.httpStatus, 999),
        durationMs: plainInteger(o.durationMs, 2 ** 31 - 1) ?? 0,
        error: `could not record the outcome: ${reason}`,
        result: null,
      },
    ]);
  }

  /**
   * Settles attempts whose lease lapsed, 500 at a time. An attempt that cannot be settled for a lasting reason (a
   * failure in its retry or events) must not stop every later sweep: after such a failure the sweep takes one
   * attempt, and if that one fails alone it is marked abandoned without being settled (no retry, no events, a log
   * line with the reason). Transient failures are left to the next sweep.
   */
  private async sweep(): Promise<void> {
    let n: number;
    try {
      n = await sweepAndSettle(this.o.db, 500);
    } catch (err) {
      if (isTransientDbError(err)) throw err;
      try {
        n = await sweepAndSettle(this.o.db, 1);
      } catch (alone) {
        if (isTransientDbError(alone)) throw alone;
        // Marks one lapsed attempt abandoned and nothing else: the write that cannot fail the way settling did.
        const ids = (await sweepExpiredLeases(this.o.db, 1)).map((a) => a.id);
        n = ids.length;
        this.o.log.error({ runs: ids, err: errorText(alone) }, 'a lapsed attempt could not be settled; marked abandoned without retry or events');
      }
    }
    if (n > 0) {
      this.metrics.abandoned.inc(n);
      this.o.log.warn({ abandoned: n }, 'attempts abandoned by lost workers will be retried per policy');
    }
  }
}

function failedOutcome(error: string): ActionOutcome {
  return { status: 'failed', httpStatus: null, durationMs: 0, error, result: null };
}
