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
  type CheckOutcome,
  type MonitorClaim,
} from '../store/checks.ts';
import { MONITOR_WAKE_CHANNEL } from '../store/notify.ts';
import type { CheckRequest, CheckResult } from '../executors/index.ts';
import { recordCheckBatch } from '../store/checks.ts';
import { plainInteger } from './group-commit.ts';
import { checkMetrics, countCheck, unrecordableCounter } from './metrics.ts';
import type { TenantTally } from './tenant-slots.ts';
import { LeaseLoop, errorMessage } from './lease-loop.ts';

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

/**
 * The monitor part of a worker process, a configuration of the leased-work loop (lease-loop.ts): claims due monitors
 * (the database clock decides, woken by NOTIFY when a monitor is created or changed), runs their checks, and records
 * them in batches (group commit) through the state machine of store/checks.ts. Also prunes checks past the
 * retention in small batches.
 */
export class MonitorChecker {
  private readonly loop: LeaseLoop<MonitorClaim, CheckOutcome>;
  private stopping = false;
  private pruning = false;

  constructor(private readonly o: MonitorCheckerOptions) {
    const unrecordable = o.registry === undefined ? null : unrecordableCounter(o.registry);
    const counted = o.registry === undefined ? null : checkMetrics(o.registry);
    this.loop = new LeaseLoop<MonitorClaim, CheckOutcome>({
      db: o.db,
      log: o.log,
      wakeChannel: MONITOR_WAKE_CHANNEL,
      slots: o.tenants.loop('checks', o.concurrency, o.tenantReservePercent, o.tenantConcurrency),
      concurrency: o.concurrency,
      claimBatch: o.claimBatch,
      pollSeconds: o.pollSeconds,
      shutdownGraceSeconds: o.shutdownGraceSeconds,
      claimAheadMs: 0,
      refill: 1,
      // Every finished check wakes the loop, as the monitor loop always did: with a refill of 1 a freed slot is
      // claimed into at once.
      wakeOnEveryFinish: true,
      claim: async (limit, shares) => {
        const claims = await claimDueMonitors(o.db, limit, o.leaseSeconds, shares);
        return { claimed: claims.length, run: claims, receivedAt: Date.now() };
      },
      lease: (c) => ({ id: c.monitor_id, token: c.lease_token, tenantId: c.tenant_id }),
      run: async (c, signal) => {
        const r = await this.runCheck(c, signal);
        countCheck(counted, c.type, r);
        return checkOutcome(c, r);
      },
      failed: (c, error, startedAt) => {
        const r: CheckResult = { status_code: null, latency_ms: Date.now() - startedAt, matched: null, ok: false, error, error_kind: 'other', cert: null };
        countCheck(counted, c.type, r);
        return checkOutcome(c, r);
      },
      record: {
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
        what: 'checks',
      },
      nextDue: async (saturated) => ({ ms: await msUntilNextCheck(o.db, saturated) }),
      giveBack: (ids, tokens) => giveBackMonitors(o.db, ids, tokens),
      chores: [{ everySeconds: o.pruneSeconds, run: () => this.prune() }],
      messages: {
        claimFailed: 'claiming monitor checks failed; retrying',
        giveBackFailed: 'could not hand back monitor leases; they lapse on their own',
      },
    });
  }

  async start(): Promise<void> {
    void this.prune();
    await this.loop.start();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop.stop();
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
    const recorded = await recordCheckBatch(this.o.db, batch);
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

/** A check as it is recorded: what the executor found, under the claim's lease, at the claim's time. */
function checkOutcome(c: MonitorClaim, r: CheckResult): CheckOutcome {
  return {
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
  };
}
