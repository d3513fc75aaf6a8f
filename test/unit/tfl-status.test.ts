import { describe, expect, it } from 'vitest';
import { lineStatusChanges, lineStatuses, type TflResult } from '../../src/domain/tfl-status.ts';
import { resultSummary } from '../../src/domain/run-result.ts';

const check = (runId: number, result: TflResult) => ({ tenantId: 't', taskId: 7, runId, result });
const minor = (lines?: string[], description = 'Central Line: Minor delays.') => ({
  category: 'RealTime', type: 'lineInfo', description, closureText: 'minorDelays', ...(lines === undefined ? {} : { affected_lines: lines }),
});

describe('TfL line status', () => {
  it('attributes a disruption by affectedRoutes, else by the line named in its description', () => {
    const r: TflResult = { lines: ['central', 'hammersmith-city'], disrupted: true, disruptions: [minor(undefined, 'Hammersmith & City Line: part closure.')] };
    expect(lineStatuses(r).map((s) => [s.line, s.disrupted])).toEqual([['central', false], ['hammersmith-city', true]]);
    const named: TflResult = { lines: ['central', 'victoria'], disrupted: true, disruptions: [minor(['victoria'])] };
    expect(lineStatuses(named).map((s) => [s.line, s.disrupted])).toEqual([['central', false], ['victoria', true]]);
  });

  it('counts a disruption that names no watched line against every watched line rather than guessing', () => {
    const r: TflResult = { lines: ['central', 'victoria'], disrupted: true, disruptions: [minor(undefined, 'Planned closures this weekend.')] };
    expect(lineStatuses(r).every((s) => s.disrupted)).toBe(true);
  });

  it('writes tfl.disrupted on a first check that finds a disruption, and nothing on a first check in good service', () => {
    const good = lineStatusChanges([check(1, { lines: ['central'], disrupted: false, disruptions: [] })], []);
    expect(good.events).toEqual([]);
    expect(good.writes).toHaveLength(1);
    const bad = lineStatusChanges([check(1, { lines: ['central'], disrupted: true, disruptions: [minor()] })], []);
    expect(bad.events.map((e) => [e.type, e.data.line, e.data.previous_status])).toEqual([['tfl.disrupted', 'central', null]]);
  });

  it('ignores a check older than the one that set the status, and applies a batch in run order', () => {
    const known = [{ task_id: 7, line: 'central', disrupted: true, status: 'minorDelays', run_id: 10 }];
    const late = lineStatusChanges([check(9, { lines: ['central'], disrupted: false, disruptions: [] })], known);
    expect(late).toEqual({ writes: [], events: [] });
    const batch = lineStatusChanges(
      [check(12, { lines: ['central'], disrupted: true, disruptions: [minor()] }), check(11, { lines: ['central'], disrupted: false, disruptions: [] })],
      known,
    );
    expect(batch.events.map((e) => [e.type, e.data.run_id])).toEqual([['tfl.recovered', 11], ['tfl.disrupted', 12]]);
    expect(batch.writes.map((w) => [w.runId, w.disrupted])).toEqual([[12, true]]);
  });

  it('summarises a line check and an HTTP result for run.succeeded, and nothing else', () => {
    expect(resultSummary({ lines: ['central'], disrupted: true, disruptions: [minor()] })).toEqual({ lines: [{ line: 'central', status: 'minorDelays' }], disrupted: true });
    expect(resultSummary({ body: 'ok', truncated: false })).toEqual({ excerpt: 'ok', truncated: false });
    expect(resultSummary({ body: null, truncated: false })).toEqual({ excerpt: null, truncated: false });
    expect(resultSummary(null)).toBeNull();
    // Cut through a surrogate pair, or carrying a NUL: still storable text.
    const cut = resultSummary({ body: `${'a'.repeat(199)}😀 and more`, truncated: false }) as { excerpt: string };
    expect(cut.excerpt).toBe(`${'a'.repeat(199)}\uFFFD`);
    expect((resultSummary({ lines: ['central'], disrupted: true, disruptions: [{ ...minor(), closureText: 'x\u0000y' }] }) as { lines: { status: string }[] }).lines[0]?.status).toBe('x\uFFFDy');
  });
});
