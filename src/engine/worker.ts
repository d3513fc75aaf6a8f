import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Db } from '../store/db.ts';
import {
  appendEvents,
  cancelClaimed,
  claimDue,
  clearNextRun,
  clockSkewMs,
  deferClaimed,
  releaseDeferred,
  giveBack,
  heartbeat,
  insertNextFirings,
  msUntilNextDue,
  recordOutcomes,
  sweepExpiredLeases,
  type Claim,
  type NewEvent,
  type NextFiring,
  type Outcome,
} from '../store/claims.ts';
import { WAKE_CHANNEL } from '../store/runs.ts';
import { planFiring } from '../domain/schedule.ts';
import { scheduleFromJson } from '../domain/task.ts';
import type { ActionOutcome, ActionRunner } from './actions.ts';
import type { ActionJson } from '../domain/task.ts';
import { engineMetrics, unrecordableCounter, type EngineMetrics } from './metrics.ts';
import { runEventData, settleAttempts } from './settle.ts';
import { settleWithin, Wakeup } from './wakeup.ts';
import { GroupCommit, errorText, plainInteger } from './group-commit.ts';
import { isTransientDbError } from '../store/db-errors.ts';
import type { TenantSlotLoop, TenantTally } from './tenant-slots.ts';

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

interface InFlight {
  token: string;
  controller: AbortController;
  /** Set when the attempt was handed back or its lease lost: its outcome must not be recorded. */
  dropped: boolean;
  done: Promise<void>;
}

const OUTCOME_BATCH = 500;
const FLUSH_LINGER_MS = 5;

/**
 * One worker process's engine: claims due firings under leases, runs their actions with at most `concurrency` at
 * once, records outcomes in batches, heartbeats long calls, sweeps leases of dead workers, and on stop hands back
 * what it cannot finish within the grace period.
 */
