/* global document, window, navigator */
// The monitors view: every monitor of the tenant with its status and figures; the one selected with its facts, its
// 24 h charts (monitor-charts.js), its recent checks and a heartbeat's ping URL; delete. Every value from the service
// is written as text (via el()); a deleted monitor is shown deleted, never down.
import { api } from './api.js';
import { badge, daysUntil, duration, el, labelCells, percent, time } from './format.js';
import { chartData, renderCharts } from './monitor-charts.js';
import { setUpMonitorForm } from './monitor-form.js';

const PAGE = 500; // the API's largest page
const MONITORS_SHOWN = 2000;
const CHECKS_SHOWN = 25;
/** How often the charts of the selected monitor are read again (the list and checks follow every refresh). */
const CHART_REFRESH_MS = 30_000;
const CHART_MIN_MS = 5_000;
/** A certificate this close to expiry is shown as a warning. */
const CERT_WARN_DAYS = 14;

const $ = (id) => document.getElementById(id);

/**
 * Wires the view up with the dashboard's `renderIfChanged(mine, section, data, render)`, `refresh()` (now, after a
 * button), `notify(text, isError)` and `onUnauthorized()`. Returns what the dashboard's polling calls: `refresh(mine)`
 * (one refresh of the list and the selected monitor) and `reset()` (on sign-in and sign-out).
 */
export function setUpMonitors({ renderIfChanged, refresh, notify, onUnauthorized }) {
  let monitors = new Map(); // id (string) → the monitor as last listed
  let selectedId = null; // id (string) of the monitor whose checks are shown
  let selection = 0; // bumped on every selection, so the checks of a monitor no longer selected are never shown
  let chartsReadAt = 0; // Date.now() when the selected monitor's charts were last read; 0: read them next refresh
  let chartsNewest = null; // the id of the newest check when the charts were read

  async function refreshMonitors(mine) {
    await Promise.all([refreshList(mine), selectedId === null ? null : refreshSelected(mine)]);
  }

  async function refreshList(mine) {
    renderIfChanged(mine, 'monitors', await allMonitors(), renderList);
  }

  function renderList({ items, more }) {
    monitors = new Map(items.map((m) => [String(m.id), m]));
    $('monitors').replaceChildren(...items.map(monitorRow));
    labelCells($('monitors'));
    $('monitors-empty').hidden = items.length > 0;
    $('monitors-more').hidden = !more;
    $('monitors-more').textContent = more ? `Showing the first ${items.length} monitors.` : '';
    markSelected();
  }

  /** The selected monitor is read on its own: the list may predate it (just created) or stop before it. */
  async function refreshSelected(mine) {
    const id = selectedId;
    const mySelection = selection;
    const [monitor, page] = await Promise.all([api(`/v1/monitors/${id}`), api(`/v1/monitors/${id}/checks?limit=${CHECKS_SHOWN}`)]);
    if (mySelection !== selection) return;
    renderIfChanged(mine, 'monitor-detail', { mySelection, monitor }, () => renderDetail(monitor));
    renderIfChanged(mine, 'checks', { mySelection, items: page.items }, () => renderChecks(monitor, page.items));
    // Read the charts again when new checks came (at most every CHART_MIN_MS, a 1 s monitor makes many), or at least
    // every CHART_REFRESH_MS so the 24 h window moves on.
    const newest = page.items[0]?.id ?? null;
    const age = Date.now() - chartsReadAt;
    if (age >= CHART_REFRESH_MS || (newest !== chartsNewest && (chartsNewest === null || age >= CHART_MIN_MS))) {
      chartsReadAt = Date.now();
      chartsNewest = newest;
      const charts = await chartData(id);
      if (mySelection === selection) renderCharts(monitor, charts);
    }
  }

  /** Shows the checks of monitor `id` (null: none), at once with what is known of it (`monitor`), then refreshed. */
  function select(id, monitor = monitors.get(id)) {
    selectedId = id;
    selection += 1;
    chartsReadAt = 0;
    chartsNewest = null;
    $('uptime-bar').replaceChildren();
    $('latency-chart').replaceChildren();
    markSelected();
    $('monitor-detail').hidden = true; // until renderDetail has this monitor's facts
    if (id === null) return;
    if (monitor !== undefined) renderDetail(monitor);
    $('checks').replaceChildren();
    $('checks-empty').hidden = true;
    refresh();
  }

  function markSelected() {
    for (const row of $('monitors').rows) {
      const on = row.dataset.monitorId === selectedId;
      row.classList.toggle('selected', on);
      row.querySelector('button[data-action="select"]')?.setAttribute('aria-pressed', String(on));
    }
  }

  $('monitors').addEventListener('click', async (event) => {
    const target = event.target.closest('button[data-action]');
    if (target === null) return;
    const { action, monitorId } = target.dataset;
    if (action === 'select') return select(monitorId === selectedId ? null : monitorId);
    const monitor = monitors.get(monitorId);
    const what = monitor === undefined ? '' : ` (${watched(monitor)})`;
    if (!window.confirm(`Delete monitor ${monitorId}${what}? It stops being checked; its checks are kept.`)) return;
    target.disabled = true;
    try {
      await api(`/v1/monitors/${monitorId}`, { method: 'DELETE' });
      notify(`Monitor ${monitorId} deleted.`);
    } catch (err) {
      notify(`Monitor ${monitorId}: ${err.message}`, true);
    } finally {
      target.disabled = false;
    }
    refresh();
  });

  $('ping-url').addEventListener('focus', () => $('ping-url').select());
  $('copy-ping-url').addEventListener('click', async () => {
    $('ping-url').select();
    try {
      await navigator.clipboard.writeText($('ping-url').value);
      notify('Ping URL copied.');
    } catch {
      notify('The ping URL is selected: copy it with Ctrl+C (⌘C).');
    }
  });

  setUpMonitorForm({
    existed: (id) => monitors.has(String(id)),
    onCreated: (monitor) => select(String(monitor.id), monitor),
    onUnauthorized,
  });

  return {
    refresh: refreshMonitors,
    /** Shows monitor `id` (a string), as the route #/monitors/{id} asks. */
    select: (id) => {
      if (id !== selectedId) select(id);
    },
    reset() {
      monitors = new Map();
      select(null);
      $('monitors').replaceChildren();
      $('checks').replaceChildren();
    },
  };
}

