import type { Logger } from 'pino';
import type { Sink } from './types.ts';

/** The default sink: one log line per event. */
export function logSink(log: Logger): Sink {
  return {
    name: 'log',
    async publish(events) {
      for (const e of events) {
        log.info(
          { event: { id: e.id, type: e.type, tenant: e.tenant_id, subject: `${e.subject_kind}/${e.subject_id}`, actor: e.actor, data: e.data } },
          'event',
        );
      }
    },
    async close() {},
  };
}
