import type { Logger } from 'pino';
import type { Db } from '../store/db.ts';
import type { SlotShares } from '../domain/tenant-slots.ts';
import { settleWithin, Wakeup } from './wakeup.ts';
import { GroupCommit, type GroupCommitOptions } from './group-commit.ts';
import type { TenantSlotLoop } from './tenant-slots.ts';

/** A claimed item's lease: the row it holds (a run, a monitor) and the token every write of it names. */
export interface Lease {
  id: number;
  token: string;
}

/** What one claim took: how many rows it claimed, those of them to run now, and when its answer came (ms). */
export interface Claimed<C> {
  claimed: number;
  run: C[];
  receivedAt: number;
}

/**
 * The kind of leased work a loop does (task firings, monitor checks): `C` a claimed item, `R` what is recorded of
 * it. Everything else — sleeping, claiming, slots, in-flight bookkeeping, group commit, heartbeat, stop — is the loop's.
 */
export interface LeaseLoopOptions<C, R> {
  db: Db;
  log: Logger;
  /** The NOTIFY channel of new or changed work; a payload may carry its due time (epoch ms, database clock). */
  wakeChannel: string;
  /** This loop's side of the process's per-tenant tally. */
  slots: TenantSlotLoop;
  concurrency: number;
  claimBatch: number;
  pollSeconds: number;
  shutdownGraceSeconds: number;
  /** Work due within this many ms is claimed together and started at its due time (0: claimed when due). */
  claimAheadMs: number;
  /** Free slots worth a claim while work is in flight (1: claim into any free slot). */
  refill: number;
  /**
   * Wake the loop whenever an item finishes (true), or only while it waits for free slots (false: otherwise it
   * sleeps until the next due time, and waking it would cost a claim per finished item).
   */
  wakeOnEveryFinish: boolean;
  /** Claims up to `limit` items, taking no more of each tenant than `shares` allows. */
  claim(limit: number, shares: SlotShares): Promise<Claimed<C>>;
  lease(c: C): Lease & { tenantId: string };
  /** Does the work and says what to record; aborted by `signal` on a lost lease or shutdown. */
  run(c: C, signal: AbortSignal, receivedAt: number): Promise<R>;
  /** What is recorded of an item whose run threw (`error` says why; `startedAt` when it was dispatched). */
  failed(c: C, error: string, startedAt: number): R;
  /** Told of every finished item, recorded or dropped (for metrics). */
  finished?(c: C, r: R): void;
  /** Group commit of what is recorded (write, isolate, batch size, linger). */
  record: Omit<GroupCommitOptions<R>, 'log'>;
  /** Milliseconds until the next item of a tenant not in `saturated` is due (null: none), and the database's now. */
  nextDue(saturated: readonly string[]): Promise<{ ms: number | null; dbNowMs?: number }>;
  /** Hands back leases of items not started or not finished at stop; returns how many. */
  giveBack(ids: number[], tokens: string[]): Promise<number>;
  /**
   * Extends leases still held every `everySeconds`, `extend` returning the ids still held; `leaseOf` names the lease a
   * recorded item releases, so that it is extended too while the item waits to be written.
   */
  heartbeat?: { everySeconds: number; extend(ids: number[], tokens: string[]): Promise<number[]>; leaseOf(r: R): Lease };
  /** Other periodic work of this kind (a sweep, pruning); a failure is logged and tried again next time. */
  chores?: { everySeconds: number; run(): Promise<unknown> }[];
  messages: { claimFailed: string; giveBackFailed: string };
}

interface InFlight {
  token: string;
  controller: AbortController;
  /** Set when the item was handed back or its lease lost: its outcome must not be recorded. */
  dropped: boolean;
  done: Promise<void>;
}

/**
 * One leased-work loop: sleeps until the earliest due time it knows (woken by NOTIFY, a freed slot or stop), claims
 * due items under leases with at most `concurrency` in flight, fair between tenants, runs each, records what they
 * give by group commit, heartbeats the leases it holds, and on stop lets running work finish within the grace period
 * (a ceiling) and hands back the rest.
 */
