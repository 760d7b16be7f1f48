// The Analytics section: per-guild views over /api/analytics/* (mounted only when analytics is on).
import * as f from './format.js';
import { getJson, Unauthorized } from './api.js';
import { barChart } from './charts.js';

const GUILD = /^[0-9]{1,20}$/;
/** Ranges up to this many days are drawn per hour: one or two daily bars say nothing about a day. */
const HOURLY_MAX_DAYS = 2;
const HOUR_MS = 3600000;
let config = null;
let started = false;
let lastVolume = null;
let shownGuild = null;
/** Guild names from the bot's cache, by id, as the server last sent them (absent: the id is shown). */
const names = new Map();

function $(id) {
  return document.getElementById(id);
}

function show(id, on) {
  $(id).classList.toggle('hidden', !on);
}

/** A guild as the page shows it: "name (id)" when the bot knows the name, else the id. Text only, never HTML. */
function guildLabel(guild) {
  const name = names.get(guild);
  return name ? `${name} (${guild})` : guild;
}

function emptyState(text) {
  $('analytics-empty').textContent = text;
  show('analytics-empty', true);
  show('analytics-body', false);
}

export function configure(cfg) {
  config = cfg;
  started = false;
  shownGuild = null;
}

/** Called whenever the Analytics tab is shown. */
export function enter() {
  if (!config) return;
  if (!config.analytics_enabled) {
    emptyState(config.analytics_requested
      ? 'Analytics is configured, but no analytics store is available: check that the argus-sink-clickhouse module is installed and that clickhouse_dsn is valid (see the log).'
      : 'Analytics off: set enable_per_guild and clickhouse_dsn, with a dashboard_auth_token.');
    return;
  }
  if (!config.auth_required) {
    emptyState('Analytics needs a dashboard_auth_token: per-guild data is never served without one. Set ARGUS_DASHBOARD_AUTH_TOKEN and open this page with ?token=… once.');
    return;
  }
  show('analytics-empty', false);
  show('analytics-body', true);
  if (!started) {
    started = true;
    loadTopGuilds();
  }
  // A link such as #analytics?guild=123 opens that guild.
  const fromHash = new URLSearchParams(window.location.hash.split('?')[1] || '').get('guild');
  if (fromHash && GUILD.test(fromHash) && fromHash !== shownGuild) {
    $('guild-input').value = fromHash;
    load();
  } else if (lastVolume) {
    drawVolume();
  }
}

export function install() {
  $('analytics-form').addEventListener('submit', (e) => {
    e.preventDefault();
    load();
  });
  $('range').addEventListener('change', () => {
    if (GUILD.test($('guild-input').value.trim())) load();
    loadTopGuilds();
  });
}

async function loadTopGuilds() {
  const box = $('top-guilds');
  try {
    const body = await getJson('/api/analytics/top-guilds', { days: $('range').value, limit: 12 });
    const rows = body.rows || [];
    const list = $('guild-list');
    list.replaceChildren();
    box.replaceChildren();
    if (!rows.length) {
      const none = document.createElement('span');
      none.className = 'muted';
      none.textContent = 'No guild has interactions in this range yet.';
      box.appendChild(none);
      return;
    }
    for (const [guild, count, name] of rows) {
      // Names arrive as data and are only ever set as text (textContent, attributes), never parsed as HTML.
      if (typeof name === 'string' && name) names.set(guild, name);
      else names.delete(guild);
      const opt = document.createElement('option');
      opt.value = guild;
      if (names.has(guild)) opt.label = names.get(guild);
      list.appendChild(opt);
      const chip = document.createElement('button');
      chip.type = 'button';
      chip.className = 'chip';
      chip.dataset.guild = guild;
      chip.textContent = `${names.get(guild) || guild} · ${f.int(count)}`;
      // A button already takes focus, Enter and Space; the title and pressed state say what it does.
      chip.title = `Show the analytics of guild ${guildLabel(guild)} (${f.int(count)} interactions in this range)`;
      chip.setAttribute('aria-pressed', String(guild === shownGuild));
      chip.addEventListener('click', () => {
        $('guild-input').value = guild;
        load();
      });
      box.appendChild(chip);
    }
  } catch (e) {
    if (e instanceof Unauthorized) return;
    box.replaceChildren();
    const err = document.createElement('span');
    err.className = 'error';
    err.textContent = e.message;
    box.appendChild(err);
  }
}

function error(text) {
  $('analytics-error').textContent = text || '';
  show('analytics-error', !!text);
}

