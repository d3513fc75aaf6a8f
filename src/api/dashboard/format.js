/* global document */
// How the dashboard shows things. Everything from the service goes into the page as text, never as markup.

/** Builds an element; `children` are nodes or strings (strings become text nodes, so nothing is parsed as HTML). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined));
  return node;
}

/** The browser's IANA zone: every time without a zone of its own is shown in it, labelled with it. */
export const BROWSER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';

const formats = new Map();
function formatIn(zone) {
  let f = formats.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium', timeZone: zone });
    formats.set(zone, f);
  }
  return f;
}

/** A known IANA zone, or null (then the browser's zone is used and says so). */
function usableZone(zone) {
  if (typeof zone !== 'string' || zone === '') return null;
  try {
    formatIn(zone);
    return zone;
  } catch {
    return null;
  }
}

/** Text of a time in `zone` (default: the browser's), followed by the zone's name: "8 Dec 2026, 08:00:00 Europe/London". */
export function timeText(iso, zone = BROWSER_ZONE) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const z = usableZone(zone) ?? BROWSER_ZONE;
  return `${formatIn(z).format(d)} ${z}`;
}

/** A time with its zone named, the UTC value in the title; `—` for none. */
export function time(iso, zone = BROWSER_ZONE) {
  if (iso === null || iso === undefined) return '—';
  return el('time', { datetime: iso, title: `${iso} (UTC)` }, timeText(iso, zone));
}

/** "cron 0 8 * * 1-5 Europe/London", "every 30 s", "once at …" (a node, for the time). */
export function scheduleText(task) {
  const s = task.schedule;
  if (s === null) return task.expires_at === null ? '—' : el('span', {}, 'deadline at ', time(task.expires_at));
  switch (s.type) {
    case 'cron':
      return `cron ${s.expression} ${s.timezone}`;
    case 'interval':
      return `every ${seconds(s.seconds)}`;
    case 'once':
      return el('span', {}, 'once at ', time(s.at));
    default:
      return JSON.stringify(s);
  }
}

/** The zone a task's times read best in: a cron task's own zone, else the browser's. */
export const taskZone = (task) => (task.schedule?.type === 'cron' ? task.schedule.timezone : BROWSER_ZONE);

/** "30 s", or a round larger unit when it divides evenly ("every 5 min (300 s)"). */
export function seconds(s) {
  if (s % 86_400 === 0 && s >= 86_400) return `${s / 86_400} d (${s} s)`;
  if (s % 3600 === 0 && s >= 3600) return `${s / 3600} h (${s} s)`;
  if (s % 60 === 0 && s >= 60) return `${s / 60} min (${s} s)`;
  return `${s} s`;
}

export function actionText(action) {
  if (action === null) return '—';
  if (action.type === 'http') return `${action.method} ${action.url}`;
  if (action.type === 'tfl_line_status') return `TfL lines ${action.lines.join(', ')}`;
  return JSON.stringify(action);
}

export function duration(ms) {
  if (ms === null || ms === undefined) return '—';
  if (Math.abs(ms) < 1000) return `${Math.round(ms)} ms`;
  if (Math.abs(ms) < 120_000) return `${(ms / 1000).toFixed(Math.abs(ms) < 10_000 ? 2 : 1)} s`;
  if (Math.abs(ms) < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** A status word as a badge, styled by its value (succeeded, failed, paused …). */
export function badge(status, testid) {
  return el('span', { class: `badge ${status}`, 'data-testid': testid }, status);
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

/**
 * Gives every cell of a card table the name of its column (`data-label`), which narrow screens show beside the
 * value when rows become cards.
 */
export function labelCells(tbody) {
  const names = [...(tbody.closest('table')?.tHead?.rows[0]?.cells ?? [])].map((th) => th.textContent ?? '');
  for (const row of tbody.rows) [...row.cells].forEach((td, i) => td.setAttribute('data-label', names[i] ?? ''));
}