/** Every monitor, following `next_cursor` (up to MONITORS_SHOWN); `more` when there were still others. */
async function allMonitors() {
  const items = [];
  let cursor = null;
  do {
    const query = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const page = await api(`/v1/monitors?limit=${PAGE}${query}`);
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor !== null && items.length < MONITORS_SHOWN);
  return { items, more: cursor !== null };
}

/** What a monitor watches, in words: its URL, or "heartbeat". */
const watched = (m) => (m.type === 'heartbeat' ? 'heartbeat' : (m.url ?? ''));

function monitorRow(m) {
  const button = (action, label) => el('button', { type: 'button', 'data-action': action, 'data-monitor-id': m.id, 'aria-label': `${label} (monitor ${m.id})` }, label);
  return el(
    'tr',
    { 'data-monitor-id': m.id, 'data-type': m.type, 'data-status': m.status, 'data-active': String(m.active) },
    el('td', {}, String(m.id)),
    el('td', { 'data-testid': 'monitor-type' }, m.type),
    el('td', { class: 'wrap' }, targetCell(m)),
    el('td', {}, statusBadge(m, 'monitor-status')),
    el('td', { 'data-testid': 'monitor-uptime' }, [m.uptime['24h'], m.uptime['7d'], m.uptime['30d']].map(percent).join(' · ')),
    el('td', { 'data-testid': 'monitor-latency' }, latencyText(m)),
    el('td', { class: 'wrap' }, lastCheckCell(m.last_check)),
    el('td', { 'data-testid': 'monitor-cert' }, certificate(m.cert_expires_at)),
    el('td', {}, badge(m.active ? 'active' : 'deleted', 'monitor-active')),
    el('td', { class: 'actions' }, el('div', { class: 'buttons' }, button('select', 'Details'), m.active ? button('delete', 'Delete') : null)),
  );
}

function targetCell(m) {
  const lines = [el('span', { 'data-testid': 'monitor-url' }, watched(m))];
  if (m.regexp !== null) lines.push(el('span', { class: 'hint' }, ' matching ', el('code', { 'data-testid': 'monitor-regexp' }, m.regexp)));
  return el('span', {}, ...lines);
}

