import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHURN_LSTM_DEFAULTS, ChurnLSTM, ConfigError, encoderKinds, NotFittedError, Trainer, ValidationError, useBackend } from '../../src/index.js';
import { syntheticData } from './synthetic.js';

const quiet = { verbose: 0 as const, epochs: 3, batchSize: 64 };

beforeAll(async () => {
  await useBackend('wasm');
});

describe('ChurnLSTM', () => {
  it('constructs with no arguments and best-practice defaults, and round-trips its config', () => {
    const model = new ChurnLSTM();
    expect(model.getConfig()).toEqual({ ...CHURN_LSTM_DEFAULTS, heads: { churn: true, renew: true } });
    expect(model.isFitted).toBe(false);
    const twin = ChurnLSTM.fromConfig(model.getConfig());
    expect(twin.getConfig()).toEqual(model.getConfig());
    expect(new ChurnLSTM({ cell: 'gru', layers: 2 }).getConfig()).toMatchObject({ cell: 'gru', layers: 2, units: CHURN_LSTM_DEFAULTS.units });
  });

  it('rejects bad options in the constructor, naming the option', () => {
    expect(() => new ChurnLSTM({ layers: 4 })).toThrow(ConfigError);
    expect(() => new ChurnLSTM({ layers: 4 })).toThrow(/ChurnLSTM\.layers.*got 4/);
    expect(() => new ChurnLSTM({ cell: 'rnn' as 'lstm' })).toThrow(/ChurnLSTM\.cell/);
    expect(() => new ChurnLSTM({ dropout: 1 })).toThrow(/ChurnLSTM\.dropout/);
    expect(() => new ChurnLSTM({ heads: { churn: false, renew: false } })).toThrow(/at least one/);
    expect(() => new ChurnLSTM({ unit: 3 } as never)).toThrow(/ChurnLSTM\.unit/);
  });

  it('throws NotFittedError when used before training', async () => {
    const { features } = syntheticData(10);
    const model = new ChurnLSTM();
    await expect(model.predict(features)).rejects.toThrow(NotFittedError);
    await expect(model.save('file:///tmp/never')).rejects.toThrow(NotFittedError);
  });

  it('trains, predicts both heads as probabilities, and leaks no tensors across fit, predict and dispose', async () => {
    const data = syntheticData(300, 3);
    const before = tf.memory().numTensors;
    const model = new ChurnLSTM({ units: 8 });
    const history = await new Trainer(quiet).fit(model, data);
    expect(model.isFitted).toBe(true);
    expect(history.epochs).toHaveLength(3);
    const p = await model.predict(data.features, { batchSize: 70 });
    expect(p.churn).toHaveLength(300);
    expect(p.renew).toHaveLength(300);
    for (const v of [...p.churn, ...p.renew!]) expect(v > 0 && v < 1).toBe(true);
    // Batched prediction gives the same numbers as one big batch.
    const whole = await model.predict(data.features, { batchSize: 1000 });
    expect(Array.from(whole.churn)).toEqual(Array.from(p.churn));
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(model.predict(data.features)).rejects.toThrow(NotFittedError);
  });

  it('fit() trains through a Trainer and returns the model itself', async () => {
    const data = syntheticData(100, 8);
    const model = new ChurnLSTM({ units: 4 });
    expect(await model.fit(data, { trainer: { ...quiet, epochs: 2 } })).toBe(model);
    expect(model.isFitted).toBe(true);
    expect(model.history?.epochs).toHaveLength(2);
    model.dispose();
  });

  it('gives identical predictions for the same seed and different ones for another seed', async () => {
    const data = syntheticData(200, 4);
    const run = async (seed: number) => {
      const model = new ChurnLSTM({ units: 8, seed, dropout: 0.2 });
      await new Trainer({ ...quiet, seed }).fit(model, data);
      const p = await model.predict(data.features);
      model.dispose();
      return Array.from(p.churn);
    };
    const a = await run(1);
    expect(await run(1)).toEqual(a);
    expect(await run(2)).not.toEqual(a);
  });

  it('ignores padded steps: changing values under mask 0 does not change predictions', async () => {
    const data = syntheticData(120, 5);
    const model = new ChurnLSTM({ units: 8 });
    await new Trainer(quiet).fit(model, data);
    const p = await model.predict(data.features);
    const noisy = new Float32Array(data.features.sequences);
    const { steps: T, sequenceFeatures: F } = data.features.shape;
    let changed = 0;
    for (let i = 0; i < data.features.mask.length; i++) {
      if (data.features.mask[i] === 0) {
        for (let f = 0; f < F; f++) noisy[i * F + f] = 50 + f;
        changed++;
      }
    }
    expect(changed).toBeGreaterThan(0);
    const q = await model.predict({ ...data.features, sequences: noisy });
    expect(Array.from(q.churn)).toEqual(Array.from(p.churn));
    expect(T).toBeGreaterThan(1);
    model.dispose();
  });

  it('runs GRU, stacked layers and single heads', async () => {
    const data = syntheticData(100, 6);
    for (const config of [
      { cell: 'gru' as const, units: 6 },
      { layers: 2, units: 6 },
      { units: 6, heads: { churn: true, renew: false } },
      { units: 6, heads: { churn: false, renew: true } },
    ]) {
      const model = new ChurnLSTM(config);
      await new Trainer({ ...quiet, epochs: 1 }).fit(model, data);
      const p = await model.predict(data.features);
      if (model.heads.renew) expect(p.renew).toHaveLength(100);
      else expect(p.renew).toBeUndefined();
      if (model.heads.churn) expect(p.churn.every((v) => v > 0 && v < 1)).toBe(true);
      else expect(p.churn.every(Number.isNaN)).toBe(true);
      expect(encoderKinds()).toContain(model.encoderKind);
      model.dispose();
    }
  });

  it('reports non-finite inputs and shape mismatches with a path, and never mutates its input', async () => {
    const data = syntheticData(50, 7);
    const copy = new Float32Array(data.features.sequences);
    const model = new ChurnLSTM({ units: 4 });
    await new Trainer({ ...quiet, epochs: 1 }).fit(model, data);
    expect(Array.from(data.features.sequences)).toEqual(Array.from(copy));
    const bad = new Float32Array(data.features.sequences);
    bad[5] = Number.NaN;
    const error = await model.predict({ ...data.features, sequences: bad }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0].path).toEqual(['sequences', 0, 1, 2]);
    const narrow = syntheticData(5, 1, 12, 2);
    const mismatch = await model.predict(narrow.features).catch((e) => e);
    expect((mismatch as ValidationError).issues[0].path).toEqual(['shape', 'sequenceFeatures']);
    model.dispose();
  });
});
