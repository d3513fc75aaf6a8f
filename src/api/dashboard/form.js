/* global document, CSS */
// Forms that POST to the API: the new-task form here, and the helpers every form uses to submit and to put each
// field error of a problem document next to the input it names (monitor-form.js uses them too).
import { api, ApiError } from './api.js';
import { el } from './format.js';

const $ = (id) => document.getElementById(id);

/**
 * Submits `form` through `send()` (which calls the API and resolves with its answer): clears the last outcome,
 * disables the submit button meanwhile, and shows the problem document of a refusal next to the fields it names.
 * `onSuccess(answer)` after a 2xx, `onUnauthorized()` when the key has stopped working.
 */
export function handleSubmit(form, { send, onSuccess, onUnauthorized, failure }) {
  const button = form.querySelector('button[type="submit"]');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    button.disabled = true;
    let answer;
    try {
      answer = await send();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return onUnauthorized();
      return showFormErrors(form, err instanceof ApiError ? err.problem : { detail: err.message }, failure);
    } finally {
      button.disabled = false;
    }
    onSuccess(answer);
  });
}

/** Shows only the inputs marked `data-<name>` whose value is the chosen one (e.g. data-schedule="cron"). */
export function showChosen(form, name, chosen) {
  for (const f of form.querySelectorAll(`[data-${name}]`)) f.hidden = f.getAttribute(`data-${name}`) !== chosen;
}

/** The trimmed value of an input; digits only become a number, anything else goes as typed for the service to judge. */
export function numberOrText(input) {
  const v = input.value.trim();
  return /^\d+$/.test(v) ? Number(v) : v;
}

/** The line under a form's submit button that says what was done. */
export function showResult(form, text) {
  form.querySelector('[data-form-result]').textContent = text;
}

function clearFormErrors(form) {
  for (const slot of form.querySelectorAll('[data-error-for]')) slot.textContent = '';
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  form.querySelector('[data-other-errors]').replaceChildren();
  form.querySelector('[data-form-error]').textContent = '';
  showResult(form, '');
}

/** Puts each `{field, message}` next to the input it names; any field without a visible slot is listed below. */
function showFormErrors(form, problem, failure) {
  form.querySelector('[data-form-error]').textContent = problem?.detail ?? failure;
  for (const { field, message } of problem?.errors ?? []) {
    const slot = errorSlot(form, field);
    if (slot === null) {
      form.querySelector('[data-other-errors]').append(el('li', { 'data-error-field': field }, `${field}: ${message}`));
      continue;
    }
    slot.textContent = slot.textContent === '' ? message : `${slot.textContent}; ${message}`;
    slot.closest('.field')?.querySelector('input, select')?.setAttribute('aria-invalid', 'true');
  }
}

function errorSlot(form, field) {
  for (const name of [field, field.split('.')[0]]) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
    if (slot !== null && slot.closest('[hidden]') === null) return slot;
  }
  return null;
}

// ---- the new-task form ---------------------------------------------------------------------------------------

/** Wires the new-task form up; `onCreated(task)` after a 201, `onUnauthorized()` when the key has stopped working. */
export function setUpTaskForm({ onCreated, onUnauthorized }) {
  const form = $('task-form');
  const showChosenFields = () => {
    showChosen(form, 'schedule', $('schedule-kind').value);
    showChosen(form, 'action-kind', $('action-kind').value);
  };
  $('schedule-kind').addEventListener('change', showChosenFields);
  $('action-kind').addEventListener('change', showChosenFields);
  $('timezone').value = Intl.DateTimeFormat().resolvedOptions().timeZone ?? '';
  showChosenFields();

  handleSubmit(form, {
    send: () => api('/v1/tasks', { method: 'POST', body: taskBody() }),
    onSuccess: (task) => {
      showResult(form, `Created task ${task.id}.`);
      for (const id of ['title', 'interval', 'cron', 'schedule_time', 'http-url', 'lines']) $(id).value = '';
      onCreated(task);
    },
    onUnauthorized,
    failure: 'The task was not created.',
  });
}

/** The JSON body of POST /v1/tasks from the visible inputs; values go as typed, so the service names bad ones. */
function taskBody() {
  const body = {};
  const title = $('title').value.trim();
  if (title !== '') body.title = title;

  const kind = $('schedule-kind').value;
  if (kind === 'interval') {
    body.interval = numberOrText($('interval'));
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
