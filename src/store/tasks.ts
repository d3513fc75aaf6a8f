import type { Db, Queryable } from './db.ts';
import { appendEvents, type Actor } from './events.ts';
import { hasRunningAttempt, insertManualRun, replanTask, stopWaitingRuns } from './runs.ts';
import { DEADLINE_CHANNEL, WAKE_CHANNEL, wakeDeadlineWatchers } from './notify.ts';
import { firstFiring } from '../domain/schedule.ts';
import { ProblemError } from '../domain/errors.ts';
import { RETRY_DEFAULTS, type TaskChanges } from '../domain/task-input.ts';
import { scheduleFromJson, taskToJson, type ActionJson, type LastRunJson, type TaskRow, type TaskState } from '../domain/task.ts';
import { resealHttpAction, sealHttpAction } from '../domain/redaction.ts';
import type { ResealBatch, SecretBox } from './secrets.ts';

const DEFAULT_NOTIFY_BEFORE_S = 900;

/** A task with its latest finished attempt, as the API shows it. */
export interface TaskView {
  task: TaskRow;
  lastRun: LastRunJson | null;
}

const TASK_VIEW = `SELECT t.*, r.id AS lr_id, r.status AS lr_status, r.started_at AS lr_started_at,
       r.finished_at AS lr_finished_at
  FROM tasks t LEFT JOIN runs r ON r.id = t.last_run_id`;

interface TaskViewRow extends TaskRow {
  lr_id: number | null;
  lr_status: string | null;
  lr_started_at: Date | null;
  lr_finished_at: Date | null;
}

function toView(row: TaskViewRow): TaskView {
  const { lr_id, lr_status, lr_started_at, lr_finished_at, ...task } = row;
  const lastRun =
    lr_id === null
      ? null
      : {
          id: lr_id,
          status: lr_status ?? 'unknown',
          started_at: lr_started_at?.toISOString() ?? null,
          finished_at: lr_finished_at?.toISOString() ?? null,
        };
  return { task, lastRun };
}

const COLUMNS: readonly (keyof TaskChanges)[] = [
  'title', 'description', 'schedule', 'action', 'expires_at', 'notify_before', 'retry_max_attempts',
  'retry_backoff_s', 'retry_max_backoff_s', 'overlap', 'misfire',
];
const JSON_COLUMNS = new Set(['schedule', 'action']);

function sqlValue(key: keyof TaskChanges, v: unknown): unknown {
  return JSON_COLUMNS.has(key) && v !== null ? JSON.stringify(v) : v;
}

function taskEvent(type: string, view: TaskView): Parameters<typeof appendEvents>[1][number] {
  return { tenantId: view.task.tenant_id, type, subjectKind: 'task', subjectId: view.task.id, data: taskToJson(view.task, view.lastRun) };
}

/** What a new task is before it has an id and the database's now: validated changes over the domain defaults. */
function newTaskRow(tenantId: string, id: number, now: Date, c: TaskChanges): TaskRow {
  return {
    id,
    tenant_id: tenantId,
    title: c.title ?? null,
    description: c.description ?? null,
    schedule: c.schedule ?? null,
    anchor_at: now,
    action: c.action ?? null,
    expires_at: c.expires_at ?? null,
    notify_before: c.notify_before ?? DEFAULT_NOTIFY_BEFORE_S,
    retry_max_attempts: c.retry_max_attempts ?? RETRY_DEFAULTS.max_attempts,
    retry_backoff_s: c.retry_backoff_s ?? RETRY_DEFAULTS.backoff_s,
    retry_max_backoff_s: c.retry_max_backoff_s ?? RETRY_DEFAULTS.max_backoff_s,
    overlap: c.overlap ?? 'skip',
    misfire: c.misfire ?? 'run_once',
    state: 'active',
    next_run_at: null,
    last_run_id: null,
    created_at: now,
    updated_at: now,
  };
}

/**
 * The changes as stored: an http action's secret header and query values sealed, `***` in their place; a `***`
 * sent back keeps the value `current` holds (domain/redaction.ts).
 */
function sealChanges(changes: TaskChanges, current: ActionJson | null, secrets: SecretBox): TaskChanges {
  if (changes.action?.type !== 'http') return changes;
  return { ...changes, action: sealHttpAction(changes.action, current?.type === 'http' ? current : null, secrets) };
}

