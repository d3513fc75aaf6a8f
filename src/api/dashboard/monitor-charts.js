/* global document */
// The charts of the selected monitor: its checks of the last 24 hours, read from the API, drawn by charts.js.
import { api } from './api.js';
import { duration, percent, timeText } from './format.js';
import { latencyChart, uptimeBar } from './charts.js';

const PAGE = 500; // the API's largest page
/** The charts read at most this many pages of checks (a 1 s monitor makes 86,400 a day); the caption says so. */
const CHART_PAGES = 4;
const DAY_MS = 86_400_000;

const $ = (id) => document.getElementById(id);

/** The checks of the last 24 hours (newest first, up to CHART_PAGES pages) and the span they cover. */
export async function chartData(id) {
  const to = Date.now();
  const from = to - DAY_MS;
  const items = [];
  let cursor = null;
  let pages = 0;
  do {
    const query = cursor === null ? `since=${encodeURIComponent(new Date(from).toISOString())}` : `cursor=${encodeURIComponent(cursor)}`;
    const page = await api(`/v1/monitors/${id}/checks?limit=${PAGE}&${query}`);
    items.push(...page.items);
    cursor = page.next_cursor;
    pages += 1;
  } while (cursor !== null && pages < CHART_PAGES);
  return { items, from, to, partial: cursor !== null };
}

export function renderCharts(monitor, { items, from, to, partial }) {
  // When only the newest checks were read, the bar starts where they do rather than claim the gap was unchecked.
  const start = partial && items.length > 0 ? new Date(items[items.length - 1].checked_at).getTime() : from;
  $('uptime-bar').replaceChildren(uptimeBar(items, start, to));
  const ok = items.filter((c) => c.ok).length;
  const share = items.length === 0 ? 'no checks yet' : `${ok} of ${items.length} checks ok (${percent((100 * ok) / items.length)})`;
  $('uptime-caption').textContent = `Uptime ${partial ? `since ${timeText(new Date(start).toISOString())} (the latest ${items.length} checks)` : 'over the last 24 hours'}: ${share}. Each slot is ${Math.round((to - start) / 48 / 60_000)} min.`;
  const heartbeat = monitor.type === 'heartbeat';
  $('latency-figure').hidden = heartbeat; // a heartbeat's checks measure nothing
  if (!heartbeat) {
    $('latency-chart').replaceChildren(latencyChart(items, start, to));
    $('latency-caption').textContent = `Latency of each check (p50 ${duration(monitor.latency_ms.p50)}, p95 ${duration(monitor.latency_ms.p95)}); failed checks are marked red.`;
  }
}
