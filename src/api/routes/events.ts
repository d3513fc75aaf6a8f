import { Type, type Static } from 'typebox';
import type { Api, ApiDeps } from '../types.ts';
import { tenantOf } from '../auth.ts';
import { AfterText, Event, IdText, PageQuery, page, problems } from '../schemas.ts';
import { nextCursor, pageRequest } from '../pagination.ts';
import { ProblemError } from '../../domain/errors.ts';
import { listEvents, listEventsNewestFirst, type EventRow } from '../../store/events.ts';

export function eventToJson(e: EventRow): Static<typeof Event> {
  return { id: e.id, type: e.type, created_at: e.created_at.toISOString(), subject: { kind: e.subject_kind, id: e.subject_id }, data: e.data, actor: e.actor };
}

export function eventRoutes(app: Api, { db, secrets }: ApiDeps): void {
  app.get('/v1/events', {
    schema: {
      tags: ['events'], summary: 'List events in id order, oldest or newest first',
      description: 'Oldest first from `after` (default), or with `order=desc` newest first: the newest page, or the page below `before`. '
        + 'Either way only up to the settled horizon: never an event that a transaction still open may precede with a smaller id.',
      querystring: Type.Object(
        {
          after: Type.Optional(AfterText('Start after this event id (oldest first only)')),
          before: Type.Optional(IdText('Only events with a smaller id than this (with order=desc)')),
          order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')], { description: 'asc (default): oldest first; desc: newest first' })),
          type: Type.Optional(Type.String({ pattern: '^[a-z_]+(\\.[a-z_]+)*(\\.\\*|\\*)?$|^\\*$', maxLength: 100, description: 'An event type, or a prefix ending in * (run.*)' })),
          ...PageQuery,
        },
        { additionalProperties: false },
      ),
      response: { 200: page(Event), ...problems(400) },
    },
  }, async (request) => {
    const tenant = tenantOf(request);
    const q = request.query;
    if (q.before !== undefined && q.order !== 'desc') throw misplaced('before', 'only goes with order=desc (newest first); oldest first pages with after');
    if (q.after !== undefined && q.order === 'desc') throw misplaced('after', 'only goes with oldest first; newest first pages with before');
    // The order is a filter the cursor carries on; given again with a cursor, it must be the cursor's.
    const order = q.order ?? (q.cursor === undefined ? 'asc' : null);
    const req = pageRequest(secrets, 'events', tenant, q, { type: q.type === undefined || q.type === '*' ? null : q.type, order });
    const newestFirst = req.filters.order === 'desc';
    const items = newestFirst
      ? await listEventsNewestFirst(db, tenant, req.key ?? (q.before === undefined ? null : Number(q.before)), req.limit, req.filters.type)
      : await listEvents(db, tenant, req.key ?? (q.after === undefined ? 0 : Number(q.after)), req.limit, req.filters.type);
    return { items: items.map(eventToJson), next_cursor: nextCursor(secrets, 'events', tenant, req, items.at(-1)?.id, items.length) };
  });
}

function misplaced(field: string, message: string): ProblemError {
  return new ProblemError('invalid_query', `The query parameter ${field} does not fit the order asked for.`, [{ field, message }]);
}
