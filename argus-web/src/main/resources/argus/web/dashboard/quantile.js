// Quantiles over a window: the observations made between two snapshots of one cumulative histogram.
// The snapshot's own p50/p95 are since start, so after a few minutes they barely move; the difference
// of two consecutive snapshots' bucket counts is what happened in between. Pure functions, so the
// browser test can import this module and check the arithmetic directly.

/**
 * The q-quantile (0..1) of the observations between `prev` and `cur`, both {bounds, counts} as the
 * snapshot gives them (bounds ascending, the last one null for +Inf; counts cumulative per bucket).
 * Interpolates linearly inside the bucket that holds the rank, as Prometheus' histogram_quantile and
 * the server's HistogramPoint.quantile do; a rank in the +Inf bucket gives the highest finite bound.
 * Null when there is nothing to say: no previous snapshot, no observation in between, another bucket
 * layout, or counts that went back (a restart).
 */
export function windowQuantile(prev, cur, q) {
  if (!prev || !cur || !(q >= 0 && q <= 1)) return null;
  const bounds = cur.bounds;
  const a = prev.counts;
  const b = cur.counts;
  if (!Array.isArray(bounds) || !Array.isArray(a) || !Array.isArray(b) || !Array.isArray(prev.bounds)) return null;
  const n = bounds.length;
  if (n === 0 || a.length !== n || b.length !== n || prev.bounds.length !== n) return null;
  for (let i = 0; i < n; i++) if (prev.bounds[i] !== bounds[i]) return null;
  const delta = new Array(n);
  for (let i = 0; i < n; i++) {
    delta[i] = b[i] - a[i];
    if (!(delta[i] >= 0) || (i > 0 && delta[i] < delta[i - 1])) return null; // reset, or not cumulative
  }
  const count = delta[n - 1];
  if (!(count > 0)) return null;
  const rank = q * count;
  let below = 0;
  for (let i = 0; i < n; i++) {
    const c = delta[i];
    if (c >= rank) {
      const last = i === n - 1 || bounds[i] == null;
      if (last) return i === 0 ? 0 : bounds[i - 1];
      const lower = i === 0 ? 0 : bounds[i - 1];
      const inBucket = c - below;
      return inBucket === 0 ? bounds[i] : lower + (bounds[i] - lower) * (rank - below) / inBucket;
    }
    below = c;
  }
  return n >= 2 ? bounds[n - 2] : null;
}
