// Fetch helpers: every call carries the token; a 401 anywhere raises the token prompt.
import { token } from './auth.js';

export class Unauthorized extends Error {}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const listeners = new Set();

/** Called with no arguments whenever the server answers 401. */
export function onUnauthorized(fn) {
  listeners.add(fn);
}

export async function getJson(path, params) {
  const qs = params ? '?' + new URLSearchParams(params).toString() : '';
  const headers = { Accept: 'application/json' };
  const t = token();
  if (t) headers.Authorization = 'Bearer ' + t;
  let r;
  try {
    r = await fetch(path + qs, { headers, cache: 'no-store', credentials: 'omit' });
  } catch (e) {
    throw new ApiError(0, 'the Argus server is unreachable');
  }
  if (r.status === 401) {
    listeners.forEach((fn) => fn());
    throw new Unauthorized('token required');
  }
  let body = null;
  try {
    body = await r.json();
  } catch (e) {
    body = null;
  }
  if (!r.ok) {
    throw new ApiError(r.status, (body && body.error) || `request failed (${r.status})`);
  }
  return body;
}

/** The stream URL: EventSource cannot send headers, so the token rides in the query. */
export function streamUrl(path) {
  const t = token();
  return t ? `${path}?token=${encodeURIComponent(t)}` : path;
}
