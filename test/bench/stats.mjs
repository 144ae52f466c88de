// Small statistics helpers shared by the benchmark scripts.

export function median(values) {
  return percentile(values, 50);
}

/** Percentile with linear interpolation between closest ranks (numpy's default). */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

export function round(value, digits = 2) {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function elapsedMs(startNs) {
  return Number(process.hrtime.bigint() - startNs) / 1e6;
}
