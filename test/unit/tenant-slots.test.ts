import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chooseDue, reserveSlots, slotShares, type DueItem, type SlotPolicy, type TenantLoad } from '../../src/domain/tenant-slots.ts';
import { TenantTally } from '../../src/engine/tenant-slots.ts';

const TENANTS = ['a', 'b', 'c', 'd'];

/** A process's loop: its policy, the tenants' calls in flight here and elsewhere, and the due work. */
const scene = fc
  .record({
    total: fc.integer({ min: 1, max: 60 }),
    percent: fc.integer({ min: 0, max: 90 }),
    cap: fc.option(fc.integer({ min: 1, max: 60 }), { nil: null }),
    here: fc.array(fc.integer({ min: 0, max: 60 }), { minLength: TENANTS.length, maxLength: TENANTS.length }),
    elsewhere: fc.array(fc.integer({ min: 0, max: 10 }), { minLength: TENANTS.length, maxLength: TENANTS.length }),
    due: fc.array(fc.record({ tenant: fc.constantFrom(...TENANTS), dueAt: fc.integer({ min: 0, max: 1_000 }) }), { maxLength: 120 }),
    batch: fc.integer({ min: 1, max: 60 }),
  })
  .map((s) => {
    const policy: SlotPolicy = { total: s.total, reserve: reserveSlots(s.total, s.percent), tenantCap: s.cap };
    // Scale what is in flight here down so it fits the loop's slots, as it always does in a worker.
    let left = s.total;
    const loads: TenantLoad[] = TENANTS.map((tenantId, i) => {
      const here = Math.min(left, s.here[i] ?? 0, policy.total - policy.reserve);
      left -= here;
      return { tenantId, here, all: here + (s.elsewhere[i] ?? 0) };
    });
    const due: DueItem[] = s.due.map((d, id) => ({ id, tenantId: d.tenant, dueAt: d.dueAt }));
    const free = s.total - loads.reduce((n, l) => n + l.here, 0);
    return { policy, loads, due, free, limit: Math.min(free, s.batch) };
  });

function count(items: readonly DueItem[], tenantId: string): number {
  return items.filter((d) => d.tenantId === tenantId).length;
}

describe('the reserve of a loop', () => {
  it('is the percentage of the slots rounded up, yet never every slot', () => {
    expect(reserveSlots(20, 10)).toBe(2);
    expect(reserveSlots(200, 10)).toBe(20);
    expect(reserveSlots(5, 10)).toBe(1);
    expect(reserveSlots(1, 10)).toBe(0);
    expect(reserveSlots(10, 0)).toBe(0);
    expect(reserveSlots(10, 90)).toBe(9);
    expect(reserveSlots(2, 90)).toBe(1);
  });
});