export class LeaseLoop<C, R> {
  private readonly wakeup = new Wakeup();
  private readonly inFlight = new Map<number, InFlight>();
  /**
   * What is recorded is written in batches. When the database is unreachable it stays queued and is retried; if that
   * outlasts the lease, the lease lapses and the late write is refused by its token.
   */
  private readonly outcomes: GroupCommit<R>;
  /** The database clock minus this machine's, as of the last sleep (ms). */
  private skewMs = 0;
  /** When the loop's current sleep ends (this machine's clock), or null while it is not sleeping. */
  private sleepingUntil: number | null = null;
  private stopping = false;
  /** The loop sleeps because every slot (or all but less than a refill) is taken. */
  private waitingForSlots = false;
  /** Items finished so far (to tell a wait that ended because work finished from one that ended without any). */
  private finishedCount = 0;
  /** The last wait for a refill's worth of slots saw nothing finish: the work in flight may hang; claim what is free. */
  private stalled = false;
  private loopDone: Promise<void> = Promise.resolve();
  private timers: NodeJS.Timeout[] = [];
  private unlisten: (() => Promise<void>) | null = null;
  private unsubscribe: (() => void) | null = null;
  /**
   * Tenants whose due work the loop's current sleep left out (they were saturated): one of them getting room again
   * wakes the loop, which would otherwise sleep until another tenant's work is due.
   */
  private blocked = new Set<string>();

  constructor(private readonly o: LeaseLoopOptions<C, R>) {
    this.outcomes = new GroupCommit({ ...o.record, log: o.log });
  }

  async start(): Promise<void> {
    this.unlisten = await this.o.db.listen(this.o.wakeChannel, (payload) => this.onWakeNotice(payload));
    this.unsubscribe = this.o.slots.onRelease((tenantId) => this.onTenantRelease(tenantId));
    const heartbeat = this.o.heartbeat;
    const chores = [...(this.o.chores ?? [])];
    if (heartbeat !== undefined) chores.unshift({ everySeconds: heartbeat.everySeconds, run: () => this.extendLeases(heartbeat) });
    for (const chore of chores) {
      const t = setInterval(() => {
        chore.run().catch((err: unknown) => this.o.log.warn({ err: errorMessage(err) }, 'engine housekeeping failed'));
      }, chore.everySeconds * 1000);
      t.unref();
      this.timers.push(t);
    }
    this.loopDone = this.loop();
  }

