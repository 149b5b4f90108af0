import { describe, expect, it } from 'vitest';
import { Metrics } from '../../src/metrics/index.js';
import { sortScores } from '../../src/metrics/sort-scores.js';

describe('sortScores (radix sort used above 4096 values)', () => {
  it('orders like the built-in numeric sort, with negatives, -0, infinities and subnormals', () => {
    const n = 50_000;
    const a = new Float64Array(n);
    let seed = 99;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const scales = [1, 1e-300, 1e300, 5e-324, 1e-3];
    for (let i = 0; i < n; i++) a[i] = (rand() - 0.4) * scales[i % scales.length];
    a.set([-0, 0, -Infinity, Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, 1, 0.5], 0);
    const expected = a.slice().sort();
    sortScores(a);
    let firstBad = -1;
    for (let i = 0; i < n && firstBad < 0; i++) if (a[i] !== expected[i]) firstBad = i;
    expect(firstBad).toBe(-1);
  });

  it('a large input gives the same AUC as a hand count of pairs on a sample', () => {
    // 15,000 users (5,000 churners, 10,000 stayers) so the radix path runs for both classes; compare with the O(n²) definition on the same data.
    const n = 15_000;
    const y: number[] = [];
    const s: number[] = [];
    for (let i = 0; i < n; i++) {
      y.push(i % 3 === 0 ? 1 : 0);
      s.push(((i * 7919) % 1000) / 1000 + (i % 3 === 0 ? 0.1 : 0));
    }
    let wins = 0;
    let pairs = 0;
    for (let i = 0; i < n; i++) {
      if (y[i] !== 1) continue;
      for (let j = 0; j < n; j++) {
        if (y[j] !== 0) continue;
        pairs++;
        wins += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
      }
    }
    expect(Metrics.rocAuc(y, s)).toBeCloseTo(wins / pairs, 14);
  });
});
