// The Overview section: tiles from the latest snapshot, time series kept client-side from the
// stream (rates are differences between consecutive snapshots).
import * as f from './format.js';
import { lineChart } from './charts.js';
import { windowQuantile } from './quantile.js';

const MAX_POINTS = 180;
const history = []; // [{t, o}] oldest first
const series = { interactions: [], latency: [], gateway: [], errors: [], heap: [], gc: [] };

function $(id) {
  return document.getElementById(id);
}

function set(id, text) {
  const e = $(id);
  if (e && e.textContent !== text) e.textContent = text;
}

function flag(id, cls, on) {
  const e = $(id);
  if (e) e.classList.toggle(cls, !!on);
}

function push(list, point) {
  list.push(point);
  if (list.length > MAX_POINTS) list.shift();
}

function perSecond(prev, cur, key) {
  const dt = (cur.t - prev.t) / 1000;
  const a = prev.o[key];
  const b = cur.o[key];
  if (!(dt > 0) || a == null || b == null) return null;
  return b >= a ? (b - a) / dt : 0; // a reset (restart) counts as zero, not negative
}

/** Accepts one snapshot (the JSON of /api/snapshot or one stream event). */
export function accept(snapshot) {
  const cur = { t: snapshot.ts, o: snapshot.overview || {}, s: snapshot.subsystems || null };
  const prev = history[history.length - 1];
  if (prev && cur.t <= prev.t) return; // same build seen twice (stream + poll)
  history.push(cur);
  if (history.length > MAX_POINTS) history.shift();
  if (prev) {
    push(series.interactions, { t: cur.t, v: perSecond(prev, cur, 'interactions_total') });
    push(series.gateway, { t: cur.t, v: perSecond(prev, cur, 'gateway_events_total') });
    push(series.errors, { t: cur.t, v: perSecond(prev, cur, 'command_errors_total') });
    const gc = perSecond(prev, cur, 'gc_seconds_total');
    push(series.gc, { t: cur.t, v: gc == null ? null : gc * 1000 });
  }
  // Over the last interval, not since start: a since-start p95 flattens out within minutes. No
  // point (a gap) for the first snapshot or an interval without commands.
  cur.p95 = prev ? windowMs(prev, cur, 0.95) : null;
  cur.p50 = prev ? windowMs(prev, cur, 0.5) : null;
  push(series.latency, { t: cur.t, v: cur.p95 });
  push(series.heap, { t: cur.t, v: cur.o.heap_used_bytes == null ? null : cur.o.heap_used_bytes / MIB });
  render(prev, cur);
  renderCustom(snapshot);
}

const MIB = 1024 * 1024;

function windowMs(prev, cur, q) {
  const s = windowQuantile(prev.o.command_latency, cur.o.command_latency, q);
  return s == null ? null : s * 1000;
}

/** The analytics sink (and any subsystem): off is neutral, down is red, and the reason is on the tile. */
function renderSink(cur) {
  const o = cur.o;
  const st = cur.s && cur.s.sink;
  // Older servers send no subsystems; then only the gauge is known (null: absent, so off).
  const state = st ? st.state : o.sink_up == null ? 'off' : o.sink_up ? 'up' : 'down';
  set('v-sink', state);
  flag('tile-sink', 'off', state === 'off');
  flag('tile-sink', 'bad', state === 'down');
  flag('tile-sink', 'warn', state === 'up' && o.sink_dropped_total > 0);
  const tile = $('tile-sink');
  const detail = st && st.detail ? st.detail : '';
  if (tile && tile.title !== detail) tile.title = detail;
  const dropped = `${f.int(o.sink_dropped_total == null ? 0 : o.sink_dropped_total)} dropped`;
  set('s-sink', state === 'off' ? 'not configured' : state === 'down' ? detail || dropped : dropped);
}

/** The "custom" section: one row per family the bot defined, from the same snapshot. */
function renderCustom(snapshot) {
  const names = snapshot.custom || [];
  $('custom-empty').classList.toggle('hidden', names.length > 0);
  $('custom-table').classList.toggle('hidden', names.length === 0);
  const byName = new Map((snapshot.families || []).map((fam) => [fam.name, fam]));
  const body = $('custom-rows');
  const rows = [];
  for (const name of names) {
    const fam = byName.get(name);
    if (!fam) continue;
    const points = fam.points || [];
    let value;
    if (fam.type === 'histogram') {
      const count = points.reduce((a, p) => a + (p.count || 0), 0);
      const sum = points.reduce((a, p) => a + (p.sum || 0), 0);
      const mean = count > 0 ? sum / count : null;
      value = `${f.int(count)} obs` + (mean == null ? '' : fam.unit === 'seconds' ? `, mean ${f.ms(mean * 1000)}` : `, mean ${f.rate(mean)}`);
    } else {
      value = f.rate(points.reduce((a, p) => a + (p.value || 0), 0));
    }
    const tr = document.createElement('tr');
    for (const text of [name, fam.type, String(points.length), value]) {
      const td = document.createElement('td');
      td.textContent = text; // names come from the bot: text, never HTML
      tr.appendChild(td);
    }
    tr.title = fam.help || '';
    rows.push(tr);
  }
  body.replaceChildren(...rows);
}

