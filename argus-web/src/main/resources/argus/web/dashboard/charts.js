// Tiny SVG charts: a line chart for the live series and a bar chart for daily volume.
// Colours come from CSS classes (no inline style; the CSP forbids it).

const NS = 'http://www.w3.org/2000/svg';

function el(name, attrs, parent) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  if (parent) parent.appendChild(e);
  return e;
}

function frame(container, height) {
  const width = Math.max(160, Math.floor(container.clientWidth || 300));
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', class: 'svgchart' });
  container.replaceChildren(svg);
  return { svg, width, height };
}

function niceMax(v) {
  if (!(v > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/**
 * points: [{t: epoch ms, v: number|null}] oldest first. opts.format formats y values.
 */
export function lineChart(container, points, opts = {}) {
  const fmt = opts.format || String;
  const { svg, width, height } = frame(container, opts.height || 120);
  const pad = { l: 44, r: 8, t: 8, b: 18 };
  const vals = points.filter((p) => p.v != null && Number.isFinite(p.v));
  svg.setAttribute('aria-label', opts.label || 'chart');
  if (points.length < 2 || (vals.length < 2 && !opts.idle) || vals.length === 0) {
    // Points but no values: the series is idle (opts.idle says what that means), not still loading.
    el('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'chart-empty' }, svg).textContent =
      points.length >= 2 && opts.idle ? opts.idle : 'collecting data…';
    return;
  }
  // The time axis spans every point, valued or not, so gaps at either end stay visible as gaps.
  const t0 = points[0].t;
  const t1 = points[points.length - 1].t;
  const max = niceMax(Math.max(...vals.map((p) => p.v)));
  const x = (t) => pad.l + ((t - t0) / Math.max(1, t1 - t0)) * (width - pad.l - pad.r);
  const y = (v) => pad.t + (1 - v / max) * (height - pad.t - pad.b);
  for (const g of [0, 0.5, 1]) {
    el('line', { x1: pad.l, x2: width - pad.r, y1: y(max * g), y2: y(max * g), class: 'grid' }, svg);
    el('text', { x: pad.l - 4, y: y(max * g) + 4, 'text-anchor': 'end', class: 'axis' }, svg).textContent = fmt(max * g);
  }
  const span = Math.round((t1 - t0) / 1000);
  el('text', { x: pad.l, y: height - 4, class: 'axis' }, svg).textContent = `-${span}s`;
  el('text', { x: width - pad.r, y: height - 4, 'text-anchor': 'end', class: 'axis' }, svg).textContent = 'now';
  // A null point (no data for that interval, e.g. no commands) breaks the line instead of being
  // bridged, so an idle stretch does not look like a steady value.
  const runs = [];
  let run = [];
  for (const p of points) {
    if (p.v != null && Number.isFinite(p.v)) {
      run.push(p);
    } else if (run.length) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length) runs.push(run);
  let d = '';
  let area = '';
  for (const r of runs) {
    let seg = '';
    r.forEach((p, i) => {
      seg += (i ? 'L' : 'M') + x(p.t).toFixed(1) + ' ' + y(p.v).toFixed(1);
    });
    d += seg;
    if (r.length === 1) el('circle', { cx: x(r[0].t), cy: y(r[0].v), r: 2, class: 'dot' }, svg); // a lone value
    area += seg + `L${x(r[r.length - 1].t).toFixed(1)} ${y(0)}L${x(r[0].t).toFixed(1)} ${y(0)}Z`;
  }
  el('path', { d: area, class: 'area' }, svg);
  el('path', { d, class: 'line' }, svg);
  const last = vals[vals.length - 1];
  el('circle', { cx: x(last.t), cy: y(last.v), r: 3, class: 'dot' }, svg);
}

/**
 * bars: [{label: string, value: number}] in display order.
 */
export function barChart(container, bars, opts = {}) {
  const fmt = opts.format || String;
  const { svg, width, height } = frame(container, opts.height || 180);
  svg.setAttribute('aria-label', opts.label || 'bar chart');
  const pad = { l: 44, r: 8, t: 8, b: 22 };
  if (!bars.length) {
    el('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'chart-empty' }, svg).textContent = 'no data';
    return;
  }
  const max = niceMax(Math.max(...bars.map((b) => b.value)));
  const innerW = width - pad.l - pad.r;
  const step = innerW / bars.length;
  const bw = Math.max(1, step * 0.75);
  const y = (v) => pad.t + (1 - v / max) * (height - pad.t - pad.b);
  for (const g of [0, 0.5, 1]) {
    el('line', { x1: pad.l, x2: width - pad.r, y1: y(max * g), y2: y(max * g), class: 'grid' }, svg);
    el('text', { x: pad.l - 4, y: y(max * g) + 4, 'text-anchor': 'end', class: 'axis' }, svg).textContent = fmt(max * g);
  }
  const labelEvery = Math.max(1, Math.ceil(bars.length / Math.max(1, Math.floor(innerW / 56))));
  bars.forEach((b, i) => {
    const x = pad.l + i * step + (step - bw) / 2;
    const r = el('rect', { x: x.toFixed(1), y: y(b.value).toFixed(1), width: bw.toFixed(1),
      height: Math.max(0, y(0) - y(b.value)).toFixed(1), class: 'bar' }, svg);
    el('title', {}, r).textContent = `${b.label}: ${fmt(b.value)}`;
    if (i % labelEvery === 0) {
      el('text', { x: (x + bw / 2).toFixed(1), y: height - 6, 'text-anchor': 'middle', class: 'axis' }, svg)
        .textContent = b.short || b.label;
    }
  });
}
