/* global document, CSS */
// The new-task form: builds the JSON of POST /v1/tasks from the visible inputs and puts every field error of the
// problem document next to the input it names.
import { api, ApiError } from './api.js';
import { el } from './format.js';

const $ = (id) => document.getElementById(id);
const form = $('task-form');

/** Wires the form up; `onCreated(task)` after a 201, `onUnauthorized()` when the key has stopped working. */
export function setUpTaskForm({ onCreated, onUnauthorized }) {
  $('schedule-kind').addEventListener('change', showChosenFields);
  $('action-kind').addEventListener('change', showChosenFields);
  $('timezone').value = Intl.DateTimeFormat().resolvedOptions().timeZone ?? '';
  showChosenFields();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFormErrors();
    $('create-task').disabled = true;
    try {
      const task = await api('/v1/tasks', { method: 'POST', body: taskBody() });
      $('form-result').textContent = `Created task ${task.id}.`;
      for (const id of ['title', 'interval', 'cron', 'schedule_time', 'http-url', 'lines']) $(id).value = '';
      onCreated(task);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return onUnauthorized();
      showFormErrors(err instanceof ApiError ? err.problem : { detail: err.message });
    } finally {
      $('create-task').disabled = false;
    }
  });
}

/** Shows only the inputs of the chosen schedule and action. */
function showChosenFields() {
  for (const f of form.querySelectorAll('[data-schedule]')) f.hidden = f.dataset.schedule !== $('schedule-kind').value;
  for (const f of form.querySelectorAll('[data-action-kind]')) f.hidden = f.dataset.actionKind !== $('action-kind').value;
}

/** The JSON body of POST /v1/tasks from the visible inputs; values go as typed, so the service names bad ones. */
function taskBody() {
  const body = {};
  const title = $('title').value.trim();
  if (title !== '') body.title = title;

  const kind = $('schedule-kind').value;
  if (kind === 'interval') {
    const v = $('interval').value.trim();
    body.interval = /^\d+$/.test(v) ? Number(v) : v;
  } else if (kind === 'cron') {
    body.cron = $('cron').value.trim();
    const tz = $('timezone').value.trim();
    if (tz !== '') body.timezone = tz;
  } else {
    // datetime-local has no zone: read it in the browser's zone and send UTC.
    const v = $('schedule_time').value;
    const d = new Date(v);
    body.schedule_time = v === '' || Number.isNaN(d.getTime()) ? v : d.toISOString();
  }

  if ($('action-kind').value === 'http') body.http = { method: $('http-method').value, url: $('http-url').value.trim() };
  else body.lines = $('lines').value.split(/[\s,]+/).filter((l) => l !== '');
  return body;
}

function clearFormErrors() {
  for (const slot of form.querySelectorAll('[data-error-for]')) slot.textContent = '';
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  $('other-errors').replaceChildren();
  $('form-error').textContent = '';
  $('form-result').textContent = '';
}

/** Puts each `{field, message}` next to the input it names; any field without a visible slot is listed below. */
function showFormErrors(problem) {
  $('form-error').textContent = problem?.detail ?? 'The task was not created.';
  for (const { field, message } of problem?.errors ?? []) {
    const slot = errorSlot(field);
    if (slot === null) {
      $('other-errors').append(el('li', { 'data-error-field': field }, `${field}: ${message}`));
      continue;
    }
    slot.textContent = slot.textContent === '' ? message : `${slot.textContent}; ${message}`;
    slot.closest('.field')?.querySelector('input, select')?.setAttribute('aria-invalid', 'true');
  }
}

function errorSlot(field) {
  for (const name of [field, field.split('.')[0]]) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
    if (slot !== null && slot.closest('[hidden]') === null) return slot;
  }
  return null;
}
