import type { Check, CheckRow, MonitorRow, MonitorStatus } from './monitor.ts';
import { checkToJson } from './monitor.ts';

/**
 * What follows a monitor's checks: the up/down state machine, the certificate-expiry notice, and the events they
 * write. Pure: store/check-records.ts reads the locked monitors, calls `applyChecks` and writes what it returns in
 * one transaction.
 */

/** The part of a monitor's state the checks move. */
export interface MonitorState {
  status: MonitorStatus;
  consecutive_failures: number;
  failure_threshold: number;
}

export type CheckEventType = 'monitor.down' | 'monitor.up';

export interface Transition {
  status: MonitorStatus;
  consecutive_failures: number;
  /** The event this check causes, if any: exactly one per transition. */
  event: CheckEventType | null;
}

/**
 * The next state after one check. `failure_threshold` failures in a row make a monitor `down` (also from
 * `pending`); a success makes it `up`, and is a `monitor.up` only when it recovers from `down`.
 */
export function nextMonitorState(cur: MonitorState, ok: boolean): Transition {
  if (ok) {
    return { status: 'up', consecutive_failures: 0, event: cur.status === 'down' ? 'monitor.up' : null };
  }
  const failures = cur.consecutive_failures + 1;
  if (failures >= cur.failure_threshold && cur.status !== 'down') {
    return { status: 'down', consecutive_failures: failures, event: 'monitor.down' };
  }
  return { status: cur.status, consecutive_failures: failures, event: null };
}

/** How far ahead of a certificate's expiry `monitor.cert_expiring` is written (days). */
export const CERT_NOTICE_DAYS = 14;

/**
 * Whether a check that saw a certificate expiring at `expiresAt` announces it: within the notice period, and not
 * already announced (`noticeFor` is the expiry of the last certificate announced; a renewed one is announced anew).
 */
export function certNoticeDue(expiresAt: Date | null, checkedAt: Date, noticeFor: Date | null): boolean {
  if (expiresAt === null) return false;
  if (noticeFor !== null && noticeFor.getTime() === expiresAt.getTime()) return false;
  return expiresAt.getTime() - checkedAt.getTime() <= CERT_NOTICE_DAYS * 86_400_000;
}

/** Days left on a certificate at a check, to one decimal (negative once expired); null without one. */
export function certDaysLeft(certExpiresAt: Date | null, checkedAt: Date): number | null {
  if (certExpiresAt === null) return null;
  return Math.round((certExpiresAt.getTime() - checkedAt.getTime()) / 8_640_000) / 10;
}

/** A monitor as locked for recording its checks. */
export interface LockedMonitor extends MonitorState {
  id: number;
  cert_notice_for: Date | null;
}

/** One stored check to apply to its monitor, with what only the recording knows. */
export interface CheckToApply {
  monitorId: number;
  check: CheckRow;
  /** The certificate presented at this check; null when not https. */
  certExpiresAt: Date | null;
  /** Whether the check ran under the monitor's lease, which recording it releases. */
  leased: boolean;
}

/** A monitor's state after a batch of its checks, to be written on its row. */
export interface MonitorAfterChecks {
  status: MonitorStatus;
  consecutive_failures: number;
  last_check: Check;
  /** Whether to drop the monitor's lease (any check of the batch ran under it). */
  release: boolean;
  /** The newest certificate expiry seen in the batch; null keeps the stored one. */
  cert_expires_at: Date | null;
  /** The expiry of the last certificate announced. */
  cert_notice_for: Date | null;
}

export interface RecordedCheck {
  monitorId: number;
  check: Check;
  event: CheckEventType | null;
  /**
   * The certificate expiry this check announced with `monitor.cert_expiring` (the first check that saw this
   * certificate within the notice period), else null.
   */
  certNotice: Date | null;
}

/**
 * Runs the state machine over a batch of checks in check order (a batch may hold several checks of one monitor):
 * each monitor's state after them (keyed in the order of its first check) and, per check in the order given, its
 * rendering, the transition event it causes and the certificate notice it gives. Checks of monitors not in
 * `monitors` are left out.
 */
export function applyChecks(
  monitors: ReadonlyMap<number, LockedMonitor>,
  checks: readonly CheckToApply[],
): { monitors: Map<number, MonitorAfterChecks>; recorded: RecordedCheck[] } {
  const after = new Map<number, MonitorAfterChecks>();
  const recorded: RecordedCheck[] = [];
  for (const c of checks) {
    const m = monitors.get(c.monitorId);
    if (m === undefined) continue;
    const check = checkToJson(c.check);
    const cur = after.get(m.id) ?? { ...m, last_check: check, release: false, cert_expires_at: null };
    const t = nextMonitorState({ ...cur, failure_threshold: m.failure_threshold }, check.ok);
    const certNotice = certNoticeDue(c.certExpiresAt, c.check.checked_at, cur.cert_notice_for) ? c.certExpiresAt : null;
    after.set(m.id, {
      status: t.status,
      consecutive_failures: t.consecutive_failures,
      last_check: check,
      release: cur.release || c.leased,
      cert_expires_at: c.certExpiresAt ?? cur.cert_expires_at,
      cert_notice_for: certNotice ?? cur.cert_notice_for,
    });
    recorded.push({ monitorId: m.id, check, event: t.event, certNotice });
  }
  return { monitors: after, recorded };
}

/** An event a recorded check writes: its type and data (the monitor's identity, what happened, the check). */
export interface CheckEvent {
  type: CheckEventType | 'monitor.cert_expiring';
  data: Record<string, unknown>;
}

/** The events of one recorded check of monitor `m`: its transition, then its certificate notice. */
export function checkEvents(m: Pick<MonitorRow, 'id' | 'type' | 'url' | 'regexp'>, r: RecordedCheck): CheckEvent[] {
  const about = { id: m.id, type: m.type, url: m.url, regexp: m.regexp };
  const events: CheckEvent[] = [];
  if (r.event !== null) {
    const status = r.event === 'monitor.down' ? 'down' : 'up';
    events.push({ type: r.event, data: { ...about, status, check: r.check } });
  }
  if (r.certNotice !== null) {
    const cert = { expires_at: r.certNotice.toISOString(), days_left: r.check.cert_days_left };
    events.push({ type: 'monitor.cert_expiring', data: { ...about, cert, check: r.check } });
  }
  return events;
}
