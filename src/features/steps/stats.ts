/** At most this many values are sorted for a quantile; larger inputs use an even-stride sample. */
const MAX_SORTED = 200_000;

/**
 * Quantiles (linear interpolation) of the finite values of `values` where `keep` (if given) is
 * non-zero. Deterministic: large inputs are sampled with a fixed stride, never at random.
 * Returns NaN for each quantile when there are no values.
 * @internal
 */
export function quantiles(values: ArrayLike<number>, qs: readonly number[], keep?: ArrayLike<number>): number[] {
  let count = 0;
  for (let i = 0; i < values.length; i++) if ((!keep || keep[i] !== 0) && Number.isFinite(values[i])) count++;
  if (count === 0) return qs.map(() => NaN);
  const stride = Math.max(1, Math.ceil(count / MAX_SORTED));
  const picked = new Float64Array(Math.ceil(count / stride));
  let seen = 0;
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    if ((keep && keep[i] === 0) || !Number.isFinite(values[i])) continue;
    if (seen++ % stride === 0) picked[m++] = values[i];
  }
  const sorted = picked.subarray(0, m).sort();
  return qs.map((q) => {
    const pos = q * (m - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(m - 1, lo + 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  });
}
