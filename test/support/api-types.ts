import type { Static } from 'typebox';
import type { Event, Problem, Task } from '../../src/api/schemas.ts';

/**
 * The shapes of API responses for typed test responses (`svc.api<RunJson>(...)`), derived from the same schemas
 * that serialise them. Switched so far: test/events/run-actions.test.ts, test/engine/engine.test.ts.
 */
export type { RunJson } from '../../src/domain/run.ts';
export type TaskJson = Static<typeof Task>;
export type EventJson = Omit<Static<typeof Event>, 'data'> & { data: Record<string, unknown> };
export type ProblemJson = Static<typeof Problem>;
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}