/**
 * Creates a task with its first firing and its `task.created` event. The hot path of the API, so it is two round
 * trips and no explicit transaction: a read of a new id and the database's now (the clock that plans the first
 * firing), then one statement whose parts commit together — quota, task, firing, event, wake-up.
 */
export async function createTask(db: Db, tenantId: string, input: TaskChanges, maxTasks: number, secrets: SecretBox, actor: Actor): Promise<TaskView> {
  const changes = sealChanges(input, null, secrets);
  const [pre] = await db.query<{ id: number; now: Date }>(
    `SELECT nextval('tasks_id_seq')::bigint AS id, tw_now() AS now`,
    [],
    'reserve_task_id',
  );
  if (pre === undefined) throw new Error('no id reserved');
  const task = newTaskRow(tenantId, pre.id, pre.now, changes);
  if (task.schedule !== null && task.action !== null) task.next_run_at = firstFiring(scheduleFromJson(task.schedule), pre.now);
  const event = taskEvent('task.created', { task, lastRun: null });
  const [row] = await db.query<{ created: boolean }>(
    `WITH live AS (
       SELECT coalesce(sum(n), 0) AS n FROM tenant_task_counts WHERE tenant_id = $2
     ), quota AS (
       INSERT INTO tenant_task_counts (tenant_id, shard, n) SELECT $2, $18, 1 FROM live WHERE live.n < $3
       ON CONFLICT (tenant_id, shard) DO UPDATE SET n = tenant_task_counts.n + 1
       RETURNING tenant_id
     ), t AS (
       INSERT INTO tasks (id, tenant_id, title, description, schedule, anchor_at, action, expires_at, notify_before,
                          retry_max_attempts, retry_backoff_s, retry_max_backoff_s, overlap, misfire, state,
                          next_run_at, created_at, updated_at)
       SELECT $1, $2, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'active', $16, $7, $7 FROM quota
       RETURNING id
     ), firing AS (
       INSERT INTO runs (tenant_id, task_id, scheduled_for, due_at, attempt, origin)
       SELECT $2, id, $16, $16, 1, 'schedule' FROM t WHERE $16::timestamptz IS NOT NULL
     ), event AS (
       INSERT INTO events (tenant_id, type, subject_kind, subject_id, data, actor) SELECT $2, 'task.created', 'task', id, $17, $19 FROM t
     ), wake AS (
       SELECT pg_notify('${WAKE_CHANNEL}', (extract(epoch FROM $16::timestamptz) * 1000)::bigint::text)
         FROM t WHERE $16::timestamptz IS NOT NULL
     ), wake_deadlines AS (
       SELECT pg_notify('${DEADLINE_CHANNEL}', '') FROM t WHERE $9::timestamptz IS NOT NULL
     )
     SELECT EXISTS (SELECT 1 FROM t) AS created, (SELECT count(*) FROM wake) + (SELECT count(*) FROM wake_deadlines) AS woken`,
    [
      task.id, tenantId, maxTasks, task.title, task.description, jsonOrNull(task.schedule), pre.now, jsonOrNull(task.action),
      task.expires_at, task.notify_before, task.retry_max_attempts, task.retry_backoff_s, task.retry_max_backoff_s,
      task.overlap, task.misfire, task.next_run_at, JSON.stringify(event.data), counterShard(), JSON.stringify(actor),
    ],
    'create_task',
  );
  if (row?.created !== true) {
    throw new ProblemError('quota_exceeded', `This tenant has ${maxTasks} tasks, the most allowed (TICKWORK_MAX_TASKS_PER_TENANT).`);
  }
  return { task, lastRun: null };
}

/**
 * Creates tasks all or none, each with its first firing and its `task.created` event, in the order given: a read of
 * the new ids and the database's now, then one statement (the quota for the whole batch, every task, firing and
 * event as multi-row inserts from arrays, and one wake-up with the earliest due time) whose parts commit together.
 * A batch that would take the tenant past `maxTasks` creates nothing.
 */
