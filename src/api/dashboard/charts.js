/* global document */
// The monitor charts, drawn as inline SVG from a monitor's checks: a 24 h uptime bar (one slot per half hour) and a
// latency line. No chart library; sizes are in viewBox units, so the charts scale with their container.
import { duration, timeText } from './format.js';

const NS = 'http://www.w3.org/2000/svg';
const SLOTS = 48;

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, String(v));
  node.append(...children);
  return node;
}

const title = (text) => svg('title', {}, text);
const hhmm = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/**
 * The uptime bar over [from, to]: SLOTS slots, each coloured by the share of its checks that were ok (none: grey),
 * with the counts in its tooltip. `checks` are {checked_at, ok}.
 */
export function uptimeBar(checks, from, to) {
  const span = (to - from) / SLOTS;
  const slots = Array.from({ length: SLOTS }, () => ({ ok: 0, all: 0 }));
  for (const c of checks) {
    const i = Math.floor((new Date(c.checked_at).getTime() - from) / span);
    if (i < 0 || i >= SLOTS) continue;
    slots[i].all += 1;
    if (c.ok) slots[i].ok += 1;
  }
  const w = 10;
  const root = svg('svg', { viewBox: `0 0 ${SLOTS * w} 24`, preserveAspectRatio: 'none', role: 'img', class: 'uptime-bar', 'data-testid': 'uptime-bar' });
  const ok = checks.filter((c) => c.ok).length;
  root.append(title(checks.length === 0 ? 'No checks in these 24 hours' : `${ok} of ${checks.length} checks ok`));
  slots.forEach((s, i) => {
    const level = s.all === 0 ? 'none' : s.ok === s.all ? 'ok' : s.ok === 0 ? 'bad' : 'partial';
    const start = new Date(from + i * span);
    const end = new Date(from + (i + 1) * span);
    const what = s.all === 0 ? 'no checks' : `${s.ok} of ${s.all} checks ok`;
    root.append(svg('rect', { x: i * w + 1, y: 0, width: w - 2, height: 24, rx: 2, class: `slot ${level}`, 'data-level': level }, title(`${hhmm.format(start)}–${hhmm.format(end)}: ${what}`)));
  });
  return root;
}

/** A round top for the latency axis: 1, 2 or 5 times a power of ten, at least `max`. */
function niceCeiling(max) {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * p).find((v) => v >= max) ?? 10 * p;
}

/**
 * The latency line over [from, to]: each check with a latency is a point (failed ones marked), the axis from 0 to a
 * round maximum, the time axis labelled at its ends and middle. `checks` are {checked_at, ok, latency_ms}.
 */
export function latencyChart(checks, from, to) {
  const W = 600;
  const H = 180;
  const left = 64;
  const right = 12;
  const top = 12;
  const bottom = 28;
  const points = checks
    .filter((c) => typeof c.latency_ms === 'number')
    .map((c) => ({ t: new Date(c.checked_at).getTime(), ms: c.latency_ms, ok: c.ok }))
    .filter((p) => p.t >= from && p.t <= to)
    .sort((a, b) => a.t - b.t);
  const top_ms = niceCeiling(Math.max(0, ...points.map((p) => p.ms)));
  const x = (t) => left + ((t - from) / (to - from)) * (W - left - right);
  const y = (ms) => top + (1 - ms / top_ms) * (H - top - bottom);

  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'latency-chart', 'data-testid': 'latency-chart', 'data-points': points.length });
  root.append(title(points.length === 0 ? 'No latency measured in these 24 hours' : `Latency of ${points.length} checks, up to ${duration(Math.max(...points.map((p) => p.ms)))}`));
  for (const ms of [0, top_ms / 2, top_ms]) {
    root.append(svg('line', { x1: left, x2: W - right, y1: y(ms), y2: y(ms), class: 'grid' }));
    root.append(svg('text', { x: left - 6, y: y(ms) + 4, 'text-anchor': 'end', class: 'axis' }, duration(ms)));
  }
  const labels = [
    [from, 'start', '24 h ago'],
    [(from + to) / 2, 'middle', hhmm.format(new Date((from + to) / 2))],
    [to, 'end', 'now'],
  ];
  for (const [t, anchor, text] of labels) root.append(svg('text', { x: x(t), y: H - 8, 'text-anchor': anchor, class: 'axis' }, text));
  if (points.length > 0) {
    root.append(svg('polyline', { points: points.map((p) => `${x(p.t).toFixed(1)},${y(p.ms).toFixed(1)}`).join(' '), class: 'line' }));
    for (const p of points.filter((q) => !q.ok)) {
      root.append(svg('circle', { cx: x(p.t).toFixed(1), cy: y(p.ms).toFixed(1), r: 3, class: 'failed' }, title(`${timeText(new Date(p.t).toISOString())}: failed, ${duration(p.ms)}`)));
    }
  }
  return root;
}