export class Worker {
  private readonly wakeup = new Wakeup();
  private readonly inFlight = new Map<number, InFlight>();
  /** The database clock (tw_clock_now) minus this machine's, as of the last sleep (ms). */
  private skewMs = 0;
  /** When the loop's current sleep ends (this machine's clock), or null while it is not sleeping. */
  private sleepingUntil: number | null = null;
  /**
   * Outcomes are written in batches. When the database is unreachable they stay queued and are retried; if that
   * outlasts the lease, the sweep settles the attempts as abandoned and the late write is refused by its token.
   */
  private readonly outcomes: GroupCommit<Outcome>;
  private stopping = false;
  /** The loop sleeps because every slot (or all but less than a refill) is taken. */
  private waitingForSlots = false;
  private loopDone: Promise<void> = Promise.resolve();
  private timers: NodeJS.Timeout[] = [];
  private unlisten: (() => Promise<void>) | null = null;
  private readonly metrics: EngineMetrics;
  /** This loop's side of the per-tenant tally: its slots, reserve and what each tenant may take. */
  private readonly slots: TenantSlotLoop;
  /** Free slots worth a claim while calls are in flight (see loop). */
  private readonly refill: number;
  /**
   * Tenants whose due work the loop's current sleep left out (they were saturated): one of them getting room again
   * wakes the loop, which would otherwise sleep until another tenant's work is due.
   */
  private blocked = new Set<string>();
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly o: WorkerOptions) {
    this.metrics = engineMetrics(o.registry);
    const unrecordable = unrecordableCounter(o.registry);
    this.slots = o.tenants.loop('tasks', o.concurrency, o.tenantReservePercent, o.tenantConcurrency);
    // While calls are in flight, claim again only once a quarter of a batch is free: every finished call wakes the
    // loop, and claiming one or two at a time would cost a claim transaction per task. Never more than the reserve,
    // though: while one tenant's calls hang, the reserve may be all that is free, and it must still be claimed into.
    const quarter = Math.max(1, Math.floor(Math.min(o.claimBatch, o.concurrency) / 4));
    this.refill = this.slots.policy.reserve > 0 ? Math.min(quarter, this.slots.policy.reserve) : quarter;
    this.outcomes = new GroupCommit({
      write: (batch) => this.recordBatch(batch),
      isolate: (outcome, reason) => this.recordUnrecordable(outcome, reason),
      onIsolated: (outcome) => unrecordable.inc({ what: 'outcomes', outcome }),
      batchSize: OUTCOME_BATCH,
      lingerMs: FLUSH_LINGER_MS,
      log: o.log,
      what: 'outcomes',
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
    this.unlisten = await this.o.db.listen(WAKE_CHANNEL, (payload) => this.onWakeNotice(payload));
    this.unsubscribe = this.o.tenants.onRelease((tenantId) => this.onTenantRelease(tenantId));
    const every = (seconds: number, fn: () => Promise<void>): void => {
      const t = setInterval(() => {
        fn().catch((err: unknown) => this.o.log.warn({ err: errorMessage(err) }, 'engine housekeeping failed'));
      }, seconds * 1000);
      this.timers.push(t);
    };
    every(this.o.leaseSeconds / 3, () => this.extendLeases());
    every(this.o.sweepSeconds, () => this.sweep());
    this.loopDone = this.loop();
    this.o.log.info({ worker: this.o.workerId, concurrency: this.o.concurrency }, 'worker started');
  }

  /** Graceful stop (SIGTERM): no new claims; running calls get the grace period; the rest are handed back. */
  async stop(): Promise<{ handedBack: number }> {
    this.stopping = true;
    this.wakeup.wake();
    await this.loopDone;
    await settleWithin(
      [...this.inFlight.values()].map((f) => f.done),
      this.o.shutdownGraceSeconds * 1000,
    );
    const left = [...this.inFlight.entries()];
    for (const [, f] of left) {
      f.dropped = true;
      f.controller.abort(new Error('shutting down'));
    }
    let handedBack = 0;
    try {
      handedBack = await giveBack(
        this.o.db,
        left.map(([id]) => id),
        left.map(([, f]) => f.token),
      );
    } catch (err) {
      this.o.log.warn({ err: errorMessage(err) }, 'could not hand back leases; they expire and are retried');
    }
    await this.outcomes.stop();
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.unlisten?.();
    this.unsubscribe?.();
    this.o.log.info({ handedBack }, 'worker stopped');
    return { handedBack };
  }

  /**
   * A NOTIFY of new work, with its due time (database clock, epoch ms) or empty for now. Work due after this
   * worker's own next wake-up needs no early wake: that wake-up will find it (promise 4, without a query per notice).
   */
  private onWakeNotice(payload: string): void {
    const due = payload === '' ? NaN : Number(payload);
    const sleepingUntil = this.sleepingUntil;
    if (Number.isFinite(due) && sleepingUntil !== null && due - this.skewMs - this.o.claimAheadMs >= sleepingUntil) return;
    this.wakeup.wake();
  }

  /**
   * A call or check of a tenant ended (in either loop). If the current sleep left that tenant's due work out and the
   * tenant may now take a refill's worth (or all it may ever take), look again.
   */
  private onTenantRelease(tenantId: string): void {
    if (!this.blocked.has(tenantId)) return;
    const p = this.slots.policy;
    const most = Math.min(p.total - p.reserve, p.tenantCap ?? Infinity);
    if (this.slots.headroom(tenantId) < Math.min(this.refill, most)) return;
    this.blocked.delete(tenantId);
    this.wakeup.wake();
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      const free = this.o.concurrency - this.inFlight.size;
      const refill = this.refill;
      if (free <= 0 || (this.inFlight.size > 0 && free < refill)) {
        this.waitingForSlots = true;
        await this.wakeup.sleep(this.o.pollSeconds * 1000);
        this.waitingForSlots = false;
        continue;
      }
      const want = Math.min(free, this.o.claimBatch);
      try {
        const claimed = await this.claimAndDispatch(want);
        failures = 0;
        if (claimed === want) continue; // a full batch: more may be due
        // Tenants at their limit now (after this claim's dispatch): their due work must not read as due now, or the
        // loop would spin on work it may not claim; a slot of theirs freeing wakes it (onTenantRelease).
        const saturated = this.slots.shares(0).saturated;
        this.blocked = new Set(saturated);
        const due = await msUntilNextDue(this.o.db, saturated);
        // Woken a window ahead of the next due time: what falls due in it is claimed together (claimDue). After a
        // claim, a dense stream of due times is claimed again only once half the window has passed, so that every
        // claim takes half a window of firings, each still at least half a window ahead of its time.
        const ahead = this.o.claimAheadMs;
        const next = due.ms === null ? null : Math.max(due.ms - ahead, claimed > 0 && ahead > 0 ? ahead / 2 : -Infinity);
        // Refreshed at every sleep, so notices compare due times on the database's clock as it is now.
        this.skewMs = due.dbNowMs - Date.now();
        const poll = this.o.pollSeconds * 1000;
        // Due rows we could not claim are locked by another worker's claim that is about to commit: look again
        // shortly rather than spinning.
        const wait = next === null ? poll : next <= 0 ? (claimed > 0 ? 0 : 5) : Math.min(next, poll);
        if (wait > 0) {
          this.sleepingUntil = Date.now() + wait;
          await this.wakeup.sleep(wait);
          this.sleepingUntil = null;
        }
      } catch (err) {
        failures++;
        const delay = Math.min(250 * 2 ** Math.min(failures, 5), 5_000);
        this.o.log.warn({ err: errorMessage(err), retryInMs: delay }, 'claiming failed; retrying');
        await this.wakeup.sleep(delay);
      }
    }
  }

  private async claimAndDispatch(limit: number): Promise<number> {
    const received = { at: 0 };
    const toRun = await this.o.db.transaction(async (tx) => {
      const claims = await claimDue(tx, this.o.workerId, limit, this.o.leaseSeconds, this.o.claimAheadMs, this.slots.shares(limit));
      received.at = Date.now();
      if (claims.length === 0) return { claimed: 0, run: [] };
      const plan = this.planClaims(claims);
      await giveBack(tx, plan.handBack.map((c) => c.run_id), plan.handBack.map((c) => c.lease_token));
      await insertNextFirings(tx, plan.next);
      await clearNextRun(tx, plan.noNext);
      await cancelClaimed(tx, plan.cancelIds, plan.cancelReasons);
      await deferClaimed(tx, plan.deferIds);
      await appendEvents(tx, plan.events);
      return { claimed: claims.length, run: plan.run };
    });
    this.metrics.claims.inc(toRun.claimed);
    for (const c of toRun.run) this.dispatch(c, received.at);
    return toRun.claimed;
  }

  /** Decides, for each claimed firing, whether it runs, and plans the next firing of recurring tasks. */
  private planClaims(claims: Claim[]): {
    run: Claim[];
    next: NextFiring[];
    noNext: number[];
    cancelIds: number[];
    cancelReasons: string[];
    deferIds: number[];
    handBack: Claim[];
    events: NewEvent[];
  } {
    const out = {
      run: [] as Claim[],
      next: [] as NextFiring[],
      noNext: [] as number[],
      cancelIds: [] as number[],
      cancelReasons: [] as string[],
      deferIds: [] as number[],
      handBack: [] as Claim[],
      events: [] as NewEvent[],
    };
    const runningTasks = new Set<number>();
    for (const c of claims) {
      let reason: string | null = null;
      if (c.origin === 'schedule' && c.attempt === 1 && c.schedule !== null) {
        const schedule = scheduleFromJson(c.schedule);
        const p = planFiring({
          schedule,
          anchor: c.anchor_at,
          scheduledFor: c.scheduled_for,
          now: c.db_now,
          misfire: c.misfire,
          misfireSeconds: this.o.misfireSeconds,
          cap: this.o.misfireCap,
        });
        const recurring = schedule.type !== 'once';
        const blocked = recurring && c.overlap === 'skip' && (c.busy || runningTasks.has(c.task_id));
        if (blocked && c.wait_ms > 0) {
          // Claimed ahead of its time while the previous run still runs: decide at its due time, as without the
          // claim-ahead window, when that run may have ended. Handed back untouched (no next firing, no event).
          out.handBack.push(c);
          continue;
        }
        if (p.runThis && blocked && p.missed && c.misfire === 'run_all') {
          // Catch-up runs queue behind the running one instead of being skipped as overlapping; the next firing
          // is planned when this one is claimed again.
          out.deferIds.push(c.run_id);
          continue;
        }
        if (p.next !== null) out.next.push({ tenantId: c.tenant_id, taskId: c.task_id, at: p.next });
        else out.noNext.push(c.task_id);
        if (p.missed) this.metrics.missedFirings.inc({ policy: c.misfire });
        if (!p.runThis) {
          reason = `missed: ${Math.round((c.db_now.getTime() - c.scheduled_for.getTime()) / 1000)} s late (misfire policy ${c.misfire})`;
        } else if (blocked) {
          reason = 'skipped: the previous run is still running (overlap skip)';
        }
      }
      if (reason === null && c.action === null) reason = 'the task has no action';
      if (reason === null) {
        runningTasks.add(c.task_id);
        out.run.push(c);
        out.events.push(this.runEvent('run.started', c, 'running', null));
      } else {
        out.cancelIds.push(c.run_id);
        out.cancelReasons.push(reason);
        out.events.push(this.runEvent('run.cancelled', c, 'cancelled', reason));
      }
    }
    return out;
  }

  private runEvent(type: string, c: Claim, status: string, error: string | null): NewEvent {
    return {
      tenantId: c.tenant_id,
      type,
      subjectKind: 'task',
      subjectId: c.task_id,
      data: runEventData({
        id: c.run_id,
        task_id: c.task_id,
        attempt: c.attempt,
        status,
        scheduled_for: c.scheduled_for,
        started_at: c.started_at,
        error,
      }),
    };
  }

  private dispatch(c: Claim, receivedAt: number): void {
    const action = c.action;
    if (action === null) return;
    const controller = new AbortController();
    const entry: InFlight = { token: c.lease_token, controller, dropped: false, done: Promise.resolve() };
    this.inFlight.set(c.run_id, entry);
    this.slots.acquire(c.tenant_id);
    entry.done = this.startWhenDue(c, action, controller.signal, receivedAt)
      .catch((err: unknown) => ({
        status: 'failed' as const,
        httpStatus: null,
        durationMs: 0,
        error: `internal error: ${errorMessage(err)}`,
        result: null,
      }))
      .then((outcome) => {
        this.inFlight.delete(c.run_id);
        this.slots.release(c.tenant_id);
        // A finished call matters to the loop only when it waits for free slots; otherwise it sleeps until the
        // next due time, and waking it here would cost a claim per finished call.
        if (this.waitingForSlots) this.wakeup.wake();
        this.metrics.callDuration.observe({ action: action.type }, outcome.durationMs / 1000);
        if (entry.dropped) return;
        this.outcomes.push({ runId: c.run_id, leaseToken: c.lease_token, ...outcome });
      });
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
    if (signal.aborted) return { status: 'failed', httpStatus: null, durationMs: 0, error: 'aborted before it started', result: null };
    this.metrics.lateness.observe((c.late_ms + Math.max(0, Date.now() - receivedAt - c.wait_ms)) / 1000);
    return this.o.runAction(action, signal);
  }

  /** Records one batch of outcomes and settles their attempts, in one transaction. */
  private async recordBatch(batch: Outcome[]): Promise<void> {
    const settled = await this.o.db.transaction(async (tx) => {
      const s = await recordOutcomes(tx, batch);
      await settleAttempts(tx, s);
      return s;
    });
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
   * Heartbeat: extends the leases of calls still running and of finished calls whose outcome is not yet recorded
   * (a slow database must not let a finished attempt be swept and called again).
   */
  private async extendLeases(): Promise<void> {
    const held = [...this.inFlight.entries()].filter(([, f]) => !f.dropped);
    const unrecorded = this.outcomes.unwritten();
    if (held.length === 0 && unrecorded.length === 0) return;
    const kept = new Set(
      await heartbeat(
        this.o.db,
        [...held.map(([id]) => id), ...unrecorded.map((o) => o.runId)],
        [...held.map(([, f]) => f.token), ...unrecorded.map((o) => o.leaseToken)],
        this.o.leaseSeconds,
      ),
    );
    for (const [id, f] of held) {
      if (kept.has(id) || f.dropped || !this.inFlight.has(id)) continue;
      // The lease is gone (cancelled, or swept while we were unreachable): stop the call, record nothing.
      f.dropped = true;
      f.controller.abort(new Error('lease lost'));
      this.o.log.warn({ run: id }, 'lease lost; abandoning the call');
    }
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
      n = await this.sweepBatch(500);
    } catch (err) {
      if (isTransientDbError(err)) throw err;
      try {
        n = await this.sweepBatch(1);
      } catch (alone) {
        if (isTransientDbError(alone)) throw alone;
        const ids = await this.sweepBare();
        n = ids.length;
        this.o.log.error({ runs: ids, err: errorText(alone) }, 'a lapsed attempt could not be settled; marked abandoned without retry or events');
      }
    }
    if (n > 0) {
      this.metrics.abandoned.inc(n);
      this.o.log.warn({ abandoned: n }, 'attempts abandoned by lost workers will be retried per policy');
    }
  }

  private sweepBatch(limit: number): Promise<number> {
    return this.o.db.transaction(async (tx) => {
      const swept = await sweepExpiredLeases(tx, limit);
      await settleAttempts(tx, swept);
      await releaseDeferred(tx, null);
      return swept.length;
    });
  }

  /** Marks one lapsed attempt abandoned and nothing else: the write that cannot fail the way settling did. */
  private sweepBare(): Promise<number[]> {
    return this.o.db.transaction(async (tx) => (await sweepExpiredLeases(tx, 1)).map((a) => a.id));
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
