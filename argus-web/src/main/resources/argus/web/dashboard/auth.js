// The dashboard token: taken from ?token= once, kept in sessionStorage, removed from the address bar
// (so it is not bookmarked, shared or left in history), sent as Authorization: Bearer.

const KEY = 'argus.dashboard.token';

export function adoptTokenFromUrl() {
  const url = new URL(window.location.href);
  if (!url.searchParams.has('token')) return;
  const t = url.searchParams.get('token');
  if (t) save(t);
  url.searchParams.delete('token');
  const rest = url.searchParams.toString();
  window.history.replaceState(window.history.state, '', url.pathname + (rest ? '?' + rest : '') + url.hash);
}

export function token() {
  try {
    return window.sessionStorage.getItem(KEY) || '';
  } catch (e) {
    return memory;
  }
}

let memory = '';

export function save(t) {
  memory = t;
  try {
    window.sessionStorage.setItem(KEY, t);
  } catch (e) {
    // storage disabled: the token lives for this page only
  }
}

export function forget() {
  memory = '';
  try {
    window.sessionStorage.removeItem(KEY);
  } catch (e) {
    // nothing stored
  }
}
