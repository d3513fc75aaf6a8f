/* global document, window, setTimeout, clearTimeout */
// The tickwork dashboard: sign in with an API key, then tasks, a form to create one, recent runs, monitors (see
// monitors.js) and events, refreshed by polling. Plain DOM; every value from the service is written with textContent (via el()).
import { api, ApiError, forgetKey, storeKey, storedKey } from './api.js';
import { actionText, badge, dataSummary, duration, el, scheduleText, time } from './format.js';
import { setUpTaskForm } from './form.js';
import { setUpMonitors } from './monitors.js';

const POLL_MS = 2000;
const RUNS_SHOWN = 25;
const TASKS_SHOWN = 200;
const EVENTS_KEPT = 100;
const EVENT_PAGE = 500;

const $ = (id) => document.getElementById(id);

// ---- signing in and out ---------------------------------------------------------------------------------------

function showSignIn(message = '') {
  stopPolling();
  $('dashboard').hidden = true;
  $('sign-out').hidden = true;
  $('sections').hidden = true;
  $('sign-in-section').hidden = false;
  $('sign-in-error').textContent = message;
  $('status').textContent = '';
  $('notice').textContent = '';
  $('api-key').focus();
}

function showDashboard() {
  $('sign-in-section').hidden = true;
  $('dashboard').hidden = false;
  $('sign-out').hidden = false;
  $('sections').hidden = false;
  startPolling();
}

$('sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  const key = $('api-key').value.trim();
  if (key === '') return;
  try {
    await api('/v1/tasks?limit=1', { key }); // any authorised read proves the key
    storeKey(key);
    $('api-key').value = '';
    showDashboard();
  } catch (err) {
    $('sign-in-error').textContent = err instanceof ApiError && err.status === 401 ? 'That key is not valid (or has been revoked).' : `Could not sign in: ${err.message}`;
  }
});

function signOut(message) {
  forgetKey();
  showSignIn(message);
}

$('sign-out').addEventListener('click', () => signOut('Signed out.'));

// ---- polling -------------------------------------------------------------------------------------------------

let timer = null;
let session = 0; // bumped on every sign-in and sign-out, so a refresh of an old session changes nothing
let running = null;
let again = false;
let lastEventId = null; // null until the tail of the event log has been found

function startPolling() {
  session += 1;
  resetSections();
  void refresh();
}

function stopPolling() {
  session += 1;
  clearTimeout(timer);
  resetSections();
}

/**
 * One refresh of every section; the next is scheduled when this one ends, so refreshes never overlap. A refresh
 * asked for while one runs (after a button) happens right after it.
 */
async function refresh() {
  if (running !== null) {
    again = true;
    return;
  }
  clearTimeout(timer);
  const mine = session;
  running = Promise.all([refreshTasks(mine), refreshRuns(mine), monitors.refresh(mine), refreshEvents(mine)]);
  try {
    await running;
    if (mine === session) setStatus(`Updated ${new Date().toLocaleTimeString()}`);
  } catch (err) {
    if (mine === session && err instanceof ApiError && err.status === 401) signOut('Your key is no longer valid; sign in again.');
    else if (mine === session) setStatus(`Could not refresh: ${err.message}`, true);
  } finally {
    running = null;
  }
  if (again) {
    again = false;
    if (storedKey() !== null) return refresh();
  }
  if (mine === session) timer = setTimeout(refresh, POLL_MS);
}

function setStatus(text, isError = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', isError);
}

/** The outcome of the last button pressed (kept until the next one, unlike the refresh status). */
function notify(text, isError = false) {
  $('notice').textContent = text;
  $('notice').classList.toggle('error', isError);
}

/** Re-renders a section only when its data changed, so rows (and the buttons in them) are not replaced needlessly. */
const rendered = new Map();
function renderIfChanged(mine, section, items, render) {
  if (mine !== session) return;
  const json = JSON.stringify(items);
  if (rendered.get(section) === json) return;
  rendered.set(section, json);
  render(items);
}

/** Empties every section, so nothing of one key's tenant stays on the page for the next. */
function resetSections() {
  rendered.clear();
  lastEventId = null;
  for (const id of ['tasks', 'runs', 'events']) $(id).replaceChildren();
  monitors.reset();
}

// ---- tasks ---------------------------------------------------------------------------------------------------

async function refreshTasks(mine) {
  const page = await api(`/v1/tasks?limit=${TASKS_SHOWN}`);
  renderIfChanged(mine, 'tasks', page.items, renderTasks);
}

function renderTasks(tasks) {
  $('tasks').replaceChildren(...tasks.map(taskRow));
  $('tasks-empty').hidden = tasks.length > 0;
}

