import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Db } from '../store/db.ts';
import {
  claimDueMonitors,
  giveBackMonitors,
  msUntilNextCheck,
  dropExpiredCheckPartitions,
  ensureCheckPartitions,
  pruneChecks,
  pruneRollups,
  recordChecks,
  type CheckOutcome,
  type MonitorClaim,
} from '../store/checks.ts';
import { MONITOR_WAKE_CHANNEL } from '../store/monitors.ts';
import type { CheckRequest, CheckResult } from '../executors/index.ts';
import { settleWithin, Wakeup } from './wakeup.ts';
import { GroupCommit, plainInteger } from './group-commit.ts';
import { unrecordableCounter } from './metrics.ts';
import type { TenantSlotLoop, TenantTally } from './tenant-slots.ts';

/** Runs one check; never throws for a target's failure (that is a check with `ok: false`). */
export type CheckRunner = (req: CheckRequest, signal: AbortSignal) => Promise<CheckResult>;

export interface MonitorCheckerOptions {
  db: Db;
  log: Logger;
  check: CheckRunner;
  /** Most checks running at once in this process. */
  concurrency: number;
  claimBatch: number;
  /** Added to a check's timeout for its lease. */
  leaseSeconds: number;
  pollSeconds: number;
  shutdownGraceSeconds: number;
  retentionDays: number;
  /** How often old checks are pruned (seconds). */
  pruneSeconds: number;
  /** For the count of checks that could not be recorded as they were (tickwork_unrecordable_total). */
  registry?: Registry;
  /** The process's tally of calls in flight per tenant, shared with its task calls (fairness, FAULTS R17). */
  tenants: TenantTally;
  /** Percent of `concurrency` one tenant alone may not take. */
  tenantReservePercent: number;
  /** Most calls and checks of one tenant in flight in this process; null: all slots but the reserve. */
  tenantConcurrency: number | null;
}

const RECORD_BATCH = 500;
const PRUNE_BATCH = 5_000;
/** Daily partitions of checks made ahead of time, so a day's first check never lands in the default partition. */
const PARTITIONS_AHEAD_DAYS = 3;

interface InFlight {
  token: string;
  controller: AbortController;
  dropped: boolean;
  done: Promise<void>;
}

/**
 * The monitor part of a worker process: claims due monitors from the database (the database clock decides, woken by
 * NOTIFY when a monitor is created or changed), runs their checks with at most `concurrency` at once, and records
 * the results in batches (group commit). Also prunes checks past the retention in small batches.
 */
