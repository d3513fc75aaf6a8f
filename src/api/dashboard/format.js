/* global document */
// How the dashboard shows things. Everything from the service goes into the page as text, never as markup.

/** Builds an element; `children` are nodes or strings (strings become text nodes, so nothing is parsed as HTML). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

const localTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A time in the browser's zone, with the UTC value in the title; `—` for none. */
export function time(iso) {
  if (iso === null || iso === undefined) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return el('time', { datetime: iso, title: `${iso} (UTC)` }, localTime.format(d));
}

/** "cron 0 8 * * 1-5 Europe/London", "every 30 s", "once at …" (a node, for the time). */
export function scheduleText(task) {
  const s = task.schedule;
  if (s === null) return task.expires_at === null ? '—' : el('span', {}, 'deadline at ', time(task.expires_at));
  switch (s.type) {
    case 'cron':
      return `cron ${s.expression} ${s.timezone}`;
    case 'interval':
      return `every ${s.seconds} s`;
    case 'once':
      return el('span', {}, 'once at ', time(s.at));
    default:
      return JSON.stringify(s);
  }
}

export function actionText(action) {
  if (action === null) return '—';
  if (action.type === 'http') return `${action.method} ${action.url}`;
  if (action.type === 'tfl_line_status') return `TfL lines ${action.lines.join(', ')}`;
  return JSON.stringify(action);
}

export function duration(ms) {
  if (ms === null || ms === undefined) return '—';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** A status word as a badge, styled by its value (succeeded, failed, paused …). */
export function badge(status, testid) {
  return el('span', { class: `badge ${status}`, 'data-testid': testid }, status);
}

/** Event data, compact: the full JSON in the title, the first 100 characters shown. */
export function dataSummary(data) {
  if (data === null || data === undefined) return '';
  const json = JSON.stringify(data);
  return el('code', { title: json }, json.length > 100 ? `${json.slice(0, 99)}…` : json);
}

/** A percentage with at most two decimals ("99.95%", "100%"); `—` for none. */
export function percent(v) {
  return v === null || v === undefined ? '—' : `${Number(v.toFixed(2))}%`;
}

/** Whole days from now until `iso` (negative once past); null for none. */
export function daysUntil(iso) {
  if (iso === null || iso === undefined) return null;
  const ms = new Date(iso).getTime() - Date.now();
  return Number.isNaN(ms) ? null : Math.floor(ms / 86_400_000);
}
