import * as tf from '@tensorflow/tfjs-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChurnLSTM, Trainer, useBackend } from '../../src/index.js';
import { RecurrentKernel, useKernelThreads, kernelThreads, type FusedCell } from '../../src/kernels/index.js';
import { RecurrentPool } from '../../src/kernels/pool/recurrent-pool.js';
import { KERNEL_SHARDS, ShardedKernel, shardRows } from '../../src/kernels/shards.js';
import { syntheticData } from '../models/synthetic.js';
import { randomCase } from './reference.js';

// Results must not depend on how many threads ran the kernel: every thread count cuts a batch into
// the same shards and sums their weight gradients in the same order.

beforeAll(async () => {
  await useBackend('wasm');
});

afterEach(async () => {
  await useKernelThreads(1);
});

async function tinyRun(threads: number) {
  expect(await useKernelThreads(threads)).toBe(threads);
  const train = syntheticData(130, 21);
  const model = new ChurnLSTM({ units: 8, dropout: 0 });
  // Batch 50 leaves a last batch of 30, so uneven shards and a short batch are both exercised.
  const history = await new Trainer({ verbose: 0, epochs: 2, batchSize: 50, seed: 4 }).fit(model, train);
  const p = await model.predict(syntheticData(70, 22).features, { batchSize: 33 });
  const out = { kind: model.encoderKind, threads: kernelThreads(), losses: history.epochs.map((e) => e.loss as number), churn: Array.from(p.churn) };
  model.dispose();
  return out;
}

describe('fused kernel results do not depend on the thread count', () => {
  it('shards are fixed by the batch size alone', () => {
    expect(KERNEL_SHARDS).toBe(4);
    expect(shardRows(256)).toEqual([64, 64, 64, 64]);
    expect(shardRows(30)).toEqual([7, 8, 7, 8]);
    expect(shardRows(3)).toEqual([1, 1, 1]);
  });

  it('ChurnLSTM trained on 1 and on 2 kernel threads gives bit-identical losses and predictions', async () => {
    const before = tf.memory().numTensors;
    const one = await tinyRun(1);
    const two = await tinyRun(2);
    expect(one.kind).toBe('fused');
    expect([one.threads, two.threads]).toEqual([1, 2]);
    expect(two.losses).toEqual(one.losses);
    expect(two.churn).toEqual(one.churn);
    // The model did learn something: the second epoch's loss differs from the first.
    expect(one.losses[1]).not.toBe(one.losses[0]);
    expect(tf.memory().numTensors).toBe(before);
  });

  describe('kernel level: pools of 2, 3 and 4 threads equal the single-thread sharded kernel bit for bit', () => {
    const pools: RecurrentPool[] = [];
    beforeAll(async () => {
      for (const n of [2, 3, 4]) pools.push(await RecurrentPool.create(n));
    });
    afterAll(async () => {
      await Promise.all(pools.map((p) => p.terminate()));
    });

    for (const cell of ['lstm', 'gru'] as FusedCell[]) {
      it(cell, () => {
        const c = randomCase(cell, { batch: 13, steps: 5, features: 3, units: 6 }, 77);
        const input = {
          cell, shape: c.shape, x: c.x, mask: c.mask, recurrentActivation: 'sigmoid' as const, returnSequences: true, keepTape: true,
          weights: { kernel: c.kernel, recurrentKernel: c.recurrentKernel, bias: c.bias },
        };
        const grads = { dSequence: c.gSeq, dH: c.gH };
        const kernel = new RecurrentKernel();
        const single = new ShardedKernel(kernel);
        const f = single.forward(input);
        const g = single.backward(f.tape!, grads);
        expect(kernel.liveBytes).toBe(0);
        for (const pool of pools) {
          const pf = pool.forward(input);
          const pg = pool.backward(pf.tape!, grads);
          expect(Array.from(pf.sequence!)).toEqual(Array.from(f.sequence!));
          expect(Array.from(pf.h)).toEqual(Array.from(f.h));
          expect(Array.from(pg.dX!)).toEqual(Array.from(g.dX!));
          expect(Array.from(pg.dKernel)).toEqual(Array.from(g.dKernel));
          expect(Array.from(pg.dRecurrentKernel)).toEqual(Array.from(g.dRecurrentKernel));
          expect(Array.from(pg.dBias)).toEqual(Array.from(g.dBias));
          const inference = pool.forward({ ...input, keepTape: false });
          expect(Array.from(inference.sequence!)).toEqual(Array.from(f.sequence!));
        }
      });
    }
  });
});
