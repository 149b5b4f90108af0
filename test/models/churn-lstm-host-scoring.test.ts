import * as tf from '@tensorflow/tfjs-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { useBackend } from '../../src/backend/index.js';
import { kernelThreads, useKernelThreads } from '../../src/kernels/threads.js';
import { ChurnLSTM, type ChurnLSTMConfig } from '../../src/models/churn-lstm.js';
import { hostScoringSwitch } from '../../src/models/host-scoring.js';
import { Trainer } from '../../src/train/trainer.js';
import { syntheticData } from './synthetic.js';

/** Predictions of `model` on `features` through the array scoring loop and through the tensor path. */
async function bothWays(model: ChurnLSTM, features: Parameters<ChurnLSTM['predict']>[0], batchSize: number) {
  hostScoringSwitch.enabled = true;
  const scored = hostScoringSwitch.batches;
  const host = await model.predict(features, { batchSize });
  // The array loop ran, once per batch.
  expect(hostScoringSwitch.batches - scored).toBe(Math.ceil(features.shape.users / batchSize));
  hostScoringSwitch.enabled = false;
  const tensors = await model.predict(features, { batchSize });
  expect(hostScoringSwitch.batches - scored).toBe(Math.ceil(features.shape.users / batchSize));
  hostScoringSwitch.enabled = true;
  return { host, tensors };
}

const cases: [string, Partial<ChurnLSTMConfig>][] = [
  ['LSTM, both heads', { units: 8 }],
  ['GRU, two layers, churn head only', { units: 6, cell: 'gru', layers: 2, heads: { churn: true, renew: false } }],
  ['LSTM, three layers, renew head only', { units: 5, layers: 3, heads: { churn: false, renew: true } }],
];

describe('ChurnLSTM scoring on arrays, overlapped with the kernel threads', () => {
  afterEach(() => {
    hostScoringSwitch.enabled = true;
  });
  afterAll(async () => {
    await useKernelThreads(1);
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    for (const threads of [1, 2]) {
      it(`${backend}, ${threads} kernel thread(s): bit for bit the tensor path's probabilities, for every cell, depth and head`, async () => {
        await useBackend(backend);
        expect(await useKernelThreads(threads)).toBe(threads);
        // 173 users: batches of 40 leave a last batch of 13, and the balanced split is not a multiple of 4 everywhere.
        const data = syntheticData(173, 5);
        for (const [, config] of cases) {
          const model = new ChurnLSTM({ ...config, dropout: 0, seed: 3 });
          await new Trainer({ verbose: 0, epochs: 1, batchSize: 64, seed: 1 }).fit(model, data);
          expect(model.encoderKind).toBe('fused');
          const before = tf.memory().numTensors;
          const { host, tensors } = await bothWays(model, data.features, 40);
          expect(tf.memory().numTensors).toBe(before);
          for (const head of ['churn', 'renew'] as const) {
            const a = host[head], b = tensors[head];
            expect(a === undefined).toBe(b === undefined);
            if (!a || !b) continue;
            expect(a.length).toBe(173);
            // NaN for a head that was not trained, on both paths alike.
            expect(Array.from(a).map(String)).toEqual(Array.from(b).map(String));
          }
          const trained = (config.heads?.churn ?? true) ? host.churn : host.renew!;
          expect(Math.max(...trained) - Math.min(...trained)).toBeGreaterThan(1e-3);
          model.dispose();
        }
        expect(kernelThreads()).toBe(threads);
      });
    }
  }

  it('scores one user, and a batch larger than the set, the same way', async () => {
    await useBackend('wasm');
    await useKernelThreads(2);
    const data = syntheticData(60, 7);
    const model = new ChurnLSTM({ units: 8, dropout: 0, seed: 5 });
    await new Trainer({ verbose: 0, epochs: 1, batchSize: 32, seed: 2 }).fit(model, data);
    const whole = await model.predict(data.features, { batchSize: 1000 });
    const single = await model.predict(data.features, { batchSize: 1 });
    expect(Array.from(single.churn)).toEqual(Array.from(whole.churn));
    expect(Array.from(single.renew!)).toEqual(Array.from(whole.renew!));
    model.dispose();
  });
});
