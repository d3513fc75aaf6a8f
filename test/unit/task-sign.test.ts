import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../src/domain/errors.ts';
import { taskChangesFrom, type TaskInput } from '../../src/domain/task-input.ts';
import type { TaskRow } from '../../src/domain/task.ts';

const ctx = (current: TaskRow | null = null) => ({ defaultTimezone: 'UTC', allowPrivateTargets: true, current });
const fieldsOf = (input: TaskInput, current: TaskRow | null = null): string[] => {
  try {
    taskChangesFrom(input, ctx(current));
    return [];
  } catch (err) {
    if (err instanceof ProblemError) return err.errors.map((e) => e.field);
    throw err;
  }
};
const taskWith = (action: TaskRow['action']): TaskRow =>
  ({ id: 1, tenant_id: 't', action, schedule: { type: 'interval', seconds: 60 } }) as unknown as TaskRow;
const http = { url: 'https://example.com/hook', method: 'POST' };

describe('sign on a task', () => {
  it('marks the http action signed, and only an http action', () => {
    expect(taskChangesFrom({ interval: 60, http, sign: true }, ctx()).action).toMatchObject({ type: 'http', sign: true });
    expect(taskChangesFrom({ interval: 60, http, sign: false }, ctx()).action).not.toHaveProperty('sign');
    expect(fieldsOf({ interval: 60, lines: ['central'], sign: true })).toEqual(['sign']);
    expect(fieldsOf({ expires_at: '2030-01-01T00:00:00Z', sign: true })).toEqual(['sign']);
  });

  it('keeps signing when http is replaced without sign, and a lone sign changes the current action', () => {
    const signed = taskChangesFrom({ interval: 60, http, sign: true }, ctx()).action ?? null;
    const current = taskWith(signed);
    expect(taskChangesFrom({ http: { url: 'https://example.com/other' } }, ctx(current)).action).toMatchObject({ url: 'https://example.com/other', sign: true });
    const off = taskChangesFrom({ sign: false }, ctx(current)).action;
    expect(off).toMatchObject({ type: 'http', url: 'https://example.com/hook' });
    expect(off).not.toHaveProperty('sign');
    expect(taskChangesFrom({ title: 'x' }, ctx(current))).not.toHaveProperty('action');
    expect(fieldsOf({ sign: true }, taskWith({ type: 'tfl_line_status', lines: ['central'] }))).toEqual(['sign']);
  });
});
