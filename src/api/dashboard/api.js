/* global fetch, localStorage */
// The dashboard's only door to the service: the JSON API under /v1, with the key the user signed in with.

const KEY_STORAGE = 'tickwork.api_key';

export const storedKey = () => localStorage.getItem(KEY_STORAGE);
export const storeKey = (key) => localStorage.setItem(KEY_STORAGE, key);
export const forgetKey = () => localStorage.removeItem(KEY_STORAGE);

/** A non-2xx answer: `problem` is the RFC 9457 document (with `errors: [{field, message}]` on a 400). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** Calls the API; resolves with the parsed body (null for 204), rejects with ApiError. */
export async function api(path, { method = 'GET', body, key = storedKey() } = {}) {
  const headers = { accept: 'application/json', authorization: `Bearer ${key ?? ''}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  const text = await res.text();
  let parsed = null;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = { detail: text.slice(0, 200) };
    }
  }
  if (!res.ok) throw new ApiError(res.status, parsed);
  return parsed;
}