/** A heartbeat's checks measure nothing: there is no latency to show. */
function latencyText(m) {
  if (m.type === 'heartbeat') return '—';
  return `${duration(m.latency_ms.p50)} · ${duration(m.latency_ms.p95)}`;
}

function lastCheckCell(check) {
  if (check === null) return '—';
  return el(
    'span',
    {},
    badge(check.ok ? 'ok' : 'failed', 'monitor-last-ok'),
    ' ',
    time(check.checked_at),
    check.error === null ? null : el('span', { class: 'error check-error', 'data-testid': 'monitor-last-error' }, check.error),
  );
}

/** When the certificate seen at the latest check expires, warned about within CERT_WARN_DAYS; `—` for none. */
function certificate(iso) {
  const days = daysUntil(iso);
  if (days === null) return '—';
  const level = days < 0 ? 'error' : days < CERT_WARN_DAYS ? 'warn' : '';
  return el('span', { class: level }, time(iso), ` (${days < 0 ? 'expired' : `${days} d`})`);
}

// ---- the selected monitor ------------------------------------------------------------------------------------

function renderDetail(m) {
  $('monitor-detail').hidden = false;
  $('monitor-detail-title').textContent = `Monitor ${m.id}: ${watched(m)}`;
  const facts = [
    ['type', m.type],
    ['status', statusBadge(m, 'detail-status')],
    ['active', m.active ? 'yes' : 'no (deleted: no longer checked; its checks are kept)'],
  ];
  if (m.type === 'http') {
    facts.push(['request', `${m.method} ${m.url ?? ''}`], ['every', `${m.interval} s`], ['timeout', duration(m.timeout_ms)]);
    facts.push(['expects', m.expect_status === null ? 'any 2xx status' : `status ${m.expect_status.join(', ')}`]);
    if (m.regexp !== null) facts.push(['body matches', el('code', { 'data-testid': 'detail-regexp' }, m.regexp)]);
    if (m.cert_expires_at !== null) facts.push(['certificate expires', certificate(m.cert_expires_at)]);
  } else {
    facts.push(['ping expected every', `${m.period} s (grace ${m.grace} s)`], ['last ping', time(m.last_ping_at)]);
  }
  facts.push(['down after', `${m.failure_threshold} failed check${m.failure_threshold === 1 ? '' : 's'} in a row`]);
  facts.push(['next check', time(m.next_check_at)], ['created', time(m.created_at)]);
  $('monitor-facts').replaceChildren(...facts.flatMap(([name, value]) => [el('dt', {}, name), el('dd', {}, value)]));

  const ping = m.type === 'heartbeat' ? m.ping_url : null;
  $('heartbeat-ping').hidden = ping === null;
  $('ping-url').value = ping ?? '';
  $('ping-curl').textContent = ping === null ? '' : `your-job && curl -fsS -m 10 --retry 3 -o /dev/null '${ping}'`;
}

function renderChecks(monitor, checks) {
  $('checks').replaceChildren(...checks.map((c) => checkRow(monitor, c)));
  labelCells($('checks'));
  $('checks-empty').hidden = checks.length > 0;
}

function checkRow(monitor, c) {
  return el(
    'tr',
    { 'data-check-id': c.id, 'data-ok': String(c.ok) },
    el('td', {}, time(c.checked_at)),
    el('td', {}, badge(c.ok ? 'ok' : 'failed', 'check-ok')),
    el('td', { 'data-testid': 'check-status-code' }, c.status_code === null ? '—' : String(c.status_code)),
    el('td', { 'data-testid': 'check-latency' }, monitor.type === 'heartbeat' ? '—' : duration(c.latency_ms)),
    el('td', {}, c.cert_days_left === null ? '—' : `${Math.floor(c.cert_days_left)} d left`),
    el('td', { class: 'wrap', 'data-testid': 'check-error' }, c.error ?? ''),
  );
}

/** A deleted monitor is no longer checked: its last state is history, shown muted as "deleted", never as "down". */
function statusBadge(m, testid) {
  if (m.active) return badge(m.status, testid);
  const b = badge('deleted', testid);
  b.title = `deleted; its last state was ${m.status}`;
  return b;
}
