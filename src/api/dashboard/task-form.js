/* global document, setTimeout, clearTimeout */
// The task form (#/tasks/new, #/tasks/{id}/edit) with a live schedule preview: as the schedule is typed, the API's
// POST /v1/schedules/preview lists its next times and DST notes, and its messages go next to the schedule fields.
import { api, ApiError } from './api.js';
import { BROWSER_ZONE, el, time } from './format.js';
import { clearFieldErrors, clearFormErrors, handleSubmit, numberOrText, showChosen, showFieldErrors, showResult } from './form.js';

const PREVIEW_DEBOUNCE_MS = 300;
const SCHEDULE_FIELDS = ['interval', 'cron', 'timezone', 'schedule_time'];

/** The inputs of the fields besides schedule and action, all empty (the service's defaults) on a new task. */
const OPTION_INPUTS = ['description', 'http-headers', 'retry-max-attempts', 'retry-backoff', 'retry-max-backoff', 'overlap', 'misfire', 'expires_at', 'notify_before'];

const $ = (id) => document.getElementById(id);

/**
 * Wires the form up; `onSaved(task, created)` after a 2xx, `onUnauthorized()` when the key has stopped working.
 * Returns `openNew()` and `openEdit(task)`, which the router calls.
 */
export function setUpTaskForm({ onSaved, onUnauthorized }) {
  const form = $('task-form');
  $('expires-zone').textContent = `(${BROWSER_ZONE})`;
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
    for (const id of ['title', 'interval', 'cron', 'schedule_time', 'http-url', 'lines', ...OPTION_INPUTS]) $(id).value = '';
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
  if ($('action-kind').value === 'http') {
    const headers = headerFields($('http-headers').value);
    return { http: { method: $('http-method').value, url: $('http-url').value.trim(), ...(Object.keys(headers).length === 0 ? {} : { headers }) } };
  }
  return { lines: $('lines').value.split(/[\s,]+/).filter((l) => l !== '') };
}

/**
 * Headers from "Name: value" lines, split at the first colon; a line without one is a name with an empty value.
 * Names go as typed, so the service names a bad one (its field is http.headers.<Name>).
 */
export function headerFields(text) {
  const headers = {};
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    const name = (colon === -1 ? line : line.slice(0, colon)).trim();
    headers[name] = colon === -1 ? '' : line.slice(colon + 1).trim();
  }
  return headers;
}

/** Headers as the form's lines. */
const headerLines = (headers) => Object.entries(headers ?? {}).map(([k, v]) => `${k}: ${v}`).join('\n');

/** A number when it reads as one (3, 1.5), else the text as typed for the service to judge. */
function decimalOrText(input) {
  const v = input.value.trim();
  return /^\d+(\.\d+)?$/.test(v) ? Number(v) : v;
}

/** The retry policy typed: only the fields filled in (the others keep the service's defaults); null when none is. */
function retryFields() {
  const retry = {};
  if ($('retry-max-attempts').value.trim() !== '') retry.max_attempts = numberOrText($('retry-max-attempts'));
  if ($('retry-backoff').value.trim() !== '') retry.backoff_s = decimalOrText($('retry-backoff'));
  if ($('retry-max-backoff').value.trim() !== '') retry.max_backoff_s = decimalOrText($('retry-max-backoff'));
  return Object.keys(retry).length === 0 ? null : retry;
}

/** The deadline typed: datetime-local in the browser's zone, sent as the instant it names; anything else as typed. */
function expiresAtField() {
  const v = $('expires_at').value;
  if (v === '') return null;
  const d = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?$/.test(v) ? new Date(v) : null;
  return d !== null && !Number.isNaN(d.getTime()) ? d.toISOString() : v;
}

/** The fields besides schedule and action that are filled in (an empty one is left to the service's default). */
function optionFields() {
  const body = {};
  const description = $('description').value.trim();
  if (description !== '') body.description = description;
  const retry = retryFields();
  if (retry !== null) body.retry = retry;
  if ($('overlap').value !== '') body.overlap = $('overlap').value;
  if ($('misfire').value !== '') body.misfire = $('misfire').value;
  const expiresAt = expiresAtField();
  if (expiresAt !== null) body.expires_at = expiresAt;
  if ($('notify_before').value.trim() !== '') body.notify_before = numberOrText($('notify_before'));
  return body;
}

/** The JSON body of POST /v1/tasks from the visible inputs; values go as typed, so the service names bad ones. */
function taskBody() {
  const title = $('title').value.trim();
  return { ...(title === '' ? {} : { title }), ...scheduleFields(), ...actionFields(), ...optionFields() };
}

/**
 * The PATCH body: only what the form changed, since any schedule field re-anchors the timing and any action field
 * replaces the whole action. An HTTP action keeps the fields the form does not show (body, expectations); secret
 * header values come back as "***", which keeps them. A cleared field goes as null (the service's default again).
 */
function changedFields(task) {
  const body = {};
  const title = $('title').value.trim();
  if (title !== (task.title ?? '')) body.title = title === '' ? null : title;
  const description = $('description').value.trim();
  if (description !== (task.description ?? '')) body.description = description === '' ? null : description;
  const retry = retryFields();
  if (JSON.stringify(retry) !== JSON.stringify(task.retry)) body.retry = retry;
  // "default" leaves the policy as it is: these two have no null (a task always has one).
  for (const name of ['overlap', 'misfire']) if ($(name).value !== '' && $(name).value !== task[name]) body[name] = $(name).value;
  const expiresAt = expiresAtField();
  const sameSecond = (a, b) => Math.floor(Date.parse(a) / 1000) === Math.floor(Date.parse(b) / 1000);
  if (task.expires_at === null ? expiresAt !== null : expiresAt === null || !sameSecond(expiresAt, task.expires_at)) body.expires_at = expiresAt;
  if ($('notify_before').value.trim() !== String(task.notify_before)) body.notify_before = $('notify_before').value.trim() === '' ? null : numberOrText($('notify_before'));
  const before = formValuesOf(task);
  const schedule = scheduleFields();
  if (JSON.stringify(schedule) !== JSON.stringify(before.schedule)) Object.assign(body, schedule);
  const action = actionFields();
  if (JSON.stringify(action) !== JSON.stringify(before.action)) {
    if (action.http !== undefined && task.action?.type === 'http') {
      const kept = Object.fromEntries(Object.entries(task.action).filter(([k]) => k !== 'type'));
      body.http = { ...kept, ...action.http, headers: action.http.headers ?? {} };
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
  $('http-headers').value = a?.type === 'http' ? headerLines(a.headers) : '';
  $('description').value = task.description ?? '';
  $('retry-max-attempts').value = String(task.retry.max_attempts);
  $('retry-backoff').value = String(task.retry.backoff_s);
  $('retry-max-backoff').value = String(task.retry.max_backoff_s);
  $('overlap').value = task.overlap;
  $('misfire').value = task.misfire;
  $('expires_at').value = task.expires_at === null ? '' : wallTime(task.expires_at, BROWSER_ZONE);
  $('notify_before').value = String(task.notify_before);
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
  if (a?.type === 'http') {
    const headers = headerFields(headerLines(a.headers));
    action = { http: { method: a.method, url: a.url, ...(Object.keys(headers).length === 0 ? {} : { headers }) } };
  }
  else if (a?.type === 'tfl_line_status') action = { lines: a.lines };
  return { schedule, action };
}

/** An instant as the wall-clock time of `zone`, in datetime-local's "YYYY-MM-DDTHH:MM:SS". */
function wallTime(iso, zone) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(iso));
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}
