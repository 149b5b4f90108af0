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
  const picked = scratch(0, Math.ceil(count / stride));
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

// Reused scratch arrays, one per slot (callers that nest use different slots). Fresh typed arrays
// count as external memory in V8, and each few tens of MB of it can start a full marking of the
// heap, which holds every event object of the caller's data: with millions of events one such
// cycle costs seconds, so fit reuses these instead of allocating per column.
const scratchBuffers: Float64Array[] = [];

/**
 * A `Float64Array` view (holding stale values) of `length` values from slot `slot`, valid
 * until the next call for the same slot. Callers overwrite every value they read.
 * @internal
 */
export function scratch(slot: number, length: number): Float64Array {
  let buffer = scratchBuffers[slot];
  if (!buffer || buffer.length < length) scratchBuffers[slot] = buffer = new Float64Array(Math.max(length, Math.ceil((buffer?.length ?? 0) * 1.5)));
  return buffer.subarray(0, length);
}
