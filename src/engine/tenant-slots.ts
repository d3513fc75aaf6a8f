import { Gauge, type Registry } from 'prom-client';
import { reserveSlots, slotShares, tenantHeadroom, type SlotPolicy, type SlotShares, type TenantLoad } from '../domain/tenant-slots.ts';

/** The loops of a worker process that take slots: task calls and monitor checks. */
export type SlotLoopName = 'tasks' | 'checks';

interface Counts {
  tasks: number;
  checks: number;
}

/**
 * One worker process's tally of calls in flight per tenant, shared by its loops (task calls and monitor checks), so
 * that fairness and the per-tenant cap count both kinds of work alike (domain/tenant-slots.ts has the rule). Only
 * tenants with something in flight are held: the map stays as small as the process's concurrency.
 */
export class TenantTally {
  private readonly counts = new Map<string, Counts>();
  private readonly loops = new Map<SlotLoopName, TenantSlotLoop>();
  private readonly listeners = new Set<(tenantId: string) => void>();

  /**
   * `registry`: a gauge of saturated tenants per loop. Not a gauge per tenant: tenant ids are unbounded, and a label
   * per tenant would grow the scrape with every tenant that ever ran something.
   */
  constructor(registry?: Registry) {
    if (registry === undefined) return;
    const loops = this.loops;
    new Gauge({
      name: 'tickwork_tenants_saturated',
      help: 'Tenants of this process at their limit of calls in flight (all slots but the reserve, or TICKWORK_TENANT_CONCURRENCY), by loop.',
      labelNames: ['loop'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [name, loop] of loops) this.set({ loop: name }, loop.saturatedCount());
      },
    });
  }

  /** A loop's view of the tally, with its own slot total and reserve. */
  loop(name: SlotLoopName, total: number, reservePercent: number, tenantCap: number | null): TenantSlotLoop {
    const loop = new TenantSlotLoop(this, name, { total, reserve: reserveSlots(total, reservePercent), tenantCap });
    this.loops.set(name, loop);
    return loop;
  }

  /** @internal */
  add(name: SlotLoopName, tenantId: string, delta: 1 | -1): void {
    const c = this.counts.get(tenantId) ?? { tasks: 0, checks: 0 };
    c[name] = Math.max(0, c[name] + delta);
    if (c.tasks === 0 && c.checks === 0) this.counts.delete(tenantId);
    else this.counts.set(tenantId, c);
    if (delta < 0) for (const fn of this.listeners) fn(tenantId);
  }

  /** @internal */
  load(name: SlotLoopName, tenantId: string): TenantLoad {
    const c = this.counts.get(tenantId);
    return { tenantId, here: c?.[name] ?? 0, all: c === undefined ? 0 : c.tasks + c.checks };
  }

  /** @internal */
  loads(name: SlotLoopName): TenantLoad[] {
    return [...this.counts].map(([tenantId, c]) => ({ tenantId, here: c[name], all: c.tasks + c.checks }));
  }

  /** Calls `fn` with the tenant whenever one of its calls or checks ends (in either loop); returns an unsubscribe. */
  onRelease(fn: (tenantId: string) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}

/** One loop's side of the tally: counts its calls per tenant and says what a claim may take now. */
export class TenantSlotLoop {
  constructor(
    private readonly tally: TenantTally,
    private readonly name: SlotLoopName,
    readonly policy: SlotPolicy,
  ) {}

  acquire(tenantId: string): void {
    this.tally.add(this.name, tenantId, 1);
  }

  release(tenantId: string): void {
    this.tally.add(this.name, tenantId, -1);
  }

  /** What a claim of up to `free` slots may take now. */
  shares(free: number): SlotShares {
    return slotShares(this.policy, free, this.tally.loads(this.name));
  }

  /** How many more calls the tenant may start in this loop, free slots aside. */
  headroom(tenantId: string): number {
    return tenantHeadroom(this.policy, this.tally.load(this.name, tenantId));
  }

  saturatedCount(): number {
    return this.shares(0).saturated.length;
  }

  onRelease(fn: (tenantId: string) => void): () => void {
    return this.tally.onRelease(fn);
  }
}
