/* global document, fetch, AbortController, TextDecoderStream, setTimeout, clearTimeout */
// The live events view: GET /v1/events/stream read with fetch, so the key travels in the Authorization header (an
// EventSource cannot send one, and keys never go into URLs). After a drop it reconnects with Last-Event-ID, so no
// event is missed or shown twice. Newest first; each event as a sentence, its full data one click away.
import { api, storedKey } from './api.js';
import { el, time } from './format.js';
import { eventSummary, eventTone } from './event-summary.js';

const KEPT = 200; // events kept on the page
const BACKLOG = 20; // the newest events shown when the view opens, before the stream's new ones
const DEFAULT_RETRY_MS = 2000;

const $ = (id) => document.getElementById(id);

/**
 * Splits Server-Sent Events text into messages. Feed it chunks; it calls `onMessage({id, event, data})` for every
 * complete message and `onRetry(ms)` for a retry field. Comments (": keep-alive") are skipped.
 */
export function sseParser({ onMessage, onRetry }) {
  let buffer = '';
  let message = { id: null, event: 'message', data: [] };
  const line = (text) => {
    if (text === '') {
      if (message.data.length > 0) onMessage({ id: message.id, event: message.event, data: message.data.join('\n') });
      message = { id: null, event: 'message', data: [] };
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    const value = colon === -1 ? '' : text.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') message.data.push(value);
    else if (field === 'id') message.id = value;
    else if (field === 'event') message.event = value;
    else if (field === 'retry' && /^\d+$/.test(value)) onRetry(Number(value));
  };
  return (chunk) => {
    buffer += chunk;
    const lines = buffer.split(/\r\n|\r|\n/);
    buffer = lines.pop() ?? '';
    for (const l of lines) line(l);
  };
}

/** Wires the live view up; `onUnauthorized()` when the key stops working. Returns `{start(), stop()}`. */
export function setUpLiveEvents({ onUnauthorized }) {
  let controller = null;
  let lastId = null; // the last event id shown: where a reconnection resumes
  let retryMs = DEFAULT_RETRY_MS;
  let retryTimer = null;

  /** The filter only hides: every event is kept, so changing it back shows them again. */
  const shownType = (type) => type.startsWith($('event-filter').value);
  $('event-filter').addEventListener('change', () => {
    for (const item of $('events').children) item.hidden = !shownType(item.dataset.type);
  });

  const setState = (state, text) => {
    $('live-state').dataset.state = state;
    $('live-state').textContent = text;
  };

  function show(e) {
    const tone = eventTone(e.type);
    const subjectHref = e.subject.kind === 'task' ? `#/tasks/${e.subject.id}` : e.subject.kind === 'monitor' ? `#/monitors/${e.subject.id}` : null;
    const item = el(
      'li',
      { class: `event ${tone}`, 'data-event-id': e.id, 'data-type': e.type },
      el('div', { class: 'event-head' }, el('code', { 'data-testid': 'event-type' }, e.type), ' ', time(e.created_at), ' ', el('span', { class: 'hint' }, `#${e.id}`)),
      el('p', { class: 'event-summary', 'data-testid': 'event-summary' }, eventSummary(e)),
      el(
        'details',
        {},
        el('summary', {}, 'data'),
        subjectHref === null ? null : el('p', {}, el('a', { href: subjectHref }, `Open ${e.subject.kind} ${e.subject.id}`)),
        el('pre', {}, el('code', {}, JSON.stringify(e.data, null, 2))),
      ),
    );
    item.hidden = !shownType(e.type);
    $('events').prepend(item);
    while ($('events').children.length > KEPT) $('events').lastElementChild.remove();
  }

  async function connect(mine) {
    if (lastId === null) {
      const backlog = await newestEvents();
      if (mine !== controller) return;
      // The stream resumes after the newest one shown; the newest page stops where the stream can start.
      lastId = backlog[0]?.id ?? 0;
      for (const e of [...backlog].reverse()) show(e);
    }
    if (mine !== controller) return;
    const headers = { accept: 'text/event-stream', authorization: `Bearer ${storedKey() ?? ''}`, 'last-event-id': String(lastId) };
    const res = await fetch('/v1/events/stream', { headers, signal: mine.signal, cache: 'no-store' });
    if (res.status === 401) {
      stop();
      onUnauthorized();
      return;
    }
    if (!res.ok || res.body === null) throw new Error(`the stream answered HTTP ${res.status}`);
    setState('live', 'live');
    const feed = sseParser({
      onRetry: (ms) => (retryMs = ms),
      onMessage: (m) => {
        const id = Number(m.id);
        if (m.id === null || !Number.isSafeInteger(id) || id <= lastId) return;
        lastId = id;
        show(JSON.parse(m.data));
      },
    });
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      feed(value);
    }
  }

  /** Keeps a stream open until stop(): after every end or failure, waits `retry` and resumes after lastId. */
  async function run(mine) {
    while (mine === controller) {
      setState('connecting', lastId === null ? 'connecting…' : 'reconnecting…');
      try {
        await connect(mine);
        if (mine !== controller) return;
        setState('dropped', 'connection ended; reconnecting shortly');
      } catch (err) {
        if (mine !== controller) return;
        setState('dropped', `connection lost (${err.message}); reconnecting shortly`);
      }
      await new Promise((resolve) => {
        retryTimer = setTimeout(resolve, retryMs);
      });
    }
  }

  function start() {
    if (controller !== null) return;
    controller = new AbortController();
    void run(controller);
  }

  function stop() {
    controller?.abort();
    controller = null;
    clearTimeout(retryTimer);
    setState('idle', 'not connected');
  }

  return {
    start,
    stop,
    /** Forgets everything shown (sign-out, another key). */
    reset() {
      stop();
      lastId = null;
      $('events').replaceChildren();
    },
  };
}

/** The newest few events (up to BACKLOG), newest first: the view opens with some context, not the whole history. */
async function newestEvents() {
  const page = await api(`/v1/events?order=desc&limit=${BACKLOG}`);
  return page.items;
}
