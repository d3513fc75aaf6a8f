/**
 * Fairness between tenants within one worker process (FAULTS R17). Calls in flight are never pre-empted, so the
 * only lever is which due work takes a slot as it frees. The rule:
 *
 * - one tenant alone may hold every slot of a loop but the reserve (`reserveSlots`): those are kept for other
 *   tenants' work as it falls due, so a tenant whose targets hang delays only itself and costs others at most the
 *   reserve;
 * - an optional per-tenant cap counts a tenant's calls in flight in the whole process (task calls and monitor checks
 *   alike);
 * - while several tenants have work due, a free slot goes to the tenant with the fewest calls in flight: the
 *   candidates are ordered by (calls in flight + rank of the firing among its tenant's due firings, due time).
 *
 * Each loop (task calls, monitor checks) has its own slot total and reserve; the tally of calls in flight is one per
 * process.
 */

export interface SlotPolicy {
  /** The loop's slots (its concurrency). */
  total: number;
  /** Slots one tenant alone may not take (`reserveSlots`). */
  reserve: number;
  /** Most calls and checks of one tenant in flight in the process at once; null: no cap beyond the reserve. */
  tenantCap: number | null;
}

/** A tenant's calls in flight: in this loop, and in the whole process (both loops). */
export interface TenantLoad {
  tenantId: string;
  here: number;
  all: number;
}

/**
 * The reserve of a loop of `total` slots: `percent` of them rounded up (a reserve of 10 % of 5 slots is 1, not 0),
 * but never every slot: one tenant alone may always run at least one call.
 */
export function reserveSlots(total: number, percent: number): number {
  if (total <= 1 || percent <= 0) return 0;
  return Math.min(total - 1, Math.ceil((total * percent) / 100 - 1e-9));
}

/** How many more calls a tenant may start in this loop, free slots aside (0: the tenant is saturated). */
export function tenantHeadroom(policy: SlotPolicy, load: Pick<TenantLoad, 'here' | 'all'>): number {
  const byReserve = policy.total - policy.reserve - load.here;
  const byCap = policy.tenantCap === null ? byReserve : policy.tenantCap - load.all;
  return Math.max(0, Math.min(byReserve, byCap));
}

/** What a claim may take now: tenants that may take none, and how many each other tenant may take. */
export interface SlotShares {
  /** Tenants at their limit: none of their work may be claimed now. */
  saturated: string[];
  /** Tenants with calls in flight that may take more: how many (≤ free) and their calls in flight in the process. */
  allowed: { tenantId: string; allowance: number; inFlight: number }[];
  /** What a tenant with nothing in flight may take (≤ free). */
  idleAllowance: number;
}

export function slotShares(policy: SlotPolicy, free: number, loads: readonly TenantLoad[]): SlotShares {
  const room = Math.max(0, free);
  const out: SlotShares = { saturated: [], allowed: [], idleAllowance: Math.min(room, tenantHeadroom(policy, { here: 0, all: 0 })) };
  for (const load of loads) {
    if (load.here <= 0 && load.all <= 0) continue;
    const headroom = tenantHeadroom(policy, load);
    if (headroom === 0) out.saturated.push(load.tenantId);
    else out.allowed.push({ tenantId: load.tenantId, allowance: Math.min(room, headroom), inFlight: load.all });
  }
  return out;
}

/** A firing or check that is due, as a claim sees it. */
export interface DueItem {
  id: number;
  tenantId: string;
  /** Due time, ms since the epoch. */
  dueAt: number;
}

/**
 * The claim's choice, as a reference: up to `limit` of the due items, at most each tenant's allowance, the tenant
 * with the fewest calls in flight first (counting those chosen before it), earliest due first within a tenant and
 * between equals. The claim statements (store/claims.ts, store/checks.ts) implement this order in SQL; the unit
 * tests hold this function to the rule's promises.
 */
export function chooseDue(shares: SlotShares, limit: number, due: readonly DueItem[]): DueItem[] {
  const saturated = new Set(shares.saturated);
  const known = new Map(shares.allowed.map((a) => [a.tenantId, a]));
  const rank = new Map<string, number>();
  const ranked: { item: DueItem; score: number }[] = [];
  const sorted = [...due].sort((a, b) => a.dueAt - b.dueAt || a.id - b.id);
  for (const item of sorted) {
    if (saturated.has(item.tenantId)) continue;
    const r = (rank.get(item.tenantId) ?? 0) + 1;
    rank.set(item.tenantId, r);
    const a = known.get(item.tenantId);
    const allowance = a?.allowance ?? shares.idleAllowance;
    if (r > allowance) continue;
    ranked.push({ item, score: (a?.inFlight ?? 0) + r });
  }
  ranked.sort((x, y) => x.score - y.score || x.item.dueAt - y.item.dueAt || x.item.id - y.item.id);
  return ranked.slice(0, Math.max(0, limit)).map((x) => x.item);
}
