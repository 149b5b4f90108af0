import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { fileURLToPath } from 'node:url';
import { readOulad, ouladSnapshot } from '../../src/adapters/index.js';
import { useBackend } from '../../src/backend/index.js';
import { runOulad } from '../../examples/real-data/oulad-experiment.js';

const DIR = fileURLToPath(new URL('../fixtures/oulad-mini/', import.meta.url));

describe('examples/oulad (small run on the fixture)', () => {
  it('trains and evaluates at day 30 and day 60, reporting AUC, PR AUC and the share withdrawn', async () => {
    await useBackend('cpu');
    const before = tf.memory().numTensors;
    const result = await runOulad({ data: DIR, cutoffs: [30, 60], epochs: 1, units: 4, xgboost: false, verbose: 0, backend: 'cpu' });
    const data = await readOulad(DIR);
    expect(result.fixture).toBe(true);
    expect(result.cutoffs.map((c) => c.cutoffDay)).toEqual([30, 60]);
    for (const c of result.cutoffs) {
      const test = ouladSnapshot(data, { cutoffDay: c.cutoffDay, presentations: (p) => p.startsWith('2014') });
      const share = test.withdrawn.reduce((s, v) => s + v, 0) / test.withdrawn.length;
      expect(c.test.n).toBe(test.enrolments.length);
      expect(c.test.withdrawnShare).toBeCloseTo(share, 4);
      for (const s of [c.churnLSTM, c.logistic]) {
        expect(s.n).toBe(test.enrolments.length);
        expect(s.positiveRate).toBeCloseTo(share, 4);
        expect(s.auc).toBeGreaterThanOrEqual(0);
        expect(s.auc).toBeLessThanOrEqual(1);
        expect(s.prAuc).toBeGreaterThan(0);
        expect(Number.isFinite(s.logLoss)).toBe(true);
      }
      expect(c.xgboost).toEqual({ skipped: 'disabled' });
    }
    // Every model was disposed: nothing is left behind by the run.
    expect(tf.memory().numTensors).toBe(before);
  });
});