  /** Graceful stop (SIGTERM): no new claims; running work gets the grace period; the rest is handed back. */
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
      handedBack = await this.o.giveBack(
        left.map(([id]) => id),
        left.map(([, f]) => f.token),
      );
    } catch (err) {
      this.o.log.warn({ err: errorMessage(err) }, this.o.messages.giveBackFailed);
    }
    await this.outcomes.stop();
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.unlisten?.();
    this.unsubscribe?.();
    return { handedBack };
  }

  /**
   * A NOTIFY of new work, with its due time (database clock, epoch ms) or empty for now. Work due after this loop's
   * own next wake-up needs no early wake: that wake-up will find it (promise 4, without a query per notice). Work due
   * before it (a retry after its backoff, a task created for a second from now) shortens the sleep to a claim window
   * ahead of its due time, so it is claimed then rather than at the next poll, and not before.
   */
  private onWakeNotice(payload: string): void {
    const due = payload === '' ? NaN : Number(payload);
    const sleepingUntil = this.sleepingUntil;
    if (!Number.isFinite(due) || sleepingUntil === null) return this.wakeup.wake();
    const wakeAt = due - this.skewMs - this.o.claimAheadMs;
    if (wakeAt >= sleepingUntil) return;
    this.sleepingUntil = wakeAt;
    this.wakeup.wakeBy(wakeAt);
  }

  /**
   * A call or check of a tenant ended (in either loop). If the current sleep left that tenant's due work out and the
   * tenant may now take a refill's worth (or all it may ever take), look again.
   */
  private onTenantRelease(tenantId: string): void {
    if (!this.blocked.has(tenantId)) return;
    const p = this.o.slots.policy;
    const most = Math.min(p.total - p.reserve, p.tenantCap ?? Infinity);
    if (this.o.slots.headroom(tenantId) < Math.min(this.o.refill, most)) return;
    this.blocked.delete(tenantId);
    this.wakeup.wake();
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      const free = this.o.concurrency - this.inFlight.size;
      // Less than a refill free: wait for more, so that each claim takes a refill's worth. Not when a tenant is at its
      // limit (what is free may be no more than the reserve, and other tenants' work must still be claimed into it;
      // the saturated tenant's rows are left out of that claim, so it cannot spin on them), nor after a wait in which
      // nothing finished (the work in flight may hang for its whole timeout; due work must not wait for it).
      if (free <= 0 || (this.inFlight.size > 0 && free < this.o.refill && this.blocked.size === 0 && !this.stalled)) {
        const finishedBefore = this.finishedCount;
        this.waitingForSlots = true;
        await this.wakeup.sleep(this.o.pollSeconds * 1000);
        this.waitingForSlots = false;
        this.stalled = free > 0 && this.finishedCount === finishedBefore;
        continue;
      }
      this.stalled = false;
      const want = Math.min(free, this.o.claimBatch);
      try {
        const { claimed, run, receivedAt } = await this.o.claim(want, this.o.slots.shares(want));
        failures = 0;
        for (const c of run) this.dispatch(c, receivedAt);
        if (claimed === want) continue; // a full batch: more may be due
        // Tenants at their limit now (after this claim's dispatch): their due work must not read as due now, or the
        // loop would spin on work it may not claim; a slot of theirs freeing wakes it (onTenantRelease).
        const saturated = this.o.slots.shares(0).saturated;
        this.blocked = new Set(saturated);
        const due = await this.o.nextDue(saturated);
        // Woken a window ahead of the next due time: what falls due in it is claimed together. After a claim, a
        // dense stream of due times is claimed again only once half the window has passed, so that every claim
        // takes half a window of items, each still at least half a window ahead of its time.
        const ahead = this.o.claimAheadMs;
        const next = due.ms === null ? null : Math.max(due.ms - ahead, claimed > 0 && ahead > 0 ? ahead / 2 : -Infinity);
        // Refreshed at every sleep, so notices compare due times on the database's clock as it is now.
        if (due.dbNowMs !== undefined) this.skewMs = due.dbNowMs - Date.now();
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
        this.o.log.warn({ err: errorMessage(err), retryInMs: delay }, this.o.messages.claimFailed);
        await this.wakeup.sleep(delay);
      }
    }
  }

  private dispatch(c: C, receivedAt: number): void {
    const { id, token, tenantId } = this.o.lease(c);
    const controller = new AbortController();
    const entry: InFlight = { token, controller, dropped: false, done: Promise.resolve() };
    this.inFlight.set(id, entry);
    this.o.slots.acquire(tenantId);
    const startedAt = Date.now();
    entry.done = this.o
      .run(c, controller.signal, receivedAt)
      .catch((err: unknown) => this.o.failed(c, `internal error: ${errorMessage(err)}`, startedAt))
      .then((r) => {
        this.inFlight.delete(id);
        this.o.slots.release(tenantId);
        this.finishedCount++;
        if (this.o.wakeOnEveryFinish || this.waitingForSlots) this.wakeup.wake();
        this.o.finished?.(c, r);
        if (entry.dropped) return;
        this.outcomes.push(r);
      });
  }

  /**
   * Heartbeat: extends the leases of work still running and of finished work not yet recorded (a slow database must
   * not let a finished item's lease lapse and the item be done again).
   */
  private async extendLeases({ extend, leaseOf }: NonNullable<LeaseLoopOptions<C, R>['heartbeat']>): Promise<void> {
    const held = [...this.inFlight.entries()].filter(([, f]) => !f.dropped);
    const unrecorded = this.outcomes.unwritten().map(leaseOf);
    if (held.length === 0 && unrecorded.length === 0) return;
    const kept = new Set(
      await extend(
        [...held.map(([id]) => id), ...unrecorded.map((l) => l.id)],
        [...held.map(([, f]) => f.token), ...unrecorded.map((l) => l.token)],
      ),
    );
    for (const [id, f] of held) {
      if (kept.has(id) || f.dropped || !this.inFlight.has(id)) continue;
      // The lease is gone (cancelled, or swept while we were unreachable): stop the work, record nothing.
      f.dropped = true;
      f.controller.abort(new Error('lease lost'));
      this.o.log.warn({ run: id }, 'lease lost; abandoning the call');
    }
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
