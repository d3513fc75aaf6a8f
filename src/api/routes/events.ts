import { Type, type Static } from 'typebox';
import type { Api, ApiDeps } from '../types.ts';
import { tenantOf } from '../auth.ts';
import { AfterText, Event, PageQuery, page, problems } from '../schemas.ts';
import { nextCursor, pageRequest } from '../pagination.ts';
import { listEvents, type EventRow } from '../../store/events.ts';

export function eventToJson(e: EventRow): Static<typeof Event> {
  return { id: e.id, type: e.type, created_at: e.created_at.toISOString(), subject: { kind: e.subject_kind, id: e.subject_id }, data: e.data, actor: e.actor };
}

export function eventRoutes(app: Api, { db, secrets }: ApiDeps): void {
  app.get('/v1/events', {
    schema: {
      tags: ['events'], summary: 'List events in id order',
      querystring: Type.Object(
        {
          after: Type.Optional(AfterText()),
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
    const req = pageRequest(secrets, 'events', tenant, q, { type: q.type === undefined || q.type === '*' ? null : q.type });
    const after = req.key ?? (q.after === undefined ? 0 : Number(q.after));
    const items = await listEvents(db, tenant, after, req.limit, req.filters.type);
    return { items: items.map(eventToJson), next_cursor: nextCursor(secrets, 'events', tenant, req, items.at(-1)?.id, items.length) };
  });
}
