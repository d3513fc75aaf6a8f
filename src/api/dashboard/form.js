/* global CSS */
// Forms that send to the API, and the helpers every form uses to submit and to put each field error of a problem
// document next to the input it names (monitor-form.js uses them too). The API is the one validator: values go as
// typed, and its messages are shown where they belong.
import { ApiError } from './api.js';
import { el } from './format.js';

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
      return showFormErrors(form, err instanceof ApiError ? err.problem : { detail: err.message }, typeof failure === 'function' ? failure() : failure);
    } finally {
      button.disabled = false;
    }
    onSuccess(answer);
  });
}

/** Shows only the inputs marked `data-<name>` that list the chosen value (e.g. data-schedule="cron schedule_time"). */
export function showChosen(form, name, chosen) {
  for (const f of form.querySelectorAll(`[data-${name}]`)) f.hidden = !f.getAttribute(`data-${name}`).split(/\s+/).includes(chosen);
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

export function clearFormErrors(form) {
  clearFieldErrors(form, null);
  form.querySelector('[data-other-errors]').replaceChildren();
  form.querySelector('[data-form-error]').textContent = '';
  showResult(form, '');
}

/** Empties the error slots of `fields` (null: all) and unmarks their inputs. */
export function clearFieldErrors(form, fields) {
  for (const slot of form.querySelectorAll('[data-error-for]')) {
    if (fields !== null && !fields.includes(slot.dataset.errorFor)) continue;
    slot.textContent = '';
    slot.closest('.field')?.querySelector('[aria-invalid]')?.removeAttribute('aria-invalid');
  }
}

/** Puts each `{field, message}` next to the input it names; any field without a visible slot is listed below. */
function showFormErrors(form, problem, failure) {
  form.querySelector('[data-form-error]').textContent = problem?.detail ?? failure;
  const unplaced = showFieldErrors(form, problem?.errors ?? []);
  form.querySelector('[data-other-errors]').append(...unplaced.map(({ field, message }) => el('li', { 'data-error-field': field }, `${field}: ${message}`)));
}

/** Shows the errors that have a visible slot; returns the others. */
export function showFieldErrors(form, errors) {
  const unplaced = [];
  for (const { field, message } of errors) {
    const slot = errorSlot(form, field);
    if (slot === null) {
      unplaced.push({ field, message });
      continue;
    }
    slot.textContent = slot.textContent === '' ? message : `${slot.textContent}; ${message}`;
    const input = slot.closest('.field')?.querySelector('input, select, textarea');
    input?.setAttribute('aria-invalid', 'true');
    if (slot.id === '') slot.id = `error-${form.id}-${slot.dataset.errorFor.replace(/[^\w-]/g, '-')}`;
    input?.setAttribute('aria-describedby', slot.id);
  }
  return unplaced;
}

/** The slot of `field`, else of the nearest field it is part of (http.headers.X-Y → http.headers → http). */
function errorSlot(form, field) {
  const parts = field.split('.');
  for (const name of parts.map((_, i) => parts.slice(0, parts.length - i).join('.'))) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
    if (slot !== null && slot.closest('[hidden]') === null) return slot;
  }
  return null;
}
