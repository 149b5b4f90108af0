import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../src/backend/index.js';
import { RecurrentKernel, type FusedCell, type FusedRecurrentActivation } from '../../src/kernels/index.js';
import { maxRelError, randomCase, tfjsReference } from './reference.js';

const TOL = 1e-5;

describe('fused recurrent kernel vs tfjs-layers (cpu backend)', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  const cases: [FusedCell, FusedRecurrentActivation, number][] = [
    ['lstm', 'sigmoid', 1], ['lstm', 'hardSigmoid', 2], ['gru', 'sigmoid', 3], ['gru', 'hardSigmoid', 4],
  ];
  // Units 6 and features 3 exercise the SIMD tails; batch 5 the row tail of the 4-row blocks.
  for (const [cell, activation, seed] of cases) {
    it(`${cell} with ${activation}: outputs and every gradient match to 1e-5 on random weights and masks`, () => {
      const before = tf.memory().numTensors;
      const c = randomCase(cell, { batch: 5, steps: 7, features: 3, units: 6 }, seed, activation);
      const ref = tfjsReference(c);
      const kernel = new RecurrentKernel();
      const lstm = cell === 'lstm';
      const f = kernel.forward({
        cell, shape: c.shape, x: c.x, mask: c.mask, recurrentActivation: activation, returnSequences: true, keepTape: true,
        weights: { kernel: c.kernel, recurrentKernel: c.recurrentKernel, bias: c.bias },
        initialH: c.h0, initialC: lstm ? c.c0 : undefined,
      });
      const g = kernel.backward(f.tape!, { dSequence: c.gSeq, dH: c.gH, dC: lstm ? c.gC : undefined });
      expect(maxRelError(f.sequence!, ref.seq)).toBeLessThan(TOL);
      expect(maxRelError(f.h, ref.h)).toBeLessThan(TOL);
      expect(maxRelError(g.dX!, ref.dX)).toBeLessThan(TOL);
      expect(maxRelError(g.dKernel, ref.dKernel)).toBeLessThan(TOL);
      expect(maxRelError(g.dRecurrentKernel, ref.dRecurrentKernel)).toBeLessThan(TOL);
      expect(maxRelError(g.dBias, ref.dBias)).toBeLessThan(TOL);
      expect(maxRelError(g.dInitialH, ref.dH0)).toBeLessThan(TOL);
      if (lstm) {
        expect(maxRelError(f.c!, ref.c!)).toBeLessThan(TOL);
        expect(maxRelError(g.dInitialC!, ref.dC0!)).toBeLessThan(TOL);
      }
      // The masked steps really were masked: some padded step carried h over unchanged.
      const { batch: N, steps: T, units: U } = c.shape;
      let carried = 0;
      for (let n = 0; n < N; n++) {
        for (let t = 1; t < T; t++) {
          if (c.mask[n * T + t] === 0 && f.sequence![(n * T + t) * U] === f.sequence![(n * T + t - 1) * U]) carried++;
        }
      }
      expect(carried).toBeGreaterThan(0);
      expect(kernel.liveBytes).toBe(0);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('without mask, initial states or sequence gradient it matches a zero-state, unmasked tfjs layer', () => {
    const c = randomCase('lstm', { batch: 9, steps: 4, features: 8, units: 16 }, 7);
    c.mask.fill(1);
    c.h0.fill(0);
    c.c0.fill(0);
    c.gSeq.fill(0);
    c.gC.fill(0);
    const ref = tfjsReference(c);
    const kernel = new RecurrentKernel();
    const f = kernel.forward({
      cell: 'lstm', shape: c.shape, x: c.x, recurrentActivation: 'sigmoid', keepTape: true,
      weights: { kernel: c.kernel, recurrentKernel: c.recurrentKernel, bias: c.bias },
    });
    expect(f.sequence).toBeUndefined();
    const g = kernel.backward(f.tape!, { dH: c.gH, inputGradient: false });
    expect(g.dX).toBeUndefined();
    expect(maxRelError(f.h, ref.h)).toBeLessThan(TOL);
    expect(maxRelError(g.dKernel, ref.dKernel)).toBeLessThan(TOL);
    expect(maxRelError(g.dRecurrentKernel, ref.dRecurrentKernel)).toBeLessThan(TOL);
    expect(maxRelError(g.dBias, ref.dBias)).toBeLessThan(TOL);
  });

  it('rejects wrong buffer sizes with a path, and a tape used twice', () => {
    const kernel = new RecurrentKernel();
    const weights = { kernel: new Float32Array(2 * 12), recurrentKernel: new Float32Array(9 * 3), bias: new Float32Array(12) };
    const shape = { batch: 1, steps: 2, features: 2, units: 3 };
    expect(() => kernel.forward({ cell: 'lstm', shape, x: new Float32Array(4), recurrentActivation: 'sigmoid', weights }))
      .toThrow(/weights\.recurrentKernel.*got 27 values, expected 36/);
    const ok = { ...weights, recurrentKernel: new Float32Array(36) };
    const f = kernel.forward({ cell: 'lstm', shape, x: new Float32Array(4), recurrentActivation: 'sigmoid', weights: ok, keepTape: true });
    kernel.backward(f.tape!, {});
    expect(() => kernel.backward(f.tape!, {})).toThrow(/already consumed/);
  });
});
