import { describe, expect, it } from 'vitest';
import { fitCalibration } from '../../examples/real-data/evaluate.js';
import { mulberry32 } from '../helpers/mulberry32.js';

describe('examples calibration (Platt on log-odds)', () => {
  it('leaves already calibrated probabilities nearly unchanged and fixes over-confident ones', () => {
    const u = mulberry32(7);
    const n = 20_000;
    const p = Float64Array.from({ length: n }, () => 0.5 + 0.49 * u());
    const y = Float64Array.from(p, (q) => (u() < q ? 1 : 0));
    const calibrated = fitCalibration('platt', y, p)(p);
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(calibrated[i] - p[i]));
    expect(worst).toBeLessThan(0.03);
    // Over-confident scores (log-odds doubled) are pulled back towards the true probabilities.
    const logit = (q: number) => Math.log(q / (1 - q));
    const sharp = Float64Array.from(p, (q) => 1 / (1 + Math.exp(-2 * logit(q))));
    const fixed = fitCalibration('platt', y, sharp)(sharp);
    let before = 0;
    let after = 0;
    for (let i = 0; i < n; i++) {
      before += Math.abs(sharp[i] - p[i]);
      after += Math.abs(fixed[i] - p[i]);
    }
    expect(after / n).toBeLessThan(0.01);
    expect(before / n).toBeGreaterThan(0.03);
  });
});