export async function createTasks(db: Db, tenantId: string, inputs: readonly TaskChanges[], maxTasks: number, secrets: SecretBox, actor: Actor): Promise<TaskView[]> {
  if (inputs.length === 0) return [];
  const pre = await db.query<{ id: number; now: Date }>(
    `SELECT nextval('tasks_id_seq')::bigint AS id, tw_now() AS now FROM generate_series(1, $1::integer) ORDER BY 1`,
    [inputs.length],
    'reserve_task_ids',
  );
  const now = pre[0]?.now;
  if (now === undefined || pre.length !== inputs.length) throw new Error('no ids reserved');
  const tasks = inputs.map((input, i) => {
    const task = newTaskRow(tenantId, pre[i]?.id ?? NaN, now, sealChanges(input, null, secrets));
    if (task.schedule !== null && task.action !== null) task.next_run_at = firstFiring(scheduleFromJson(task.schedule), now);
    return task;
  });
  const [row] = await db.query<{ created: number }>(
    // The rows travel as one JSON document: a text array per column cost the API a tenth of its CPU in escaping.
    `WITH live AS (
       SELECT coalesce(sum(n), 0) AS n FROM tenant_task_counts WHERE tenant_id = $1::text
     ), quota AS (
       INSERT INTO tenant_task_counts (tenant_id, shard, n)
       SELECT $1::text, $2::integer, $3::integer FROM live WHERE live.n + $3::integer <= $4::bigint
       ON CONFLICT (tenant_id, shard) DO UPDATE SET n = tenant_task_counts.n + EXCLUDED.n
       RETURNING tenant_id
     ), i AS MATERIALIZED (
       SELECT * FROM jsonb_to_recordset($6::jsonb)
         AS i(id bigint, title text, description text, schedule jsonb, action jsonb, expires_at timestamptz,
              notify_before integer, retry_max_attempts integer, retry_backoff_s float8, retry_max_backoff_s float8,
              overlap text, misfire text, next_run_at timestamptz, event jsonb)
     ), t AS (
       INSERT INTO tasks (id, tenant_id, title, description, schedule, anchor_at, action, expires_at, notify_before,
                          retry_max_attempts, retry_backoff_s, retry_max_backoff_s, overlap, misfire, state,
                          next_run_at, created_at, updated_at)
       SELECT i.id, $1, i.title, i.description, i.schedule, $5::timestamptz, i.action, i.expires_at, i.notify_before,
              i.retry_max_attempts, i.retry_backoff_s, i.retry_max_backoff_s, i.overlap, i.misfire, 'active',
              i.next_run_at, $5, $5
         FROM i, quota
       RETURNING id
     ), firing AS (
       INSERT INTO runs (tenant_id, task_id, scheduled_for, due_at, attempt, origin)
       SELECT $1, i.id, i.next_run_at, i.next_run_at, 1, 'schedule' FROM i JOIN t ON t.id = i.id WHERE i.next_run_at IS NOT NULL
     ), event AS (
       INSERT INTO events (tenant_id, type, subject_kind, subject_id, data, actor)
       SELECT $1, 'task.created', 'task', i.id, i.event, $7::jsonb FROM i JOIN t ON t.id = i.id ORDER BY i.id
     ), wake AS (
       SELECT pg_notify('${WAKE_CHANNEL}', (extract(epoch FROM min(i.next_run_at)) * 1000)::bigint::text)
         FROM i WHERE i.next_run_at IS NOT NULL AND EXISTS (SELECT 1 FROM t) HAVING count(*) > 0
     ), wake_deadlines AS (
       SELECT pg_notify('${DEADLINE_CHANNEL}', '') FROM quota WHERE EXISTS (SELECT 1 FROM i WHERE i.expires_at IS NOT NULL)
     )
     SELECT (SELECT count(*) FROM t)::integer AS created, (SELECT count(*) FROM wake) + (SELECT count(*) FROM wake_deadlines) AS woken`,
    [
      tenantId, counterShard(), tasks.length, maxTasks, now,
      JSON.stringify(
        tasks.map((t) => ({
          id: t.id, title: t.title, description: t.description, schedule: t.schedule, action: t.action,
          expires_at: t.expires_at, notify_before: t.notify_before, retry_max_attempts: t.retry_max_attempts,
          retry_backoff_s: t.retry_backoff_s, retry_max_backoff_s: t.retry_max_backoff_s, overlap: t.overlap,
          misfire: t.misfire, next_run_at: t.next_run_at, event: taskEvent('task.created', { task: t, lastRun: null }).data,
        })),
      ),
      JSON.stringify(actor),
    ],
    'create_tasks',
  );
  if (row?.created !== tasks.length) {
    throw new ProblemError(
      'quota_exceeded',
      `This batch of ${tasks.length} would take the tenant past ${maxTasks} tasks, the most allowed (TICKWORK_MAX_TASKS_PER_TENANT); nothing was created.`,
    );
  }
  return tasks.map((task) => ({ task, lastRun: null }));
}