describe('which tenants may take how many of the free slots', () => {
  it('gives a tenant at all slots but the reserve, or at its cap, none; others may take some', () => {
    const policy: SlotPolicy = { total: 20, reserve: 2, tenantCap: 5 };
    const s = slotShares(policy, 4, [
      { tenantId: 'hung', here: 18, all: 18 },
      { tenantId: 'capped', here: 1, all: 5 },
      { tenantId: 'light', here: 1, all: 2 },
    ]);
    expect(s.saturated.sort()).toEqual(['capped', 'hung']);
    expect(s.allowed).toEqual([{ tenantId: 'light', allowance: 3, inFlight: 2 }]);
    expect(s.idleAllowance).toBe(4);
  });

  it('never lets a single tenant take the reserve, however its work falls due and its calls end', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 0, max: 90 }),
        fc.array(fc.record({ arrive: fc.integer({ min: 0, max: 50 }), finish: fc.integer({ min: 0, max: 50 }) }), { maxLength: 30 }),
        (total, percent, steps) => {
          const policy: SlotPolicy = { total, reserve: reserveSlots(total, percent), tenantCap: null };
          let here = 0;
          let backlog = 0;
          let next = 0;
          for (const step of steps) {
            backlog += step.arrive;
            here -= Math.min(here, step.finish);
            const free = total - here;
            const shares = slotShares(policy, free, [{ tenantId: 'a', here, all: here }]);
            const due = Array.from({ length: backlog }, () => ({ id: next++, tenantId: 'a', dueAt: 0 }));
            const chosen = chooseDue(shares, free, due);
            here += chosen.length;
            backlog -= chosen.length;
            expect(here).toBeLessThanOrEqual(total - policy.reserve);
            // The reserve is all it loses: with work waiting, it holds every slot but the reserve.
            if (backlog > 0) expect(here).toBe(total - policy.reserve);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never refuses a tenant with fewer calls in flight while one with more is served', () => {
    fc.assert(
      fc.property(scene, ({ policy, loads, due, free, limit }) => {
        const shares = slotShares(policy, free, loads);
        const chosen = chooseDue(shares, limit, due);
        const allowance = (t: string): number =>
          shares.saturated.includes(t) ? 0 : (shares.allowed.find((a) => a.tenantId === t)?.allowance ?? shares.idleAllowance);
        const after = new Map(loads.map((l) => [l.tenantId, l.all + count(chosen, l.tenantId)]));
        expect(chosen.length).toBeLessThanOrEqual(limit);
        for (const l of loads) {
          const taken = count(chosen, l.tenantId);
          expect(taken).toBeLessThanOrEqual(allowance(l.tenantId));
          expect(l.here + taken).toBeLessThanOrEqual(policy.total - policy.reserve);
          if (policy.tenantCap !== null) expect(taken === 0 || l.all + taken <= policy.tenantCap).toBe(true);
        }
        for (const x of TENANTS) {
          // x was refused work it could have taken: its allowance is not used up and it has due work left.
          const refused = count(chosen, x) < Math.min(allowance(x), count(due, x));
          if (!refused) continue;
          expect(chosen.length, 'a slot stayed free while x had work it was allowed').toBe(limit);
          for (const y of TENANTS) {
            if (y === x || count(chosen, y) === 0) continue;
            // y was served only up to one above x: the tenant with fewer in flight comes first.
            expect(after.get(y) ?? 0).toBeLessThanOrEqual((after.get(x) ?? 0) + 1);
          }
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it('serves the earliest due work first within a tenant', () => {
    fc.assert(
      fc.property(scene, ({ policy, loads, due, free, limit }) => {
        const chosen = chooseDue(slotShares(policy, free, loads), limit, due);
        for (const t of TENANTS) {
          const mine = due.filter((d) => d.tenantId === t).sort((a, b) => a.dueAt - b.dueAt || a.id - b.id);
          const took = count(chosen, t);
          expect(new Set(chosen.filter((d) => d.tenantId === t).map((d) => d.id))).toEqual(new Set(mine.slice(0, took).map((d) => d.id)));
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('the per-process tally', () => {
  it('counts task calls and monitor checks of a tenant together against its cap, each loop against its own reserve', () => {
    const tally = new TenantTally();
    const tasks = tally.loop('tasks', 10, 10, 6);
    const checks = tally.loop('checks', 100, 10, 6);
    for (let i = 0; i < 4; i++) tasks.acquire('a');
    checks.acquire('a');
    expect(tasks.headroom('a')).toBe(1);
    expect(checks.headroom('a')).toBe(1);
    checks.acquire('a');
    expect(tasks.shares(5).saturated).toEqual(['a']);
    const released: string[] = [];
    tally.onRelease((t) => released.push(t));
    checks.release('a');
    expect(released).toEqual(['a']);
    expect(tasks.headroom('a')).toBe(1);
    expect(tasks.headroom('b')).toBe(6);
    for (let i = 0; i < 4; i++) tasks.release('a');
    checks.release('a');
    expect(tasks.shares(10)).toEqual({ saturated: [], allowed: [], idleAllowance: 6 });
  });
});
