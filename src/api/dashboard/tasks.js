/* global document, window */
// The tasks views: the list with recent runs (#/tasks) and one task's page (#/tasks/{id}) with its schedule, its
// next 10 times and their DST notes, and its runs. Pause, resume, run now, edit and delete on both.
import { api, ApiError } from './api.js';
import { actionText, badge, duration, el, labelCells, scheduleText, taskZone, time } from './format.js';

const RUNS_SHOWN = 25;
const TASKS_SHOWN = 200;
const EXCERPT_CHARS = 160;

const $ = (id) => document.getElementById(id);

/**
 * Wires the task views up with the dashboard's `renderIfChanged`, `refresh()`, `notify(text, isError)` and
 * `navigate(hash)`. Returns the pollers: `refreshList(mine)` and `refreshDetail(mine, id)`.
 */
export function setUpTasks({ renderIfChanged, refresh, notify, navigate }) {
  let listed = { ids: new Set(), complete: false }; // which tasks exist, to mark runs of deleted ones
  const deletedIds = new Set(); // tasks seen deleted (gone, with runs kept): never asked for again

  async function refreshList(mine) {
    const [tasks, runs] = await Promise.all([api(`/v1/tasks?limit=${TASKS_SHOWN}`), api(`/v1/runs?limit=${RUNS_SHOWN}`)]);
    listed = { ids: new Set(tasks.items.map((t) => t.id)), complete: tasks.next_cursor === null };
    renderIfChanged(mine, 'tasks', tasks, (page) => {
      $('tasks').replaceChildren(...page.items.map(taskRow));
      labelCells($('tasks'));
      $('tasks-empty').hidden = page.items.length > 0;
      $('tasks-more').hidden = page.next_cursor === null;
      $('tasks-more').textContent = `Showing the first ${page.items.length} tasks.`;
    });
    renderIfChanged(mine, 'runs', { runs: runs.items, listed: [...listed.ids], complete: listed.complete }, () => {
      $('runs').replaceChildren(...runs.items.map(recentRunRow));
      labelCells($('runs'));
    });
  }

  function recentRunRow(r) {
    const deleted = listed.complete && !listed.ids.has(r.task_id);
    return el(
      'tr',
      { 'data-run-id': r.id, 'data-task-id': r.task_id, 'data-status': r.status },
      el('td', {}, String(r.id)),
      el('td', {}, el('a', { href: `#/tasks/${r.task_id}` }, `task ${r.task_id}`), deleted ? [' ', badge('deleted', 'run-task-deleted')] : null),
      el('td', {}, String(r.attempt)),
      el('td', {}, badge(r.status, 'run-status')),
      el('td', { 'data-testid': 'run-http-status' }, r.http_status === null ? '—' : String(r.http_status)),
      el('td', {}, duration(r.duration_ms)),
      el('td', {}, r.started_at === null ? el('span', { class: 'hint' }, 'due ', time(r.scheduled_for)) : time(r.started_at)),
      el('td', { 'data-testid': 'run-error', class: 'wrap' }, r.error ?? ''),
    );
  }

  async function refreshDetail(mine, id) {
    let task = null;
    try {
      if (!deletedIds.has(id)) task = await api(`/v1/tasks/${id}`);
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) throw err;
    }
    // The runs of a deleted task are kept: list them by task_id, which works for a deleted one too.
    const [next, runs] = await Promise.all([task === null ? null : api(`/v1/tasks/${id}/next?count=10`), api(`/v1/runs?task_id=${id}&limit=${RUNS_SHOWN}`)]);
    if (task === null && runs.items.length > 0) deletedIds.add(id);
    renderIfChanged(mine, 'task-detail', { id, task, next }, () => renderDetail(id, task, next, runs.items.length > 0));
    renderIfChanged(mine, 'task-runs', { id, runs: runs.items }, () => {
      $('task-runs').replaceChildren(...runs.items.map(taskRunRow));
      labelCells($('task-runs'));
      $('task-runs-empty').hidden = runs.items.length > 0;
    });
  }

  async function act(action, taskId, button) {
    if (action === 'edit') return navigate(`#/tasks/${taskId}/edit`);
    if (action === 'delete' && !window.confirm(`Delete task ${taskId}? Its runs and events are kept.`)) return;
    button.disabled = true;
    try {
      if (action === 'delete') await api(`/v1/tasks/${taskId}`, { method: 'DELETE' });
      else await api(`/v1/tasks/${taskId}/${action}`, { method: 'POST' });
      const done = { pause: 'paused', resume: 'resumed', trigger: 'triggered', delete: 'deleted' }[action];
      notify(`Task ${taskId} ${done}.`);
    } catch (err) {
      notify(`Task ${taskId}: ${err.message}`, true);
    } finally {
      button.disabled = false;
    }
    refresh();
  }

  const onAction = async (event) => {
    const target = event.target.closest('button[data-action]');
    if (target !== null) await act(target.dataset.action, target.dataset.taskId, target);
  };
  $('tasks').addEventListener('click', onAction);
  $('task-detail-actions').addEventListener('click', onAction);

  return { refreshList, refreshDetail };
}

/** Pause or Resume (as the state allows), Run now (when there is an action), Edit, Delete. */
function actionButtons(t) {
  const button = (action, label) => el('button', { type: 'button', 'data-action': action, 'data-task-id': t.id, 'aria-label': `${label} task ${t.id}` }, label);
  return [
    t.state === 'active' ? button('pause', 'Pause') : t.state === 'paused' ? button('resume', 'Resume') : null,
    t.action === null ? null : button('trigger', 'Run now'),
    button('edit', 'Edit'),
    button('delete', 'Delete'),
  ];
}