async function load() {
  const guild = $('guild-input').value.trim();
  if (!GUILD.test(guild)) {
    error('A guild id is 1 to 20 digits (right-click a server in Discord with developer mode on → Copy Server ID).');
    return;
  }
  error('');
  const days = Number($('range').value);
  $('guild-load').disabled = true;
  try {
    const [volume, stats, avg, named] = await Promise.all([
      getJson('/api/analytics/interaction-volume',
        { guild_id: guild, days, bucket: days <= HOURLY_MAX_DAYS ? 'hour' : 'day' }),
      getJson('/api/analytics/command-stats', { guild_id: guild, limit: 100 }),
      getJson('/api/analytics/avg-duration', { guild_id: guild }),
      // A name is a nicety: an older server without the view still shows the guild by its id.
      getJson('/api/analytics/guild-name', { guild_id: guild }).catch((e) => {
        if (e instanceof Unauthorized) throw e;
        return {};
      }),
    ]);
    if (typeof named.guild_name === 'string' && named.guild_name) names.set(guild, named.guild_name);
    else if (named.guild_id === guild) names.delete(guild);
    // The answer says how it is grouped: a store that cannot group by hour answers per day.
    let shown = { bucket: volume.bucket === 'hour' ? 'hour' : 'day', days, rows: volume.rows || [], note: '' };
    const total = shown.rows.reduce((s, r) => s + Number(r[1] || 0), 0);
    // A long range whose interactions all fall in the last two days (a new bot, a new guild) is one
    // bar per day: the same interactions per hour show when they happened.
    if (shown.bucket === 'day' && days > HOURLY_MAX_DAYS && total > 0 && withinLastDays(shown.rows, HOURLY_MAX_DAYS)) {
      const hourly = await getJson('/api/analytics/interaction-volume',
        { guild_id: guild, days: HOURLY_MAX_DAYS, bucket: 'hour' });
      if (hourly.bucket === 'hour') {
        shown = { bucket: 'hour', days: HOURLY_MAX_DAYS, rows: hourly.rows || [],
          note: ` · all in the last ${HOURLY_MAX_DAYS * 24} hours of the ${days}-day range` };
      }
    }
    shownGuild = guild;
    for (const chip of $('top-guilds').querySelectorAll('.chip')) {
      chip.setAttribute('aria-pressed', String(chip.dataset.guild === guild));
    }
    history.replaceState(history.state, '', `#analytics?guild=${guild}`);
    render(guild, days, total, shown, stats.rows || [], avg.avg_ms);
  } catch (e) {
    if (!(e instanceof Unauthorized)) error(e.message);
  } finally {
    $('guild-load').disabled = false;
  }
}

/** Whether every day with interactions is one of the last `n` UTC days (rows: [['YYYY-MM-DD', count]]). */
function withinLastDays(rows, n) {
  const today = new Date();
  const first = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - (n - 1) * 86400000)
    .toISOString().slice(0, 10);
  return rows.every((r) => !(Number(r[1]) > 0) || String(r[0]) >= first);
}

function render(guild, days, total, volume, statRows, avgMs) {
  if (!total && !statRows.length) {
    $('analytics-none').textContent = `No interactions recorded for guild ${guildLabel(guild)} in the last ${days === 1 ? '24 hours' : days + ' days'}.`;
    show('analytics-none', true);
    show('analytics-result', false);
    return;
  }
  show('analytics-none', false);
  show('analytics-result', true);
  $('a-guild').textContent = guildLabel(guild);
  $('a-volume-unit').textContent = volume.bucket === 'hour' ? 'hour' : 'day';
  $('a-volume-note').textContent = volume.note;
  $('a-total').textContent = f.int(total);
  $('a-commands').textContent = f.int(statRows.reduce((s, r) => s + Number(r[1] || 0), 0));
  $('a-avg').textContent = f.ms(avgMs);
  lastVolume = volume;
  drawVolume();
  const body = $('command-table').tBodies[0];
  body.replaceChildren();
  for (const [command, count, avg, , p95, , errRate] of statRows) {
    const tr = document.createElement('tr');
    const cells = [command, f.int(count), f.ms(avg), f.ms(p95), f.pct(errRate)];
    cells.forEach((text, i) => {
      const td = document.createElement(i === 0 ? 'th' : 'td');
      if (i === 0) td.scope = 'row';
      else td.className = 'num';
      td.textContent = text;
      tr.appendChild(td);
    });
    if (errRate >= 0.05) tr.classList.add('bad');
    body.appendChild(tr);
  }
}

/** Every day (or hour) of the range, oldest first, with zero where there were no interactions. */
function drawVolume() {
  const { bucket, days, rows } = lastVolume;
  const bars = bucket === 'hour' ? hourBars(days, rows) : dayBars(days, rows);
  barChart($('chart-volume'), bars, { format: (v) => (Number.isInteger(v) ? f.int(v) : v.toFixed(1)),
    label: bucket === 'hour' ? 'interactions per hour' : 'interactions per day' });
}

function dayBars(days, rows) {
  const byDay = new Map(rows.map((r) => [String(r[0]), Number(r[1] || 0)]));
  const bars = [];
  const today = new Date();
  const end = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  for (let i = days - 1; i >= 0; i--) {
    const day = new Date(end - i * 86400000).toISOString().slice(0, 10);
    bars.push({ label: day, short: day.slice(5), value: byDay.get(day) || 0 });
  }
  // Days the store reports outside the window (clock skew) are still shown, at the end.
  for (const [day, v] of byDay) if (!bars.some((b) => b.label === day)) bars.push({ label: day, short: day.slice(5), value: v });
  return bars;
}

/** rows: [['2024-05-01T13:00:00Z', count]]; the last `days` × 24 UTC hours, the current one last. */
function hourBars(days, rows) {
  const byHour = new Map();
  for (const r of rows) {
    const t = Date.parse(String(r[0]));
    if (Number.isFinite(t)) byHour.set(Math.floor(t / HOUR_MS) * HOUR_MS, Number(r[1] || 0));
  }
  const label = (t) => new Date(t).toISOString().slice(0, 13).replace('T', ' ') + ':00 UTC';
  // Midnight carries the date, other hours only the hour: the axis stays short but never ambiguous.
  const short = (t) => {
    const iso = new Date(t).toISOString();
    return iso.slice(11, 13) === '00' ? iso.slice(5, 10) : iso.slice(11, 13) + 'h';
  };
  const end = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
  const bars = [];
  const seen = new Set();
  for (let i = days * 24 - 1; i >= 0; i--) {
    const t = end - i * HOUR_MS;
    seen.add(t);
    bars.push({ label: label(t), short: short(t), value: byHour.get(t) || 0 });
  }
  for (const [t, v] of byHour) if (!seen.has(t)) bars.push({ label: label(t), short: short(t), value: v });
  return bars;
}
