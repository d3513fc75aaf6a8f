/* global document */
// The new-monitor form: an http monitor (url, interval, regexp) or a heartbeat (period, grace), both with a
// failure threshold. Field errors of a refusal go next to their inputs through form.js, as on the task form.
import { api } from './api.js';
import { handleSubmit, numberOrText, showChosen, showResult } from './form.js';

const $ = (id) => document.getElementById(id);

const INPUTS = ['monitor-url', 'monitor-interval', 'monitor-regexp', 'monitor-period', 'monitor-grace', 'monitor-failure-threshold'];

/**
 * Wires the form up. `onCreated(monitor)` after a 2xx; `existed(id)` says whether the service returned a monitor the
 * tenant already had (same url and regexp), which it updates and reactivates rather than duplicating.
 */
export function setUpMonitorForm({ onCreated, existed, onUnauthorized }) {
  const form = $('monitor-form');
  const showType = () => showChosen(form, 'monitor-type', $('monitor-type').value);
  $('monitor-type').addEventListener('change', showType);
  showType();

  handleSubmit(form, {
    send: () => api('/v1/monitors', { method: 'POST', body: monitorBody() }),
    onSuccess: (monitor) => {
      const what = monitor.type === 'heartbeat' ? 'heartbeat monitor' : 'monitor';
      showResult(
        form,
        existed(monitor.id)
          ? `Monitor ${monitor.id} already watched this URL and regexp: updated it (and made it active).`
          : `Created ${what} ${monitor.id}.`,
      );
      for (const id of INPUTS) $(id).value = '';
      onCreated(monitor);
    },
    onUnauthorized,
    failure: 'The monitor was not created.',
  });
}

/** The JSON body of POST /v1/monitors from the visible inputs; an empty input is left out so its default applies. */
function monitorBody() {
  const type = $('monitor-type').value;
  const body = { type };
  const given = (id) => $(id).value.trim() !== '';
  const put = (field, id) => {
    if (given(id)) body[field] = numberOrText($(id));
  };
  if (type === 'http') {
    if (given('monitor-url')) body.url = $('monitor-url').value.trim();
    put('interval', 'monitor-interval');
    // Spaces can matter in a regexp: sent untrimmed.
    if (given('monitor-regexp')) body.regexp = $('monitor-regexp').value;
  } else {
    put('period', 'monitor-period');
    put('grace', 'monitor-grace');
  }
  put('failure_threshold', 'monitor-failure-threshold');
  return body;
}