function taskRow(t) {
  const button = (action, label) => el('button', { type: 'button', 'data-action': action, 'data-task-id': t.id }, label);
  const toggle = t.state === 'active' ? button('pause', 'Pause') : t.state === 'paused' ? button('resume', 'Resume') : null;
  return el(
    'tr',
    { 'data-task-id': t.id, 'data-state': t.state },
    el('td', {}, String(t.id)),
    el('td', { 'data-testid': 'task-title', class: 'wrap' }, t.title ?? ''),
    el('td', { 'data-testid': 'task-schedule' }, scheduleText(t)),
    el('td', { 'data-testid': 'task-action', class: 'wrap' }, actionText(t.action)),
    el('td', {}, badge(t.state, 'task-state')),
    el('td', { 'data-testid': 'task-next-run' }, time(t.next_run_at)),
    el('td', {}, t.last_run === null ? '—' : el('span', {}, badge(t.last_run.status, 'task-last-run'), ' ', time(t.last_run.finished_at ?? t.last_run.started_at))),
    el('td', { class: 'actions' }, toggle, t.action === null ? null : button('trigger', 'Run now'), button('delete', 'Delete')),
  );
}

$('tasks').addEventListener('click', async (event) => {
  const target = event.target.closest('button[data-action]');
  if (target === null) return;
  const { action, taskId } = target.dataset;
  if (action === 'delete' && !window.confirm(`Delete task ${taskId}? Its runs and events are kept.`)) return;
  target.disabled = true;
  try {
    if (action === 'delete') await api(`/v1/tasks/${taskId}`, { method: 'DELETE' });
    else await api(`/v1/tasks/${taskId}/${action}`, { method: 'POST' });
    const done = { pause: 'paused', resume: 'resumed', trigger: 'triggered', delete: 'deleted' }[action];
    notify(`Task ${taskId} ${done}.`);
  } catch (err) {
    notify(`Task ${taskId}: ${err.message}`, true);
  } finally {
    target.disabled = false;
  }
  void refresh();
});

// ---- runs ----------------------------------------------------------------------------------------------------

async function refreshRuns(mine) {
  const page = await api(`/v1/runs?limit=${RUNS_SHOWN}`);
  renderIfChanged(mine, 'runs', page.items, (runs) => $('runs').replaceChildren(...runs.map(runRow)));
}

function runRow(r) {
  return el(
    'tr',
    { 'data-run-id': r.id, 'data-task-id': r.task_id, 'data-status': r.status },
    el('td', {}, String(r.id)),
    el('td', {}, String(r.task_id)),
    el('td', {}, String(r.attempt)),
    el('td', {}, badge(r.status, 'run-status')),
    el('td', { 'data-testid': 'run-http-status' }, r.http_status === null ? '—' : String(r.http_status)),
    el('td', {}, duration(r.duration_ms)),
    el('td', {}, r.started_at === null ? el('span', { class: 'hint' }, 'due ', time(r.scheduled_for)) : time(r.started_at)),
    el('td', { 'data-testid': 'run-error', class: 'wrap', title: r.error ?? '' }, r.error ?? ''),
  );
}

// ---- events --------------------------------------------------------------------------------------------------

async function firstEventAfter(id) {
  const page = await api(`/v1/events?after=${id}&limit=1`);
  return page.items[0]?.id ?? null;
}

/**
 * The newest event id, without reading the whole log: events list by ascending id from `after`, so gallop ahead
 * while events exist beyond the probe, and step back to the known id when one does not (O(log² n) requests).
 */
async function newestEventId() {
  let known = 0;
  let step = 1;
  for (;;) {
    const found = await firstEventAfter(known + step - 1);
    if (found !== null) {
      known = found;
      step *= 2;
    } else if (step === 1) {
      return known;
    } else {
      step = 1;
    }
  }
}

async function refreshEvents(mine) {
  if (lastEventId === null) {
    const newest = await newestEventId();
    if (mine !== session) return;
    lastEventId = Math.max(0, newest - EVENTS_KEPT);
  }
  const box = $('events').closest('.scroll');
  const atBottom = box === null || box.scrollHeight - box.scrollTop - box.clientHeight < 8;
  // Catch up a few pages per refresh at most; the rest follows on the next one.
  for (let pages = 0; pages < 4; pages += 1) {
    const page = await api(`/v1/events?after=${lastEventId}&limit=${EVENT_PAGE}`);
    if (mine !== session) return;
    for (const e of page.items) {
      $('events').append(eventRow(e));
      lastEventId = e.id;
    }
    if (page.items.length < EVENT_PAGE) break;
  }
  while ($('events').rows.length > EVENTS_KEPT) $('events').rows[0].remove();
  if (box !== null && atBottom) box.scrollTop = box.scrollHeight;
}

function eventRow(e) {
  return el(
    'tr',
    { 'data-event-id': e.id, 'data-type': e.type },
    el('td', {}, String(e.id)),
    el('td', {}, time(e.created_at)),
    el('td', { 'data-testid': 'event-type' }, e.type),
    el('td', {}, `${e.subject.kind}/${e.subject.id}`),
    el('td', { class: 'wrap' }, dataSummary(e.data)),
  );
}

// ---- start ---------------------------------------------------------------------------------------------------

const onUnauthorized = () => signOut('Your key is no longer valid; sign in again.');
setUpTaskForm({ onCreated: () => void refresh(), onUnauthorized });
const monitors = setUpMonitors({ renderIfChanged, refresh: () => void refresh(), notify, onUnauthorized });
if (storedKey() === null) showSignIn();
else showDashboard();
