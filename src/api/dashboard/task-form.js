/* global document, setTimeout, clearTimeout */
// The task form (#/tasks/new, #/tasks/{id}/edit) with a live schedule preview: as the schedule is typed, the API's
// POST /v1/schedules/preview lists its next times and DST notes, and its messages go next to the schedule fields.
import { api, ApiError } from './api.js';
import { BROWSER_ZONE, el, time } from './format.js';
import { clearFieldErrors, clearFormErrors, handleSubmit, numberOrText, showChosen, showFieldErrors, showResult } from './form.js';

const PREVIEW_DEBOUNCE_MS = 300;
const SCHEDULE_FIELDS = ['interval', 'cron', 'timezone', 'schedule_time'];

const $ = (id) => document.getElementById(id);

/**
 * Wires the form up; `onSaved(task, created)` after a 2xx, `onUnauthorized()` when the key has stopped working.
 * Returns `openNew()` and `openEdit(task)`, which the router calls.
 */
export function setUpTaskForm({ onSaved, onUnauthorized }) {
  const form = $('task-form');
  let editing = null; // the task being edited, as loaded; null when creating
  let previewTimer = null;
  let previewSeq = 0; // only the answer to the latest preview request is shown

  const showChosenFields = () => {
    showChosen(form, 'schedule', $('schedule-kind').value);
    showChosen(form, 'action-kind', $('action-kind').value);
  };
  $('schedule-kind').addEventListener('change', () => {
    showChosenFields();
    schedulePreview();
  });
  $('action-kind').addEventListener('change', showChosenFields);
  for (const id of SCHEDULE_FIELDS) $(id).addEventListener('input', schedulePreview);

  function schedulePreview() {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(() => void preview(), PREVIEW_DEBOUNCE_MS);
  }

  async function preview() {
    const seq = ++previewSeq;
    const schedule = scheduleFields();
    clearFieldErrors(form, SCHEDULE_FIELDS);
    if ((schedule.interval ?? schedule.cron ?? schedule.schedule_time) === '') return showPreview(seq, null, 'Enter a schedule to see when it runs.');
    $('preview-status').textContent = 'Asking the service…';
    try {
      const answer = await api('/v1/schedules/preview', { method: 'POST', body: { ...schedule, count: 10 } });
      showPreview(seq, answer, answer.next.length === 0 ? 'This schedule does not run again.' : '');
    } catch (err) {
      if (seq !== previewSeq) return;
      if (err instanceof ApiError && err.status === 401) return onUnauthorized();
      const unplaced = err instanceof ApiError ? showFieldErrors(form, err.problem?.errors ?? []) : [];
      showPreview(seq, null, [err.message, ...unplaced.map((e) => `${e.field}: ${e.message}`)].join(' '));
    }
  }

  function showPreview(seq, answer, status) {
    if (seq !== previewSeq) return;
    $('preview-status').textContent = status;
    $('preview-status').hidden = status === '';
    const zone = answer?.schedule?.type === 'cron' ? answer.schedule.timezone : zoneTyped();
    $('preview-times').replaceChildren(...(answer?.next ?? []).map((iso) => el('li', {}, time(iso, zone))));
    $('preview-notes').replaceChildren(...(answer?.notes ?? []).map((n) => el('li', {}, n)));
  }

  handleSubmit(form, {
    send: () => (editing === null ? api('/v1/tasks', { method: 'POST', body: taskBody() }) : api(`/v1/tasks/${editing.id}`, { method: 'PATCH', body: changedFields(editing) })),
    onSuccess: (task) => {
      const created = editing === null;
      showResult(form, created ? `Created task ${task.id}.` : `Saved task ${task.id}.`);
      if (created) resetInputs();
      else editing = task;
      onSaved(task, created);
    },
    onUnauthorized,
    failure: () => (editing === null ? 'The task was not created.' : 'The task was not saved.'),
  });

  function resetInputs() {
    for (const id of ['title', 'interval', 'cron', 'schedule_time', 'http-url', 'lines']) $(id).value = '';
    $('timezone').value = BROWSER_ZONE;
    $('http-method').value = 'GET';
    void preview();
  }

  return {
    openNew() {
      if (editing !== null) {
        editing = null;
        clearFormErrors(form);
        resetInputs();
      }
      $('task-form-title').textContent = 'New task';
      $('create-task').textContent = 'Create task';
      $('task-form-cancel').setAttribute('href', '#/tasks');
      showChosenFields();
      void preview();
    },
    openEdit(task) {
      editing = task;
      clearFormErrors(form);
      fillFrom(task);
      $('task-form-title').textContent = `Edit task ${task.id}`;
      $('create-task').textContent = 'Save task';
      $('task-form-cancel').setAttribute('href', `#/tasks/${task.id}`);
      showChosenFields();
      void preview();
    },
  };
}

