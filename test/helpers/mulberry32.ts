/**
 * The mulberry32 generator on a raw 32-bit seed: uniform draws in [0, 1), the same stream on every
 * run. Test fixtures use it directly (churnkit's public `Random` mixes its seed first, so its
 * streams differ, and fixed expectations in the tests were computed from this one).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
