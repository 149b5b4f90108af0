import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { useBackend } from '../../src/backend/index.js';
import { ChurnLSTM } from '../../src/models/churn-lstm.js';
import { hostHeadSwitch } from '../../src/models/host-head.js';
import { Trainer } from '../../src/train/trainer.js';
import { syntheticData } from './synthetic.js';

/** Two epochs of a seeded ChurnLSTM with dropout and both heads; losses per epoch and both heads' predictions. */
async function run(hostHead: boolean) {
  hostHeadSwitch.enabled = hostHead;
  const data = syntheticData(150, 3);
  const model = new ChurnLSTM({ units: 8, dropout: 0.3, seed: 9 });
  const history = await new Trainer({ verbose: 0, epochs: 2, batchSize: 50, seed: 4 }).fit(model, data);
  const p = await model.predict(data.features);
  const out = { losses: history.epochs.map((e) => e.loss), churn: Array.from(p.churn), renew: Array.from(p.renew!) };
  model.dispose();
  return out;
}

describe('ChurnLSTM head: one host op vs the tfjs ops', () => {
  afterEach(() => {
    hostHeadSwitch.enabled = true;
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`${backend}: training with dropout and both heads gives the same losses and predictions either way`, async () => {
      await useBackend(backend);
      const before = tf.memory().numTensors;
      const host = await run(true);
      const tfjs = await run(false);
      expect(tf.memory().numTensors).toBe(before);
      // Same dropout draws, same updates: only float32 summation order differs.
      host.losses.forEach((l, i) => expect(Math.abs(l - tfjs.losses[i])).toBeLessThan(1e-5));
      host.churn.forEach((p, i) => expect(Math.abs(p - tfjs.churn[i])).toBeLessThan(1e-5));
      host.renew.forEach((p, i) => expect(Math.abs(p - tfjs.renew[i])).toBeLessThan(1e-5));
      // The model learned something (the comparison is not between two constant outputs).
      expect(Math.max(...host.churn) - Math.min(...host.churn)).toBeGreaterThan(0.05);
    });
  }
});