function render(prev, cur) {
  const o = cur.o;
  set('v-shards', o.shards_total == null ? '–' : `${f.int(o.shards_up)} / ${f.int(o.shards_total)}`);
  flag('tile-shards', 'bad', o.shards_total != null && o.shards_up < o.shards_total);
  set('s-shards', o.shards_total == null ? 'no bot attached' : o.shards_up < o.shards_total ? 'some shards are down' : 'all connected');
  set('v-guilds', f.int(o.guilds));
  set('s-uptime', o.uptime_seconds == null ? '' : 'up ' + f.duration(o.uptime_seconds));
  set('v-interactions-total', f.int(o.interactions_total));
  set('v-interactions-rate', prev ? f.rate(perSecond(prev, cur, 'interactions_total')) : '…');
  set('v-commands-total', f.int(o.commands_total));
  const errRate = o.commands_total > 0 ? o.command_errors_total / o.commands_total : null;
  set('v-error-rate', o.commands_total > 0 ? f.pct(errRate) : '–');
  flag('tile-errors', 'bad', errRate != null && errRate >= 0.05);
  set('v-p50', f.ms(cur.p50));
  set('v-p95', f.ms(cur.p95));
  flag('tile-latency', 'bad', cur.p95 != null && cur.p95 > 3000);
  const span = prev ? f.duration((cur.t - prev.t) / 1000) || '0s' : '';
  set('s-latency', !prev ? 'over each interval, from the next update'
    : cur.p95 == null ? `no commands in the last ${span}` : `over the last ${span}, from the histogram`);
  set('v-gateway-total', f.int(o.gateway_events_total));
  set('v-gateway-rate', prev ? f.rate(perSecond(prev, cur, 'gateway_events_total')) : '…');
  set('v-ratelimits', f.int(o.rest_ratelimits_total));
  const first = history[0];
  const recent = first && o.rest_ratelimits_total != null && first.o.rest_ratelimits_total != null
    ? o.rest_ratelimits_total - first.o.rest_ratelimits_total : null;
  set('s-ratelimits', recent == null ? '' : `${f.int(Math.max(0, recent))} in the last ${f.duration((cur.t - first.t) / 1000) || '0s'}`);
  flag('tile-ratelimits', 'warn', recent > 0);
  renderSink(cur);
  set('v-heap', o.heap_used_bytes == null ? 'off' : `${f.int(o.heap_used_bytes / MIB)} MiB`);
  set('s-heap', o.heap_used_bytes == null ? 'jvm_metrics is off' : o.heap_max_bytes > 0 ? `of ${f.int(o.heap_max_bytes / MIB)} MiB max` : '');
  flag('tile-heap', 'off', o.heap_used_bytes == null);
  flag('tile-gc', 'off', o.gc_seconds_total == null);
  const heapRatio = o.heap_max_bytes > 0 && o.heap_used_bytes != null ? o.heap_used_bytes / o.heap_max_bytes : null;
  flag('tile-heap', 'warn', heapRatio != null && heapRatio >= 0.85);
  const gcRate = prev ? perSecond(prev, cur, 'gc_seconds_total') : null;
  set('v-gc', o.gc_seconds_total == null ? 'off' : gcRate == null ? '…' : `${f.ms(gcRate * 1000)}/s`);
  set('s-gc', o.gc_seconds_total == null ? 'jvm_metrics is off' : `${f.int(o.gc_collections_total)} collections, ${f.ms(o.gc_seconds_total * 1000)} total`);
  flag('tile-gc', 'warn', gcRate != null && gcRate >= 0.05); // 5 % of wall time in GC
  drawCharts();
}

export function drawCharts() {
  if (document.getElementById('view-overview').classList.contains('hidden')) return;
  lineChart($('chart-interactions'), series.interactions, { format: f.rate, label: 'interactions per second' });
  lineChart($('chart-latency'), series.latency, { format: (v) => f.int(v), label: 'command p95 latency in ms, per interval',
    idle: 'no commands in this period' });
  lineChart($('chart-gateway'), series.gateway, { format: f.rate, label: 'gateway events per second' });
  lineChart($('chart-errors'), series.errors, { format: f.rate, label: 'command errors per second' });
  lineChart($('chart-heap'), series.heap, { format: (v) => f.int(v), label: 'heap used in MiB' });
  lineChart($('chart-gc'), series.gc, { format: f.rate, label: 'GC pause in ms per second' });
}
