import { Type } from 'typebox';
import type { Api, ApiDeps } from '../types.ts';
import { named, problems, TaskInput } from '../schemas.ts';
import { ProblemError, invalidFields } from '../../domain/errors.ts';
import { timeProblem } from '../inbound.ts';
import { taskChangesFrom } from '../../domain/task-input.ts';
import { scheduleFromJson } from '../../domain/task.ts';
import { previewSchedule, scheduleToJson } from '../../domain/schedule.ts';
import { dbNow } from '../../store/runs.ts';

const PreviewInput = named('SchedulePreviewInput', Type.Object(
  {
    schedule_time: TaskInput.properties.schedule_time,
    cron: TaskInput.properties.cron,
    interval: TaskInput.properties.interval,
    timezone: TaskInput.properties.timezone,
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'How many fire times to list, default 10' })),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'List the times after this one (RFC 3339), default now' })),
  },
  { additionalProperties: false, description: 'A schedule to preview: one of schedule_time, cron and interval', examples: [{ cron: '30 2 * * *', timezone: 'Europe/London', count: 3 }] },
));
const SchedulePreview = named('SchedulePreview', Type.Object(
  {
    schedule: Type.Unknown({ description: 'The schedule as a task would show it' }),
    next: Type.Array(Type.String(), { description: 'The next fire times, ISO 8601 in UTC' }),
    notes: Type.Array(Type.String(), { description: 'Every DST gap or overlap the listed times cross' }),
  },
  { description: 'The next fire times of a schedule' },
));

export function scheduleRoutes(app: Api, { db, config }: ApiDeps): void {
  app.post('/v1/schedules/preview', {
    schema: {
      tags: ['schedules'], summary: 'List the next fire times of a schedule, with DST notes',
      body: PreviewInput,
      response: { 200: SchedulePreview, ...problems(400) },
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