/** A random shard of the tenant's live-task counter (see tenant_task_counts): concurrent creates rarely share one. */
const counterShard = (): number => Math.floor(Math.random() * 16);

const jsonOrNull = (v: unknown): string | null => (v === null ? null : JSON.stringify(v));

async function finishWrite(tx: Queryable, row: TaskRow, event: string, replan: boolean, deadlineChanged: boolean, actor: Actor): Promise<TaskView> {
  const task = { ...row };
  if (replan) {
    task.next_run_at = await replanTask(tx, task);
    // A one-shot whose firing already has its outcome (the same time set again) stays completed.
    if (task.next_run_at === null && task.schedule?.type === 'once' && task.state === 'active' && task.action !== null) {
      await tx.query(`UPDATE tasks SET state = 'completed' WHERE id = $1`, [task.id]);
      task.state = 'completed';
    }
  }
  if (deadlineChanged && task.expires_at !== null) await wakeDeadlineWatchers(tx);
  const view = await readView(tx, task.tenant_id, task.id);
  if (view === null) throw new Error('task vanished inside its own transaction');
  await appendEvents(tx, [taskEvent(event, view)], actor);
  return view;
}

async function readView(db: Queryable, tenantId: string, id: number): Promise<TaskView | null> {
  const rows = await db.query<TaskViewRow>(
    `${TASK_VIEW} WHERE t.tenant_id = $1 AND t.id = $2 AND t.deleted_at IS NULL`,
    [tenantId, id],
    'get_task',
  );
  const row = rows[0];
  return row === undefined ? null : toView(row);
}

export function getTask(db: Queryable, tenantId: string, id: number): Promise<TaskView | null> {
  return readView(db, tenantId, id);
}

export async function listTasks(db: Queryable, tenantId: string, state: TaskState | null, afterId: number, limit: number): Promise<TaskView[]> {
  const rows = await db.query<TaskViewRow>(
    `${TASK_VIEW} WHERE t.tenant_id = $1 AND t.deleted_at IS NULL AND ($2::text IS NULL OR t.state = $2) AND t.id > $3
      ORDER BY t.id LIMIT $4`,
    [tenantId, state, afterId, limit],
    'list_tasks',
  );
  return rows.map(toView);
}

/** Locks a live task of the tenant for the rest of the transaction, or throws 404. */
async function lockTask(tx: Queryable, tenantId: string, id: number): Promise<TaskRow> {
  const rows = await tx.query<TaskRow>(
    'SELECT * FROM tasks WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL FOR UPDATE',
    [tenantId, id],
  );
  const row = rows[0];
  if (row === undefined) throw new ProblemError('not_found', `No task ${id}.`);
  return row;
}

/**
 * Applies the changes `validate` derives from the locked current task (so a lone `timezone` sees the cron it
 * re-times, and a secret sent back as `***` keeps the stored value). A new schedule or action re-plans the firings; a new schedule re-activates a completed task; a new
 * `expires_at` re-arms both deadline notices.
 */
export async function updateTask(
  db: Db,
  tenantId: string,
  id: number,
  validate: (current: TaskRow) => TaskChanges,
  secrets: SecretBox,
  actor: Actor,
): Promise<TaskView> {
  return db.transaction(async (tx) => {
    const current = await lockTask(tx, tenantId, id);
    const changes = sealChanges(validate(current), current.action, secrets);
    const keys = COLUMNS.filter((k) => changes[k] !== undefined);
    const sets = keys.map((k, i) => `${k} = $${i + 3}`);
    const scheduleChanged = changes.schedule !== undefined;
    const replan = scheduleChanged || changes.action !== undefined;
    const deadlineChanged = changes.expires_at !== undefined;
    let state: TaskState = current.state;
    if (scheduleChanged && state === 'completed') state = 'active';
    if (deadlineChanged) {
      sets.push('expiring_sent_at = NULL', 'expired_sent_at = NULL');
      if (state === 'expired') state = 'active';
    }
    sets.push(`state = '${state}'`, 'updated_at = tw_now()');
    const [row] = await tx.query<TaskRow>(
      `UPDATE tasks SET ${sets.join(', ')} WHERE tenant_id = $1 AND id = $2 RETURNING *`,
      [tenantId, id, ...keys.map((k) => sqlValue(k, changes[k]))],
    );
    if (row === undefined) throw new Error('update returned no row');
    return finishWrite(tx, row, 'task.updated', replan || state !== current.state, deadlineChanged, actor);
  });
}