/** The zone typed in the form (for a cron or a local schedule_time), else the browser's. */
function zoneTyped() {
  const tz = $('timezone').value.trim();
  return tz === '' ? BROWSER_ZONE : tz;
}

/** The schedule fields of the kind chosen, as the API takes them (for the preview and for the task). */
function scheduleFields() {
  const kind = $('schedule-kind').value;
  const tz = $('timezone').value.trim();
  if (kind === 'interval') return { interval: numberOrText($('interval')) };
  if (kind === 'cron') return tz === '' ? { cron: $('cron').value.trim() } : { cron: $('cron').value.trim(), timezone: tz };
  // datetime-local has no zone: it is sent as typed, with the zone it is meant in, and the API reads it there.
  const v = $('schedule_time').value;
  const at = /^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(v) ? `${v}:00` : v;
  return tz === '' ? { schedule_time: at } : { schedule_time: at, timezone: tz };
}

function actionFields() {
  if ($('action-kind').value === 'http') return { http: { method: $('http-method').value, url: $('http-url').value.trim() } };
  return { lines: $('lines').value.split(/[\s,]+/).filter((l) => l !== '') };
}

/** The JSON body of POST /v1/tasks from the visible inputs; values go as typed, so the service names bad ones. */
function taskBody() {
  const title = $('title').value.trim();
  return { ...(title === '' ? {} : { title }), ...scheduleFields(), ...actionFields() };
}

/**
 * The PATCH body: only what the form changed, since any schedule field re-anchors the timing and any action field
 * replaces the whole action. An HTTP action keeps the fields the form does not show (headers, body, expectations;
 * secret header values come back as "***", which keeps them).
 */
function changedFields(task) {
  const body = {};
  const title = $('title').value.trim();
  if (title !== (task.title ?? '')) body.title = title === '' ? null : title;
  const before = formValuesOf(task);
  const schedule = scheduleFields();
  if (JSON.stringify(schedule) !== JSON.stringify(before.schedule)) Object.assign(body, schedule);
  const action = actionFields();
  if (JSON.stringify(action) !== JSON.stringify(before.action)) {
    if (action.http !== undefined && task.action?.type === 'http') {
      const kept = Object.fromEntries(Object.entries(task.action).filter(([k]) => k !== 'type'));
      body.http = { ...kept, ...action.http };
    } else {
      Object.assign(body, action);
    }
  }
  return body;
}

/** Fills the inputs from a task, so the form shows it as it is. */
function fillFrom(task) {
  $('title').value = task.title ?? '';
  const s = task.schedule;
  $('schedule-kind').value = s?.type === 'cron' ? 'cron' : s?.type === 'once' ? 'schedule_time' : 'interval';
  $('interval').value = s?.type === 'interval' ? String(s.seconds) : '';
  $('cron').value = s?.type === 'cron' ? s.expression : '';
  $('timezone').value = s?.type === 'cron' ? s.timezone : BROWSER_ZONE;
  $('schedule_time').value = s?.type === 'once' ? wallTime(s.at, BROWSER_ZONE) : '';
  const a = task.action;
  $('action-kind').value = a?.type === 'tfl_line_status' ? 'lines' : 'http';
  $('http-method').value = a?.type === 'http' ? a.method : 'GET';
  $('http-url').value = a?.type === 'http' ? a.url : '';
  $('lines').value = a?.type === 'tfl_line_status' ? a.lines.join(', ') : '';
}

/** What the form's fields would hold for `task` right after fillFrom (to see what the user changed). */
function formValuesOf(task) {
  const s = task.schedule;
  const a = task.action;
  let schedule = {};
  if (s?.type === 'interval') schedule = { interval: s.seconds };
  else if (s?.type === 'cron') schedule = { cron: s.expression, timezone: s.timezone };
  else if (s?.type === 'once') schedule = { schedule_time: wallTime(s.at, BROWSER_ZONE), timezone: BROWSER_ZONE };
  let action = {};
  if (a?.type === 'http') action = { http: { method: a.method, url: a.url } };
  else if (a?.type === 'tfl_line_status') action = { lines: a.lines };
  return { schedule, action };
}

/** An instant as the wall-clock time of `zone`, in datetime-local's "YYYY-MM-DDTHH:MM:SS". */
function wallTime(iso, zone) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(iso));
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}
