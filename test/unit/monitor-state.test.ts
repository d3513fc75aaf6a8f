import { describe, expect, it } from 'vitest';
import { applyChecks, type CheckToApply, type LockedMonitor } from '../../src/domain/monitor-state.ts';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const DAY = 86_400_000;

function check(monitorId: number, id: number, ok: boolean, certExpiresAt: Date | null = null, leased = true): CheckToApply {
  return {
    monitorId,
    check: { id, checked_at: new Date(T0 + id * 60_000), status_code: ok ? 200 : 503, latency_ms: 10, matched: null, ok, error: ok ? null : 'down', cert_days_left: null },
    certExpiresAt,
    leased,
  };
}

const monitor = (id: number, threshold: number): LockedMonitor => ({ id, status: 'pending', consecutive_failures: 0, failure_threshold: threshold, cert_notice_for: null });

describe('the monitor state machine over a batch of checks', () => {
  it('goes down once after failure_threshold failures in a row and up once on recovery, in check order', () => {
    const { monitors, recorded } = applyChecks(new Map([[1, monitor(1, 2)]]), [
      check(1, 1, false), check(1, 2, false), check(1, 3, false), check(1, 4, true), check(1, 5, true),
    ]);
    expect(recorded.map((r) => r.event)).toEqual([null, 'monitor.down', null, 'monitor.up', null]);
    expect(monitors.get(1)).toMatchObject({ status: 'up', consecutive_failures: 0, release: true });
    expect(monitors.get(1)?.last_check.id).toBe(5);
  });

  it('keeps each monitor of a batch apart and leaves out checks of monitors it was not given', () => {
    const { monitors, recorded } = applyChecks(new Map([[1, monitor(1, 1)], [2, monitor(2, 3)]]), [
      check(2, 1, false, null, false), check(1, 2, false), check(3, 3, false), check(2, 4, false, null, false),
    ]);
    expect(recorded.map((r) => [r.monitorId, r.event])).toEqual([[2, null], [1, 'monitor.down'], [2, null]]);
    expect([...monitors.keys()]).toEqual([2, 1]);
    expect(monitors.get(2)).toMatchObject({ status: 'pending', consecutive_failures: 2, release: false });
  });

  it('announces a certificate within the notice period once, and a renewed one again', () => {
    const soon = new Date(T0 + 10 * DAY);
    const renewed = new Date(T0 + 12 * DAY);
    const { monitors, recorded } = applyChecks(new Map([[1, monitor(1, 1)]]), [
      check(1, 1, true, soon), check(1, 2, true, soon), check(1, 3, true, renewed),
    ]);
    expect(recorded.map((r) => r.certNotice)).toEqual([soon, null, renewed]);
    expect(monitors.get(1)).toMatchObject({ cert_expires_at: renewed, cert_notice_for: renewed });
  });
});
