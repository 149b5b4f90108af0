/**
 * A small seeded pseudo-random generator (mulberry32) with the draws the simulator needs.
 * churnkit never uses Math.random: the same seed must give the same platform on every runtime.
 * @internal
 */
export class Random {
  private state: number;
  private spare = Number.NaN;

  /** @param seed Any 32-bit integer; other numbers are folded into one. */
  constructor(seed: number) {
    this.state = foldSeed(seed);
  }

  /** A uniform draw in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A uniform draw in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** A standard normal draw (Box-Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = Number.NaN;
      return s;
    }
    const u = 1 - this.next(); // (0, 1]: log(u) is finite
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** A Poisson draw; exact (Knuth) for small means, a rounded normal for large ones. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k += 1;
      p *= this.next();
    }
    return k;
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}

/**
 * A well-mixed 32-bit seed for stream `index` of a run seeded with `seed`, so every simulated user
 * draws from an independent stream and users can be generated one at a time, in any order.
 * @internal
 */
export function streamSeed(seed: number, index: number): number {
  let h = foldSeed(seed) ^ Math.imul(index + 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Folds any finite number (including fractions and values above 2^32) into 32 bits. */
function foldSeed(seed: number): number {
  if (Number.isInteger(seed) && Math.abs(seed) < 2 ** 31) return seed | 0;
  const text = String(seed);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** The logistic function. @internal */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
