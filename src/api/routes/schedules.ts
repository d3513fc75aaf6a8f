import { Type } from 'typebox';
import type { Api, ApiDeps } from '../types.ts';
import { problems, TaskInput } from '../schemas.ts';
import { ProblemError, invalidFields } from '../../domain/errors.ts';
import { timeProblem } from '../inbound.ts';
import { taskChangesFrom } from '../../domain/task-input.ts';
import { scheduleFromJson } from '../../domain/task.ts';
import { previewSchedule, scheduleToJson } from '../../domain/schedule.ts';
import { dbNow } from '../../store/runs.ts';

const PreviewInput = Type.Object(
  {
    schedule_time: TaskInput.properties.schedule_time,
    cron: TaskInput.properties.cron,
    interval: TaskInput.properties.interval,
    timezone: TaskInput.properties.timezone,
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'Default 10' })),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Default now' })),
  },
  { additionalProperties: false },
);

export function scheduleRoutes(app: Api, { db, config }: ApiDeps): void {
  app.post('/v1/schedules/preview', {
    schema: {
      tags: ['schedules'], summary: 'List the next fire times of a schedule, with DST notes',
      body: PreviewInput,
      response: {
        200: Type.Object({ schedule: Type.Unknown(), next: Type.Array(Type.String()), notes: Type.Array(Type.String()) }),
        ...problems(400),
      },
    },
  }, async (request) => {
    const { count, from, ...fields } = request.body;
    const fromProblem = from === undefined ? null : timeProblem(from);
    if (fromProblem !== null) throw invalidFields([{ field: 'from', message: fromProblem }]);
    const changes = taskChangesFrom(fields, { defaultTimezone: config.timezone, allowPrivateTargets: true, current: null });
    if (changes.schedule === undefined || changes.schedule === null) {
      throw new ProblemError('invalid_field', 'Give a schedule to preview.', [{ field: 'cron', message: 'give one of schedule_time, cron or interval' }]);
    }
    const start = from === undefined ? await dbNow(db) : new Date(from);
    const schedule = scheduleFromJson(changes.schedule);
    const p = previewSchedule(schedule, start, count ?? 10, start);
    return { schedule: scheduleToJson(schedule), next: p.next.map((d) => d.toISOString()), notes: p.notes };
  });
}
