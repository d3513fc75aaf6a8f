import { describe, expect, it } from 'vitest';
import { runEventData, runToJson, type RunFacts } from '../../src/domain/run.ts';
import type { RunRow } from '../../src/store/runs.ts';

const finished: RunRow = {
  id: 41,
  tenant_id: 'default',
  task_id: 7,
  scheduled_for: new Date('2026-03-29T01:30:00.000Z'),
  attempt: 2,
  origin: 'schedule',
  status: 'failed',
  due_at: new Date('2026-03-29T01:30:01.000Z'),
  started_at: new Date('2026-03-29T01:30:01.250Z'),
  finished_at: new Date('2026-03-29T01:30:02.500Z'),
  late_ms: 250,
  http_status: 503,
  duration_ms: 1250,
  error: 'expected status 2xx, got 503',
  result: { body: 'busy' },
  worker_id: 'host:1',
  created_at: new Date('2026-03-29T01:30:00.100Z'),
};

/** A run as the worker knows it when it cancels a claimed firing: no outcome fields at all. */
const claimed: RunFacts = {
  id: 42,
  task_id: 7,
  attempt: 1,
  status: 'cancelled',
  scheduled_for: new Date('2026-03-29T02:00:00.000Z'),
  started_at: null,
  error: 'overlap: the previous run is still running',
};

describe('one rendering of a run', () => {
  it('renders a run for the API with every field of the Run schema, times as ISO strings', () => {
    expect(runToJson(finished)).toEqual({
      id: 41,
      task_id: 7,
      scheduled_for: '2026-03-29T01:30:00.000Z',
      started_at: '2026-03-29T01:30:01.250Z',
      finished_at: '2026-03-29T01:30:02.500Z',
      attempt: 2,
      status: 'failed',
      http_status: 503,
      duration_ms: 1250,
      error: 'expected status 2xx, got 503',
      result: { body: 'busy' },
    });
  });

  it('names the run by run_id in event data, leaves its result to the run, and renders absent outcomes as null', () => {
    expect(runEventData(claimed)).toEqual({
      run_id: 42,
      task_id: 7,
      attempt: 1,
      status: 'cancelled',
      scheduled_for: '2026-03-29T02:00:00.000Z',
      started_at: null,
      finished_at: null,
      http_status: null,
      duration_ms: null,
      error: 'overlap: the previous run is still running',
    });
  });
});
