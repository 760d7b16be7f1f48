// Argus dashboard entry point: token handling, config, the live stream (with a polling fallback),
// and the two sections. Plain ES modules, no build step, no inline script (CSP).
import { adoptTokenFromUrl, save, token } from './auth.js';
import { getJson, onUnauthorized, streamUrl, Unauthorized } from './api.js';
import * as overview from './overview.js';
import * as analytics from './analytics.js';

let config = null;
let source = null;
let pollTimer = null;
let generation = 0;

function $(id) {
  return document.getElementById(id);
}

function status(text, cls) {
  const c = $('conn');
  c.textContent = text;
  c.className = 'conn' + (cls ? ' ' + cls : '');
}

function stopLive() {
  generation++;
  if (source) source.close();
  source = null;
  if (pollTimer) clearTimeout(pollTimer);
  pollTimer = null;
}

function showAuth(message) {
  stopLive();
  status('token required', 'bad');
  $('auth').classList.remove('hidden');
  $('view-overview').classList.add('hidden');
  $('view-analytics').classList.add('hidden');
  const err = $('auth-error');
  err.textContent = message || (token() ? 'That token was not accepted.' : '');
  err.classList.toggle('hidden', !err.textContent);
  $('auth-token').focus();
}

function hideAuth() {
  $('auth').classList.add('hidden');
}

function startStream() {
  const gen = generation;
  if (!('EventSource' in window)) {
    startPolling(gen);
    return;
  }
  let failures = 0;
  const es = new EventSource(streamUrl(config.stream_path));
  source = es;
  es.addEventListener('open', () => status('live', 'ok'));
  es.addEventListener('snapshot', (e) => {
    failures = 0;
    status('live', 'ok');
    try {
      overview.accept(JSON.parse(e.data));
    } catch (err) {
      // a malformed frame is skipped; the next one replaces it
    }
  });
  es.addEventListener('error', () => {
    if (gen !== generation) return;
    failures++;
    // A refused stream (401, 503 when the stream cap is reached) closes for good; a dropped one retries.
    if (es.readyState === EventSource.CLOSED || failures >= 3) {
      es.close();
      source = null;
      startPolling(gen);
    } else {
      status('reconnecting…', 'warn');
    }
  });
}

function startPolling(gen) {
  const tick = async () => {
    if (gen !== generation) return;
    try {
      overview.accept(await getJson(config.snapshot_path));
      status('polling', 'ok');
    } catch (e) {
      if (e instanceof Unauthorized) return; // the prompt is up
      status('server unreachable', 'bad');
    }
    if (gen === generation) pollTimer = setTimeout(tick, config.dashboard_interval_ms || 2000);
  };
  tick();
}

function route() {
  const which = window.location.hash.startsWith('#analytics') ? 'analytics' : 'overview';
  $('tab-overview').classList.toggle('active', which === 'overview');
  $('tab-analytics').classList.toggle('active', which === 'analytics');
  if (!$('auth').classList.contains('hidden')) return;
  $('view-overview').classList.toggle('hidden', which !== 'overview');
  $('view-analytics').classList.toggle('hidden', which !== 'analytics');
  if (which === 'analytics') analytics.enter();
  else overview.drawCharts();
}

async function start() {
  stopLive();
  try {
    config = await getJson('/api/config');
  } catch (e) {
    if (!(e instanceof Unauthorized)) {
      status('server unreachable', 'bad');
      setTimeout(start, 5000);
    }
    return;
  }
  hideAuth();
  $('version').textContent = config.version ? 'v' + config.version : '';
  $('footer-cluster').textContent = 'cluster ' + config.cluster;
  $('footer-interval').textContent = String(Math.round((config.dashboard_interval_ms || 2000) / 1000));
  $('tab-analytics').classList.toggle('off', !config.analytics_enabled);
  analytics.configure(config);
  route();
  startStream();
}

function install() {
  adoptTokenFromUrl();
  onUnauthorized(() => showAuth());
  $('auth-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const t = $('auth-token').value.trim();
    if (!t) return;
    save(t);
    $('auth-token').value = '';
    start();
  });
  window.addEventListener('hashchange', route);
  let resize = null;
  window.addEventListener('resize', () => {
    clearTimeout(resize);
    resize = setTimeout(route, 150);
  });
  analytics.install();
  start();
}

install();
