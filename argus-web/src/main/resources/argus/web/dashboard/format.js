// Number formatting for the dashboard. No dependencies.

const INT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function int(n) {
  return n == null || !Number.isFinite(n) ? '–' : INT.format(n);
}

export function rate(n) {
  if (n == null || !Number.isFinite(n)) return '–';
  if (n === 0) return '0';
  if (n < 10) return n.toFixed(2);
  if (n < 100) return n.toFixed(1);
  return INT.format(n);
}

export function ms(n) {
  if (n == null || !Number.isFinite(n)) return '–';
  if (n >= 10000) return (n / 1000).toFixed(1) + ' s';
  if (n >= 1000) return (n / 1000).toFixed(2) + ' s';
  if (n >= 100) return n.toFixed(0) + ' ms';
  return n.toFixed(1) + ' ms';
}

export function pct(ratio) {
  if (ratio == null || !Number.isFinite(ratio)) return '–';
  const p = ratio * 100;
  return (p === 0 ? '0' : p < 1 ? p.toFixed(2) : p.toFixed(1)) + ' %';
}

export function duration(seconds) {
  if (seconds == null || !Number.isFinite(seconds)) return '';
  let s = Math.floor(seconds);
  const d = Math.floor(s / 86400); s -= d * 86400;
  const h = Math.floor(s / 3600); s -= h * 3600;
  const m = Math.floor(s / 60); s -= m * 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}
