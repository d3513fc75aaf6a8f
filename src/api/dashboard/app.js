/* global document, window, setTimeout, clearTimeout */
// The tickwork dashboard: sign in with an API key, then one view at a time, chosen by the address's #hash: tasks
// (#/tasks), a task (#/tasks/{id}), the task form (#/tasks/new, #/tasks/{id}/edit), monitors (#/monitors[/{id}]) and
// live events (#/events). The visible view is refreshed by polling; the live view reads the event stream. Plain DOM;
// every value from the service is written with textContent (via el()).
import { api, ApiError, forgetKey, storeKey, storedKey } from './api.js';
import { BROWSER_ZONE } from './format.js';
import { setUpTasks } from './tasks.js';
import { setUpTaskForm } from './task-form.js';
import { setUpMonitors } from './monitors.js';
import { setUpLiveEvents } from './live.js';

const POLL_MS = 2000;

const $ = (id) => document.getElementById(id);

// ---- signing in and out ---------------------------------------------------------------------------------------

function showSignIn(message = '') {
  stopPolling();
  live.reset();
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
  $('zone-note').textContent = `Times are shown in your browser's time zone, ${BROWSER_ZONE}, unless a cron task names its own.`;
  startPolling();
  void showRoute();
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

// ---- views ---------------------------------------------------------------------------------------------------

/** The view the address asks for: {view, id}. */
function currentRoute() {
  const hash = window.location.hash;
  let m;
  if (hash === '#/tasks/new') return { view: 'task-form', id: null };
  if ((m = /^#\/tasks\/(\d+)\/edit$/.exec(hash))) return { view: 'task-form', id: m[1] };
  if ((m = /^#\/tasks\/(\d+)$/.exec(hash))) return { view: 'task', id: m[1] };
  if ((m = /^#\/monitors(?:\/(\d+))?$/.exec(hash))) return { view: 'monitors', id: m[1] ?? null };
  if (hash === '#/events') return { view: 'events', id: null };
  return { view: 'tasks', id: null };
}

let route = currentRoute();

async function showRoute() {
  route = currentRoute();
  for (const v of document.querySelectorAll('[data-view]')) v.hidden = v.dataset.view !== route.view;
  const section = route.view === 'task' || route.view === 'task-form' ? 'tasks' : route.view;
  for (const a of document.querySelectorAll('[data-view-link]')) {
    if (a.dataset.viewLink === section) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (route.view === 'events') live.start();
  else live.stop();
  if (route.view === 'monitors' && route.id !== null) monitors.select(route.id);
  if (route.view === 'task-form') {
    if (route.id === null) taskForm.openNew();
    else await openEdit(route.id);
  }
  rendered.delete('task-detail');
  rendered.delete('task-runs');
  void refresh();
}

async function openEdit(id) {
  try {
    taskForm.openEdit(await api(`/v1/tasks/${id}`));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return signOut('Your key is no longer valid; sign in again.');
    notify(`Task ${id}: ${err.message}`, true);
    navigate(`#/tasks/${id}`);
  }
}

function navigate(hash) {
  if (window.location.hash === hash) void showRoute();
  else window.location.hash = hash;
}

window.addEventListener('hashchange', () => {
  if (storedKey() !== null) void showRoute();
});

// ---- polling -------------------------------------------------------------------------------------------------

let timer = null;
let session = 0; // bumped on every sign-in and sign-out, so a refresh of an old session changes nothing
let running = null;
let again = false;

function startPolling() {
  session += 1;
  resetSections();
}

function stopPolling() {
  session += 1;
  clearTimeout(timer);
  resetSections();
}

/** Refreshes what the visible view shows. */
function refreshView(mine) {
  if (route.view === 'tasks') return tasks.refreshList(mine);
  if (route.view === 'task') return tasks.refreshDetail(mine, route.id);
  if (route.view === 'monitors') return monitors.refresh(mine);
  return null;
}

/**
 * One refresh of the visible view; the next is scheduled when this one ends, so refreshes never overlap. A refresh
 * asked for while one runs (after a button) happens right after it.
 */
async function refresh() {
  if (running !== null) {
    again = true;
    return;
  }
  clearTimeout(timer);
  const mine = session;
  running = Promise.resolve(refreshView(mine));
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
  if (mine === session && storedKey() !== null) timer = setTimeout(refresh, POLL_MS);
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
  for (const id of ['tasks', 'runs', 'task-runs', 'task-facts', 'task-next', 'task-next-notes']) $(id).replaceChildren();
  monitors.reset();
}

// ---- start ---------------------------------------------------------------------------------------------------

const onUnauthorized = () => signOut('Your key is no longer valid; sign in again.');
const tasks = setUpTasks({ renderIfChanged, refresh: () => void refresh(), notify, navigate: (hash) => navigate(hash) });
const taskForm = setUpTaskForm({
  onSaved: (task, created) => {
    notify(`${created ? 'Created' : 'Saved'} task ${task.id}.`);
    navigate(`#/tasks/${task.id}`);
  },
  onUnauthorized,
});
const monitors = setUpMonitors({ renderIfChanged, refresh: () => void refresh(), notify, onUnauthorized });
const live = setUpLiveEvents({ onUnauthorized });
if (storedKey() === null) showSignIn();
else showDashboard();