function lastRunText(t) {
  if (t.last_run === null) return '—';
  return el('span', {}, badge(t.last_run.status, 'task-last-run'), ' ', time(t.last_run.finished_at ?? t.last_run.started_at));
}

function taskRow(t) {
  return el(
    'tr',
    { 'data-task-id': t.id, 'data-state': t.state },
    el('td', {}, el('a', { href: `#/tasks/${t.id}`, 'data-testid': 'task-link' }, String(t.id))),
    el('td', { 'data-testid': 'task-title', class: 'wrap' }, t.title ?? ''),
    el('td', { 'data-testid': 'task-schedule', class: 'wrap' }, scheduleText(t)),
    el('td', { 'data-testid': 'task-action', class: 'wrap' }, actionText(t.action)),
    el('td', {}, badge(t.state, 'task-state')),
    el('td', { 'data-testid': 'task-next-run' }, time(t.next_run_at, taskZone(t))),
    el('td', {}, lastRunText(t)),
    el('td', { class: 'actions' }, el('div', { class: 'buttons' }, actionButtons(t))),
  );
}

function renderDetail(id, task, next, hasRuns) {
  $('task-detail-missing').hidden = task !== null;
  $('task-detail-missing').textContent = hasRuns
    ? `Task ${id} has been deleted; its runs are kept and listed below.`
    : `There is no task ${id} (it may have been deleted).`;
  const deleted = task === null && hasRuns ? [' ', badge('deleted', 'task-state')] : [];
  $('task-detail-title').replaceChildren(`Task ${id}`, task?.title ? `: ${task.title}` : '', ...deleted);
  $('task-detail-actions').replaceChildren(...(task === null ? [] : actionButtons(task)));
  if (task === null) {
    $('task-facts').replaceChildren();
    $('task-next').replaceChildren();
    $('task-next-notes').replaceChildren();
    return;
  }
  const zone = taskZone(task);
  const facts = [
    ['state', badge(task.state, 'task-state')],
    ['schedule', el('span', { 'data-testid': 'task-schedule' }, scheduleText(task))],
    ['action', el('span', { class: 'wrap' }, actionText(task.action))],
    ['next run', el('span', { 'data-testid': 'task-next-run' }, time(task.next_run_at, zone))],
    ['last run', lastRunText(task)],
  ];
  if (task.description) facts.push(['description', task.description]);
  if (task.expires_at !== null) facts.push(['deadline', time(task.expires_at)]);
  facts.push(['retries', `${task.retry.max_attempts} attempts, backoff ${task.retry.backoff_s} s (at most ${task.retry.max_backoff_s} s)`]);
  facts.push(['overlap · misfire', `${task.overlap} · ${task.misfire}`], ['created', time(task.created_at)], ['updated', time(task.updated_at)]);
  $('task-facts').replaceChildren(...facts.flatMap(([name, value]) => [el('dt', {}, name), el('dd', {}, value)]));
  $('task-next').replaceChildren(...next.next.map((iso) => el('li', {}, time(iso, zone))));
  $('task-next-notes').replaceChildren(...next.notes.map((n) => el('li', {}, n)));
}

/** How late a run started against its due time; `—` until it has. */
function lateness(r) {
  if (r.started_at === null) return '—';
  const ms = new Date(r.started_at).getTime() - new Date(r.scheduled_for).getTime();
  return ms <= 0 ? 'on time' : duration(ms);
}

/** The start of what the action returned: an HTTP body, or the TfL lines found disrupted. */
function excerpt(result) {
  if (result === null || result === undefined) return '';
  if (typeof result.body === 'string' || result.body === null) {
    if (result.binary) return `(binary, ${result.bytes} bytes)`;
    const body = result.body ?? '';
    const text = body.length > EXCERPT_CHARS ? `${body.slice(0, EXCERPT_CHARS)}…` : body;
    return result.truncated && body.length <= EXCERPT_CHARS ? `${text}… (truncated)` : text;
  }
  if (Array.isArray(result.disruptions)) return result.disrupted ? `${result.disruptions.length} disruption(s) on ${result.lines.join(', ')}` : `no disruption on ${result.lines.join(', ')}`;
  const json = JSON.stringify(result);
  return json.length > EXCERPT_CHARS ? `${json.slice(0, EXCERPT_CHARS)}…` : json;
}

function taskRunRow(r) {
  return el(
    'tr',
    { 'data-run-id': r.id, 'data-status': r.status },
    el('td', {}, String(r.id)),
    el('td', {}, String(r.attempt)),
    el('td', {}, badge(r.status, 'run-status')),
    el('td', {}, time(r.scheduled_for)),
    el('td', { 'data-testid': 'run-lateness' }, lateness(r)),
    el('td', { 'data-testid': 'run-http-status' }, r.http_status === null ? '—' : String(r.http_status)),
    el('td', {}, duration(r.duration_ms)),
    el('td', { class: 'wrap', 'data-testid': 'run-response' }, el('code', { title: typeof r.result?.body === 'string' ? r.result.body : undefined }, excerpt(r.result))),
    el('td', { class: 'wrap error', 'data-testid': 'run-error' }, r.error ?? ''),
  );
}
