import type { NewEvent } from './event.ts';

/**
 * A TfL line check's result and what follows from it: each watched line's status, and `tfl.disrupted` /
 * `tfl.recovered` when a line changes between good service and disrupted (like a monitor's down/up). Pure: the
 * store reads the last known statuses and writes what `lineStatusChanges` returns, in the transaction that records
 * the run (store/tfl-lines.ts).
 */

/** One of TfL's `Disruption` objects, as a run keeps it. */
export interface TflDisruption {
  category: string | null;
  type: string | null;
  description: string | null;
  closureText: string | null;
  /** The watched lines TfL names in `affectedRoutes`; absent when it names none. */
  affected_lines?: string[];
}

/** What a line check stores as its run's `result`. */
export interface TflResult {
  lines: string[];
  disruptions: TflDisruption[];
  disrupted: boolean;
}

/** The status of a line when no disruption names it. */
export const GOOD_SERVICE = 'good_service';

export interface LineStatus {
  line: string;
  disrupted: boolean;
  /** `good_service`, else TfL's closureText of the first disruption (e.g. `minorDelays`), else its category. */
  status: string;
  /** The first disruption's description; null in good service. */
  description: string | null;
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** True when a run's result is a line check's (an HTTP call's result has `body` instead). */
export function isTflResult(v: unknown): v is TflResult {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return isStringArray(r.lines) && Array.isArray(r.disruptions) && typeof r.disrupted === 'boolean';
}

/** How TfL writes a line's name in a description ("Hammersmith & City Line: …"), from its id. */
function lineName(id: string): string {
  return id.replace(/-/g, ' & ');
}

/**
 * The disruptions that concern `line`: those TfL attributes to it in `affectedRoutes`; one that names no line is
 * the line's when the check watches only it or its description names the line; one that names none and matches
 * no watched line's name concerns every watched line (the check's `disrupted` says something is wrong, so no line
 * is reported in good service on a guess).
 */
function disruptionsOf(line: string, r: TflResult): TflDisruption[] {
  const named = (d: TflDisruption, l: string) => (d.description ?? '').toLowerCase().includes(lineName(l));
  return r.disruptions.filter((d) => {
    if (d.affected_lines !== undefined && d.affected_lines.length > 0) return d.affected_lines.includes(line);
    if (r.lines.length === 1 || named(d, line)) return true;
    return !r.lines.some((l) => named(d, l));
  });
}

/** Each watched line's status in one check. */
export function lineStatuses(r: TflResult): LineStatus[] {
  return r.lines.map((line) => {
    const first = disruptionsOf(line, r)[0];
    if (first === undefined) return { line, disrupted: false, status: GOOD_SERVICE, description: null };
    return { line, disrupted: true, status: first.closureText ?? first.category ?? 'disrupted', description: first.description };
  });
}

/** A small summary of a line check for `run.succeeded`: each line's status. */
export function tflSummary(r: TflResult): { lines: { line: string; status: string }[]; disrupted: boolean } {
  return { lines: lineStatuses(r).map((s) => ({ line: s.line, status: s.status })), disrupted: r.disrupted };
}

/** A line's status as last recorded for a task. */
export interface KnownLineStatus {
  task_id: number;
  line: string;
  disrupted: boolean;
  status: string;
  run_id: number;
}

/** One succeeded line check to apply. */
export interface LineCheck {
  tenantId: string;
  taskId: number;
  runId: number;
  result: TflResult;
}

/** A line status row to write. */
export interface LineStatusWrite extends LineStatus {
  tenantId: string;
  taskId: number;
  runId: number;
  /** The line moved between good service and disrupted (or was seen for the first time). */
  changed: boolean;
}

/**
 * What checks change, applied in run order: every watched line's status row, and one event per line whose
 * disrupted-ness changed — `tfl.disrupted` from good service (or from no earlier check, as a monitor's first
 * failure counts from pending), `tfl.recovered` back to good service. A check older than the one that set a
 * line's status (a late finisher) changes nothing for that line.
 */
export function lineStatusChanges(checks: readonly LineCheck[], known: readonly KnownLineStatus[]): { writes: LineStatusWrite[]; events: NewEvent[] } {
  const last = new Map(known.map((k) => [`${k.task_id}/${k.line}`, k]));
  const writes = new Map<string, LineStatusWrite>();
  const events: NewEvent[] = [];
  for (const c of [...checks].sort((a, b) => a.runId - b.runId)) {
    for (const s of lineStatuses(c.result)) {
      const key = `${c.taskId}/${s.line}`;
      const before = last.get(key);
      if (before !== undefined && before.run_id >= c.runId) continue;
      const wasDisrupted = before?.disrupted ?? false;
      const changed = before === undefined || before.disrupted !== s.disrupted;
      // Several checks of one task in a batch: a line that changed in any of them keeps its changed_at moved.
      const write = { ...s, tenantId: c.tenantId, taskId: c.taskId, runId: c.runId, changed: changed || (writes.get(key)?.changed ?? false) };
      writes.set(key, write);
      last.set(key, { task_id: c.taskId, line: s.line, disrupted: s.disrupted, status: s.status, run_id: c.runId });
      if (wasDisrupted === s.disrupted) continue;
      events.push({
        tenantId: c.tenantId,
        type: s.disrupted ? 'tfl.disrupted' : 'tfl.recovered',
        subjectKind: 'task',
        subjectId: c.taskId,
        data: {
          task_id: c.taskId,
          run_id: c.runId,
          line: s.line,
          status: s.status,
          description: s.description,
          previous_status: before?.status ?? null,
        },
      });
    }
  }
  return { writes: [...writes.values()], events };
}
