import { requireCreatable, taskChangesFrom, type TaskInput } from '../../src/domain/task-input.ts';
import { createTask } from '../../src/store/tasks.ts';
import { SYSTEM_ACTOR } from '../../src/domain/event.ts';
import { secretBox } from '../../src/store/secrets.ts';
import type { Db } from '../../src/store/db.ts';
import { TEST_SECRET_KEY } from './service.ts';

/**
 * Creates tasks of tenant "default" through the same validation and the same store transaction as `POST /v1/tasks`
 * (task row, first firing, `task.created`, NOTIFY), without HTTP: the fault tests create thousands, and the API's
 * own cost is not what they measure. `parallel` transactions at a time; returns the ids in input order.
 */
export async function createTasks(db: Db, inputs: readonly TaskInput[], parallel = 16): Promise<number[]> {
  const box = secretBox([TEST_SECRET_KEY]);
  const ctx = { defaultTimezone: 'UTC', allowPrivateTargets: true, current: null };
  const ids: number[] = new Array<number>(inputs.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < inputs.length; i = next++) {
      const input = inputs[i];
      if (input === undefined) continue;
      const changes = taskChangesFrom(input, ctx);
      requireCreatable(changes);
      ids[i] = (await createTask(db, 'default', changes, 10_000_000, box, SYSTEM_ACTOR)).task.id;
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  return ids;
}