/** Deletes a task (kept as a tombstone for its runs and events); waiting runs are cancelled. */
export async function deleteTask(db: Db, tenantId: string, id: number, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    const task = await lockTask(tx, tenantId, id);
    await stopWaitingRuns(tx, id, 'the task was deleted');
    const [row] = await tx.query<TaskRow>(
      'UPDATE tasks SET deleted_at = tw_now(), updated_at = tw_now(), next_run_at = NULL WHERE id = $1 RETURNING *',
      [task.id],
    );
    await tx.query(
      `INSERT INTO tenant_task_counts (tenant_id, shard, n) VALUES ($1, $2, -1)
       ON CONFLICT (tenant_id, shard) DO UPDATE SET n = tenant_task_counts.n - 1`,
      [tenantId, counterShard()],
    );
    await appendEvents(tx, [taskEvent('task.deleted', { task: row ?? task, lastRun: null })], actor);
  });
}

/** Pauses an active task (idempotent): the next firing and pending retries are dropped. */
export async function pauseTask(db: Db, tenantId: string, id: number, actor: Actor): Promise<TaskView> {
  return setActive(db, tenantId, id, false, actor);
}

/** Resumes a paused task (idempotent): the cadence re-anchors at now. */
export async function resumeTask(db: Db, tenantId: string, id: number, actor: Actor): Promise<TaskView> {
  return setActive(db, tenantId, id, true, actor);
}

async function setActive(db: Db, tenantId: string, id: number, active: boolean, actor: Actor): Promise<TaskView> {
  return db.transaction(async (tx) => {
    const task = await lockTask(tx, tenantId, id);
    const wanted: TaskState = active ? 'active' : 'paused';
    if (task.state === wanted) {
      const view = await readView(tx, tenantId, id);
      if (view === null) throw new ProblemError('not_found');
      return view;
    }
    if (task.state === 'completed' || task.state === 'expired') {
      throw new ProblemError('conflict', `The task is ${task.state}; give it a new schedule or expires_at to use it again.`);
    }
    if (!active) await stopWaitingRuns(tx, id, 'the task was paused');
    const [row] = await tx.query<TaskRow>(
      'UPDATE tasks SET state = $2, updated_at = tw_now() WHERE id = $1 RETURNING *',
      [id, wanted],
    );
    if (row === undefined) throw new Error('update returned no row');
    return finishWrite(tx, row, active ? 'task.resumed' : 'task.paused', active, false, actor);
  });
}

/** Runs a task now, outside its schedule. 409 when it has no action, or overlap `skip` and a run is active. */
export async function triggerTask(db: Db, tenantId: string, id: number): Promise<number> {
  return db.transaction(async (tx) => {
    const task = await lockTask(tx, tenantId, id);
    if (task.action === null) throw new ProblemError('conflict', 'The task has no action to run (give it http or lines).');
    if (task.overlap === 'skip' && (await hasRunningAttempt(tx, id))) {
      throw new ProblemError('conflict', 'A run of this task is active and its overlap policy is skip.');
    }
    return insertManualRun(tx, task);
  });
}

/**
 * One batch of `tickwork secrets reseal` over task actions, deleted tasks included: up to `limit` http tasks after
 * `afterId`, locked for the transaction so an update in flight waits and then merges with the renewed values. Secrets
 * under an older key are sealed again under the first; plain ones (rows from before sealing) are sealed now. Every
 * tenant's: an operator's maintenance, never reached from a request.
 */
export async function resealTaskActions(db: Db, box: SecretBox, afterId: number, limit: number): Promise<ResealBatch> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ id: number; action: ActionJson }>(
      `SELECT id, action FROM tasks WHERE id > $1 AND action->>'type' = 'http' ORDER BY id LIMIT $2 FOR UPDATE`,
      [afterId, limit],
    );
    const renewed = rows.flatMap((r) => {
      const action = r.action.type === 'http' ? resealHttpAction(r.action, box) : null;
      return action === null ? [] : [{ id: r.id, action: JSON.stringify(action) }];
    });
    if (renewed.length > 0) {
      await tx.query(
        `UPDATE tasks t SET action = n.action::jsonb FROM unnest($1::bigint[], $2::text[]) AS n (id, action) WHERE t.id = n.id`,
        [renewed.map((r) => r.id), renewed.map((r) => r.action)],
      );
    }
    return { scanned: rows.length, resealed: renewed.length, lastId: rows.at(-1)?.id ?? null };
  });
}
