/**
 * Sorts a Float64Array ascending in place. Above a few thousand values this is an LSD radix sort on the IEEE-754
 * bits (4 passes of 16 bits), several times faster than the built-in comparison sort on a million scores; below
 * that the built-in sort wins. NaN never reaches here (inputs are validated).
 * @internal
 */
export function sortScores(values: Float64Array): void {
  const n = values.length;
  if (n < 4096) {
    values.sort();
    return;
  }
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  // Map bits so unsigned order equals numeric order: flip negatives entirely, set the sign bit of positives.
  for (let i = 0; i < n; i++) {
    const l = words[2 * i];
    const h = words[2 * i + 1];
    if (h & 0x80000000) {
      lo[i] = ~l >>> 0;
      hi[i] = ~h >>> 0;
    } else {
      lo[i] = l;
      hi[i] = (h | 0x80000000) >>> 0;
    }
  }
  let lo2 = new Uint32Array(n);
  let hi2 = new Uint32Array(n);
  const counts = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const key = pass < 2 ? lo : hi;
    const shift = pass % 2 === 0 ? 0 : 16;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(key[i] >>> shift) & 0xffff]++;
    // A pass where every value has the same digit changes nothing (common for the high bits of probabilities).
    if (counts[(key[0] >>> shift) & 0xffff] === n) continue;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const j = counts[(key[i] >>> shift) & 0xffff]++;
      lo2[j] = lo[i];
      hi2[j] = hi[i];
    }
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
  }
  for (let i = 0; i < n; i++) {
    const h = hi[i];
    if (h & 0x80000000) {
      words[2 * i] = lo[i];
      words[2 * i + 1] = (h & 0x7fffffff) >>> 0;
    } else {
      words[2 * i] = ~lo[i] >>> 0;
      words[2 * i + 1] = ~h >>> 0;
    }
  }
}
