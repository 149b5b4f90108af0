import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChurnLSTM, Metrics, Trainer, preferEncoder, useBackend } from '../../src/index.js';
import { useKernelThreads } from '../../src/kernels/index.js';
import { syntheticData } from '../models/synthetic.js';

beforeAll(async () => {
  await useBackend('wasm');
});

afterEach(async () => {
  preferEncoder('auto');
  await useKernelThreads(1);
});

async function trainAndScore(encoder: 'auto' | 'layers', backend: 'cpu' | 'wasm', cell: 'lstm' | 'gru' = 'lstm', users = 400, epochs = 6) {
  await useBackend(backend);
  preferEncoder(encoder);
  const train = syntheticData(users, 7);
  const test = syntheticData(200, 8);
  const model = new ChurnLSTM({ units: 8, cell, dropout: 0 });
  const history = await new Trainer({ verbose: 0, epochs, batchSize: 50, seed: 3 }).fit(model, train);
  const p = await model.predict(test.features);
  const out = {
    kind: model.encoderKind,
    losses: history.epochs.map((e) => e.loss as number),
    auc: Metrics.rocAuc(test.churn, p.churn),
    churn: Array.from(p.churn),
  };
  model.dispose();
  return out;
}

describe('ChurnLSTM trains through the fused kernel by default on cpu and wasm', () => {
  for (const backend of ['wasm', 'cpu'] as const) {
    it(`${backend}: the default encoder is 'fused', and training matches the tfjs-layers encoder`, async () => {
      await useBackend(backend);
      const before = tf.memory().numTensors;
      // The tfjs-layers encoder is slow: a small run checks that both encoders train to the same model.
      const fused = await trainAndScore('auto', backend, 'lstm', 150, 2);
      const layers = await trainAndScore('layers', backend, 'lstm', 150, 2);
      expect(fused.kind).toBe('fused');
      expect(layers.kind).toBe('layers');
      // Same initialisation and the same maths: the per-epoch losses agree to float32 noise.
      fused.losses.forEach((l, i) => expect(Math.abs(l - layers.losses[i])).toBeLessThan(1e-4));
      let worst = 0;
      fused.churn.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - layers.churn[i]))));
      expect(worst).toBeLessThan(1e-3);
      expect(Math.abs(fused.auc - layers.auc)).toBeLessThan(0.01);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('learns the synthetic churn signal through the fused kernel (AUC > 0.65)', async () => {
    const fused = await trainAndScore('auto', 'wasm', 'lstm', 400, 6);
    expect(fused.kind).toBe('fused');
    expect(fused.auc).toBeGreaterThan(0.65);
  });

  it('gru on wasm, and two kernel threads give the same model as one', async () => {
    const one = await trainAndScore('auto', 'wasm', 'gru');
    expect(await useKernelThreads(2)).toBe(2);
    const two = await trainAndScore('auto', 'wasm', 'gru');
    expect(two.kind).toBe('fused');
    // Fixed shards summed in a fixed order: the thread count does not change a single bit.
    expect(two.losses).toEqual(one.losses);
    expect(two.churn).toEqual(one.churn);
  });
});