export class MonitorChecker {
  private readonly wakeup = new Wakeup();
  private readonly inFlight = new Map<number, InFlight>();
  private readonly outcomes: GroupCommit<CheckOutcome>;
  private stopping = false;
  private loopDone: Promise<void> = Promise.resolve();
  private pruneTimer: NodeJS.Timeout | null = null;
  private pruning = false;
  private unlisten: (() => Promise<void>) | null = null;
  /** Lateness of each check at its start (ms), for the bench and metrics; the most recent 100 000 are kept. */
  readonly lateness: number[] = [];
  /** This loop's side of the per-tenant tally: its slots, reserve and what each tenant may take. */
  private readonly slots: TenantSlotLoop;
  /** Tenants whose due monitors the current sleep left out (saturated); one of them getting room wakes the loop. */
  private blocked = new Set<string>();
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly o: MonitorCheckerOptions) {
    this.slots = o.tenants.loop('checks', o.concurrency, o.tenantReservePercent, o.tenantConcurrency);
    const unrecordable = o.registry === undefined ? null : unrecordableCounter(o.registry);
    this.outcomes = new GroupCommit({
      write: (batch) => this.recordBatch(batch),
      // A check whose write fails for a lasting reason is recorded as a failed check naming the reason, without
      // anything the target sent; the monitor's lease is released by that write like any other check's.
      isolate: (c, reason) =>
        this.recordBatch([
          {
            monitorId: c.monitorId,
            leaseToken: c.leaseToken,
            checkedAt: c.checkedAt,
            statusCode: plainInteger(c.statusCode, 999),
            latencyMs: plainInteger(Math.round(c.latencyMs), 2 ** 31 - 1) ?? 0,
            matched: null,
            ok: false,
            error: `could not record the check: ${reason}`,
            errorKind: 'other',
            certExpiresAt: null,
          },
        ]),
      onIsolated: (outcome) => unrecordable?.inc({ what: 'checks', outcome }),
      batchSize: RECORD_BATCH,
      lingerMs: 0,
      log: o.log,
      what: 'checks',
    });
  }

  async start(): Promise<void> {
    this.unlisten = await this.o.db.listen(MONITOR_WAKE_CHANNEL, () => this.wakeup.wake());
    // A task call of a tenant ending can give its monitors room again (the per-tenant cap counts both).
    this.unsubscribe = this.o.tenants.onRelease((tenantId) => {
      if (!this.blocked.has(tenantId) || this.slots.headroom(tenantId) === 0) return;
      this.blocked.delete(tenantId);
      this.wakeup.wake();
    });
    void this.prune();
    this.pruneTimer = setInterval(() => void this.prune(), this.o.pruneSeconds * 1000);
    this.pruneTimer.unref();
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeup.wake();
    await this.loopDone;
    if (this.pruneTimer !== null) clearInterval(this.pruneTimer);
    await settleWithin(
      [...this.inFlight.values()].map((f) => f.done),
      this.o.shutdownGraceSeconds * 1000,
    );
    const left = [...this.inFlight.entries()];
    for (const [, f] of left) {
      f.dropped = true;
      f.controller.abort(new Error('shutting down'));
    }
    try {
      await giveBackMonitors(this.o.db, left.map(([id]) => id), left.map(([, f]) => f.token));
    } catch (err) {
      this.o.log.warn({ err: errorMessage(err) }, 'could not hand back monitor leases; they lapse on their own');
    }
    await this.outcomes.stop();
    await this.unlisten?.();
    this.unsubscribe?.();
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      const free = this.o.concurrency - this.inFlight.size;
      if (free <= 0) {
        await this.wakeup.sleep(this.o.pollSeconds * 1000);
        continue;
      }
      const want = Math.min(free, this.o.claimBatch);
      try {
        const shares = this.slots.shares(want);
        const claims = await this.o.db.transaction((tx) => claimDueMonitors(tx, want, this.o.leaseSeconds, shares));
        failures = 0;
        const received = Date.now();
        for (const c of claims) this.dispatch(c, received);
        if (claims.length === want) continue;
        // Saturated tenants' due monitors must not read as due now, or the loop would spin on what it may not claim.
        const saturated = this.slots.shares(0).saturated;
        this.blocked = new Set(saturated);
        const next = await msUntilNextCheck(this.o.db, saturated);
        const poll = this.o.pollSeconds * 1000;
        const wait = next === null ? poll : next <= 0 ? (claims.length > 0 ? 0 : 5) : Math.min(next, poll);
        if (wait > 0) await this.wakeup.sleep(wait);
      } catch (err) {
        failures++;
        const delay = Math.min(250 * 2 ** Math.min(failures, 5), 5_000);
        this.o.log.warn({ err: errorMessage(err), retryInMs: delay }, 'claiming monitor checks failed; retrying');
        await this.wakeup.sleep(delay);
      }
    }
  }

  private dispatch(c: MonitorClaim, receivedAt: number): void {
    const controller = new AbortController();
    const entry: InFlight = { token: c.lease_token, controller, dropped: false, done: Promise.resolve() };
    this.inFlight.set(c.monitor_id, entry);
    this.slots.acquire(c.tenant_id);
    const startedAt = Date.now();
    if (this.lateness.length >= 100_000) this.lateness.splice(0, 50_000);
    this.lateness.push(c.late_ms + (startedAt - receivedAt));
    entry.done = this.runCheck(c, controller.signal)
      .catch((err: unknown): CheckResult => ({
        status_code: null,
        latency_ms: Date.now() - startedAt,
        matched: null,
        ok: false,
        error: `internal error: ${errorMessage(err)}`,
        error_kind: 'other',
        cert: null,
      }))
      .then((r) => {
        this.inFlight.delete(c.monitor_id);
        this.slots.release(c.tenant_id);
        this.wakeup.wake();
        if (entry.dropped) return;
        this.outcomes.push({
          monitorId: c.monitor_id,
          leaseToken: c.lease_token,
          checkedAt: c.claimed_at,
          statusCode: r.status_code,
          latencyMs: r.latency_ms,
          matched: r.matched,
          ok: r.ok,
          error: describeError(r),
          errorKind: r.error_kind,
          certExpiresAt: r.cert?.expires_at ?? null,
        });
      });
  }

  /** A URL monitor's check calls its target; a heartbeat's claim means its ping deadline passed unmet. */
  private runCheck(c: MonitorClaim, signal: AbortSignal): Promise<CheckResult> {
    if (c.type === 'heartbeat' || c.url === null) return Promise.resolve(missedPing(c));
    const req: CheckRequest = {
      url: c.url,
      method: c.method,
      timeout_ms: c.timeout_ms,
      expect_status: c.expect_status,
      regexp: c.regexp,
      expect_json: c.expect_json,
    };
    return this.o.check(req, signal);
  }

  /** Records one batch of checks (state machine, rollups, events) in one transaction; logs the transitions. */
  private async recordBatch(batch: CheckOutcome[]): Promise<void> {
    const recorded = await this.o.db.transaction((tx) => recordChecks(tx, batch));
    for (const r of recorded) {
      if (r.event !== null) {
        const state = r.event === 'monitor.down' ? 'down' : 'up';
        this.o.log.info({ monitor: r.monitorId, event: r.event, error: r.check.error }, `monitor ${r.monitorId} is ${state}`);
      }
      if (r.certNotice !== null) {
        this.o.log.warn({ monitor: r.monitorId, expiresAt: r.certNotice.toISOString() }, `monitor ${r.monitorId}: its certificate expires in ${r.check.cert_days_left} days`);
      }
    }
  }

  /**
   * Keeps the checks table in shape: makes the next days' partitions, drops the days past the retention whole, and
   * deletes what is left past it (the day that straddles the cut-off) a small batch at a time, so no statement
   * holds locks for long. Returns how many rows were deleted one by one.
   */
  async prune(): Promise<{ partitionsMade: number; partitionsDropped: number; deleted: number }> {
    const out = { partitionsMade: 0, partitionsDropped: 0, deleted: 0 };
    if (this.pruning || this.stopping) return out;
    this.pruning = true;
    try {
      out.partitionsMade = await ensureCheckPartitions(this.o.db, PARTITIONS_AHEAD_DAYS);
      out.partitionsDropped = await dropExpiredCheckPartitions(this.o.db, this.o.retentionDays);
      for (;;) {
        const n = await pruneChecks(this.o.db, this.o.retentionDays, PRUNE_BATCH);
        out.deleted += n;
        if (n < PRUNE_BATCH || this.stopping) break;
      }
      while ((await pruneRollups(this.o.db, this.o.retentionDays, PRUNE_BATCH)) === PRUNE_BATCH && !this.stopping);
      if (out.partitionsDropped + out.deleted > 0) this.o.log.info(out, 'pruned checks past the retention');
    } catch (err) {
      this.o.log.warn({ err: errorMessage(err) }, 'maintaining the checks table failed; will try again');
    } finally {
      this.pruning = false;
    }
    return out;
  }
}

/** The failed check of a heartbeat whose deadline passed without a ping. */
function missedPing(c: MonitorClaim): CheckResult {
  const since = c.last_ping_at === null ? 'none since it was created' : `the last was at ${c.last_ping_at.toISOString()}`;
  return {
    status_code: null,
    latency_ms: 0,
    matched: null,
    ok: false,
    error: `no ping within the period and grace (${since})`,
    error_kind: 'missed_ping',
    cert: null,
  };
}

/** A check's error names its cause (DNS failure, refused, TLS, timeout …); a timeout's message alone does not. */
function describeError(r: CheckResult): string | null {
  if (r.error === null) return null;
  return r.error_kind === 'timeout' && !/time/i.test(r.error.split(':')[0] ?? '') ? `timeout: ${r.error}` : r.error;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
