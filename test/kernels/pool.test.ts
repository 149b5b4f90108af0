import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecurrentKernel, type FusedCell } from '../../src/kernels/index.js';
import { RecurrentPool } from '../../src/kernels/pool/recurrent-pool.js';
import { splitRows } from '../../src/kernels/shards.js';
import { maxRelError, randomCase } from './reference.js';

describe('RecurrentPool: data-parallel fused kernel over worker_threads', () => {
  let pool: RecurrentPool;
  beforeAll(async () => {
    pool = await RecurrentPool.create(3);
  });
  afterAll(async () => {
    await pool.terminate();
  });

  it('splits rows evenly in thread order', () => {
    expect(splitRows(10, 3)).toEqual([3, 3, 4]);
    expect(splitRows(256, 2)).toEqual([128, 128]);
  });

  for (const cell of ['lstm', 'gru'] as FusedCell[]) {
    it(`${cell}: outputs and summed gradients equal the single-thread kernel's, and repeat exactly`, () => {
      const c = randomCase(cell, { batch: 11, steps: 6, features: 5, units: 8 }, 21);
      const single = new RecurrentKernel();
      const input = {
        cell, shape: c.shape, x: c.x, mask: c.mask, recurrentActivation: 'sigmoid' as const, returnSequences: true, keepTape: true,
        weights: { kernel: c.kernel, recurrentKernel: c.recurrentKernel, bias: c.bias },
      };
      const grads = { dSequence: c.gSeq, dH: c.gH };
      const a = single.forward(input);
      const ga = single.backward(a.tape!, grads);
      const runPool = () => {
        const f = pool.forward(input);
        return { f, g: pool.backward(f.tape!, grads) };
      };
      const b = runPool();
      // Inference (no tape) keeps no cache and gives the same outputs, pooled or not.
      expect(Array.from(pool.forward({ ...input, keepTape: false }).h)).toEqual(Array.from(a.h));
      expect(Array.from(single.forward({ ...input, keepTape: false }).sequence!)).toEqual(Array.from(a.sequence!));
      expect(single.liveBytes).toBe(0);
      expect(maxRelError(b.f.sequence!, a.sequence!)).toBe(0);
      expect(maxRelError(b.f.h, a.h)).toBe(0);
      expect(maxRelError(b.g.dX!, ga.dX!)).toBe(0);
      expect(maxRelError(b.g.dKernel, ga.dKernel)).toBeLessThan(1e-6);
      expect(maxRelError(b.g.dRecurrentKernel, ga.dRecurrentKernel)).toBeLessThan(1e-6);
      expect(maxRelError(b.g.dBias, ga.dBias)).toBeLessThan(1e-6);
      // Fixed summation order: a second run gives bit-identical gradients.
      const again = runPool();
      expect(Array.from(again.g.dKernel)).toEqual(Array.from(b.g.dKernel));
      expect(Array.from(again.g.dRecurrentKernel)).toEqual(Array.from(b.g.dRecurrentKernel));
    });
  }

  it('a batch with fewer rows than threads runs (one row per shard); released tapes free memory', () => {
    const c = randomCase('lstm', { batch: 2, steps: 3, features: 2, units: 4 }, 2);
    const input = {
      cell: 'lstm' as const, shape: c.shape, x: c.x, recurrentActivation: 'sigmoid' as const, keepTape: true,
      weights: { kernel: c.kernel, recurrentKernel: c.recurrentKernel, bias: c.bias },
    };
    const f = pool.forward(input);
    const g = pool.backward(f.tape!, { dH: c.gH });
    expect(g.dKernel.length).toBe(2 * 16);
    const big = randomCase('lstm', { batch: 9, steps: 3, features: 2, units: 4 }, 3);
    const t = pool.forward({ ...input, shape: big.shape, x: big.x }).tape!;
    pool.release(t);
    expect(t.released).toBe(true);
  });
});
