// One line of words for an event, from its type and data: what happened to which task, run or monitor.
import { duration, timeText } from './format.js';

const quoted = (title) => (typeof title === 'string' && title !== '' ? ` “${title}”` : '');
const taskName = (e) => `Task ${e.subject.id}${quoted(e.data?.title)}`;
const monitorName = (e) => {
  const d = e.data ?? {};
  const what = d.type === 'heartbeat' ? 'heartbeat' : (d.url ?? '');
  return `Monitor ${e.subject.id}${what === '' ? '' : ` (${what})`}`;
};

function runSummary(e, verb) {
  const d = e.data ?? {};
  const parts = [`Run ${d.run_id ?? '?'} of task ${e.subject.id}`];
  if (typeof d.attempt === 'number' && d.attempt > 1) parts.push(`attempt ${d.attempt}`);
  let text = `${parts.join(', ')} ${verb}`;
  if (typeof d.http_status === 'number') text += `: HTTP ${d.http_status}`;
  if (typeof d.duration_ms === 'number' && verb !== 'started') text += ` in ${duration(d.duration_ms)}`;
  if (typeof d.error === 'string' && d.error !== '') text += ` — ${d.error}`;
  if (e.type === 'run.failed') {
    if (typeof d.next_attempt_at === 'string') text += `; next attempt at ${timeText(d.next_attempt_at)}`;
    else if (d.final === true) text += '; no more attempts';
  }
  return text;
}

const TASK_VERBS = {
  'task.created': 'created',
  'task.updated': 'updated',
  'task.deleted': 'deleted',
  'task.paused': 'paused',
  'task.resumed': 'resumed',
  'task.completed': 'completed',
};

const RUN_VERBS = {
  'run.started': 'started',
  'run.succeeded': 'succeeded',
  'run.failed': 'failed',
  'run.cancelled': 'cancelled',
  'run.retried': 'retried',
};

const MONITOR_VERBS = { 'monitor.created': 'created', 'monitor.updated': 'updated', 'monitor.deleted': 'deleted' };

/** A readable sentence for event `e` ({type, subject, data}); unknown types list their simple data fields. */
export function eventSummary(e) {
  const d = e.data ?? {};
  if (TASK_VERBS[e.type] !== undefined) return `${taskName(e)} ${TASK_VERBS[e.type]}`;
  if (RUN_VERBS[e.type] !== undefined) return runSummary(e, RUN_VERBS[e.type]);
  if (MONITOR_VERBS[e.type] !== undefined) return `${monitorName(e)} ${MONITOR_VERBS[e.type]}`;
  switch (e.type) {
    case 'task.expiring':
      return `${taskName(e)}: deadline ${typeof d.expires_at === 'string' ? `at ${timeText(d.expires_at)}` : 'soon'}`;
    case 'task.expired':
      return `${taskName(e)}: deadline passed${typeof d.expires_at === 'string' ? ` (${timeText(d.expires_at)})` : ''}`;
    case 'monitor.down': {
      const error = d.check?.error;
      return `${monitorName(e)} is down${typeof error === 'string' && error !== '' ? ` — ${error}` : ''}`;
    }
    case 'monitor.up':
      return `${monitorName(e)} is up again`;
    case 'monitor.cert_expiring': {
      const days = d.cert?.days_left ?? d.check?.cert_days_left;
      return `${monitorName(e)}: its certificate expires${typeof days === 'number' ? ` in ${Math.floor(days)} d` : ' soon'}`;
    }
    case 'webhook.disabled':
      return `Webhook ${e.subject.id}${d.url ? ` (${d.url})` : ''} disabled${d.reason ? ` — ${d.reason}` : ''}`;
    default:
      return genericSummary(e);
  }
}

/** `type` on `kind id`, then the event's simple fields (`line: central`), so a new event type still reads. */
function genericSummary(e) {
  const simple = Object.entries(e.data ?? {})
    .filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))
    .slice(0, 4)
    .map(([k, v]) => `${k}: ${v}`);
  const head = `${e.type} on ${e.subject.kind} ${e.subject.id}`;
  return simple.length === 0 ? head : `${head} (${simple.join(', ')})`;
}

/** How an event reads at a glance: good, bad, or neither. */
export function eventTone(type) {
  if (['run.failed', 'monitor.down', 'task.expired', 'webhook.disabled', 'tfl.disrupted'].includes(type)) return 'bad';
  if (['run.succeeded', 'monitor.up', 'tfl.recovered'].includes(type)) return 'good';
  if (['task.expiring', 'monitor.cert_expiring', 'run.cancelled', 'task.paused'].includes(type)) return 'warn';
  return 'plain';
}
