import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ChurnLSTM, ConfigError, LogisticBaseline, MLPBaseline, Random, TRAINER_DEFAULTS, Trainer, ValidationError, useBackend, type Callback, type EpochLog } from '../../src/index.js';
import { syntheticData } from '../models/synthetic.js';
import { makeSchedule } from '../../src/train/schedules.js';

beforeAll(async () => {
  await useBackend('wasm');
});

/** Validation labels that are pure noise: the longer a big model fits train, the worse its valLoss. */
function noisyValidation(n: number, seed: number) {
  const v = syntheticData(n, seed);
  const rng = new Random(seed + 100);
  return { ...v, churn: Float32Array.from(v.churn, () => (rng.next() < 0.5 ? 1 : 0)) };
}

describe('Trainer', () => {
  it('constructs with no arguments, validates options by name and does not mutate them', () => {
    const t = new Trainer();
    expect(t.config.epochs).toBe(TRAINER_DEFAULTS.epochs);
    expect(t.config.optimizer).toEqual({ name: 'adam', learningRate: 2e-3, epsilon: 1e-7, clipNorm: 1, clipValue: 0 });
    expect(new Trainer({ optimizer: 'sgd' }).config.optimizer.name).toBe('sgd');
    expect(new Trainer({ schedule: 'cosine' }).config.schedule).toEqual({ type: 'cosine', minLearningRate: 1e-5 });
    const schedule = { type: 'step' as const, every: 3, factor: 0.1 };
    const frozen = Object.freeze({ ...schedule });
    expect(new Trainer({ schedule: frozen }).config.schedule).toEqual(schedule);
    expect(() => new Trainer({ epochs: 0 })).toThrow(/Trainer\.epochs/);
    expect(() => new Trainer({ optimizer: { name: 'adagrad' as 'adam' } })).toThrow(/Trainer\.optimizer\.name/);
    expect(() => new Trainer({ optimizer: { epsilon: 0 } })).toThrow(ConfigError);
    expect(() => new Trainer({ loss: { classWeight: { 0: 1, 1: -2 } } })).toThrow(/classWeight/);
    expect(() => new Trainer({ epoch: 3 } as never)).toThrow(/Trainer\.\.epoch|Trainer\.epoch/);
  });

  it('resolves to a History with loss, valLoss, accuracy, precision, recall, F1 and AUC per epoch, leaking no tensors', async () => {
    const train = syntheticData(300, 1);
    const validation = syntheticData(150, 2);
    const before = tf.memory().numTensors;
    const model = new MLPBaseline({ hidden: [16] });
    const history = await new Trainer({ verbose: 0, epochs: 4, batchSize: 64, earlyStopping: false }).fit(model, train, { validation });
    expect(history.epochs).toHaveLength(4);
    expect(history.bestEpoch).toBe(3);
    expect(history.stoppedEarly).toBe(false);
    for (const e of history.epochs) {
      for (const key of ['loss', 'valLoss', 'accuracy', 'precision', 'recall', 'f1', 'auc', 'learningRate', 'seconds'] as const) {
        expect(Number.isFinite(e[key])).toBe(true);
      }
    }
    expect(history.epochs[3].loss).toBeLessThan(history.epochs[0].loss);
    expect(history.epochs[3].auc).toBeGreaterThan(0.7);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('early stopping restores the best epoch\'s weights (compared with a copy taken at that epoch)', async () => {
    const train = syntheticData(120, 3);
    const validation = noisyValidation(120, 4);
    const snapshots: Float32Array[] = [];
    const keepPredictions: Callback = {
      async onEpochEnd(_log, context) {
        snapshots.push((await context.model.predict(validation.features)).churn);
      },
    };
    const model = new ChurnLSTM({ units: 32, dropout: 0, l2: 0 });
    const history = await new Trainer({
      verbose: 0, epochs: 12, batchSize: 30, optimizer: { learningRate: 0.02 }, schedule: 'none',
      earlyStopping: { patience: 2 }, callbacks: [keepPredictions],
    }).fit(model, train, { validation });
    const last = history.epochs.length - 1;
    expect(history.stoppedEarly).toBe(true);
    expect(history.bestEpoch).toBeLessThan(last);
    const best = history.epochs[history.bestEpoch].valLoss!;
    for (const e of history.epochs) expect(e.valLoss!).toBeGreaterThanOrEqual(best);
    const final = (await model.predict(validation.features)).churn;
    expect(Array.from(final)).toEqual(Array.from(snapshots[history.bestEpoch]));
    expect(Array.from(final)).not.toEqual(Array.from(snapshots[last]));
    model.dispose();
  });

  it('is reproducible under a seed and differs under another', async () => {
    const data = syntheticData(200, 5);
    const fit = async (seed: number) => {
      const model = new ChurnLSTM({ units: 8 });
      const h = await new Trainer({ verbose: 0, epochs: 2, batchSize: 32, seed }).fit(model, data, { validationSplit: 0.2 });
      const p = await model.predict(data.features);
      model.dispose();
      return { losses: h.epochs.map((e) => [e.loss, e.valLoss]), churn: Array.from(p.churn) };
    };
    const a = await fit(7);
    expect(await fit(7)).toEqual(a);
    expect((await fit(8)).losses).not.toEqual(a.losses);
  });

  it('follows step, cosine and reduce-on-plateau schedules', async () => {
    const data = syntheticData(100, 6);
    const rates = async (schedule: ConstructorParameters<typeof Trainer>[0] extends infer O ? O extends { schedule?: infer S } ? S : never : never) => {
      const model = new LogisticBaseline();
      const h = await new Trainer({ verbose: 0, epochs: 6, batchSize: 50, optimizer: { learningRate: 0.1 }, earlyStopping: false, schedule }).fit(model, data);
      model.dispose();
      return h.epochs.map((e) => e.learningRate!);
    };
    const step = await rates({ type: 'step', every: 2, factor: 0.5 });
    expect(step.map((r) => +r.toFixed(6))).toEqual([0.1, 0.1, 0.05, 0.05, 0.025, 0.025]);
    const cosine = await rates({ type: 'cosine', minLearningRate: 0 });
    expect(cosine[0]).toBeCloseTo(0.1, 10);
    expect(cosine[3]).toBeCloseTo(0.05, 10);
    for (let i = 1; i < cosine.length; i++) expect(cosine[i]).toBeLessThan(cosine[i - 1]);
    // Reduce-on-plateau: halves after `patience` epochs without improvement, never below the floor.
    const plateau = makeSchedule({ type: 'plateau', factor: 0.5, patience: 1, minLearningRate: 0.02 }, 10);
    plateau.reset(0.1);
    const figures = [undefined, 1.0, 0.9, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.8];
    expect(figures.map((f, i) => plateau.rateFor(i, f))).toEqual([0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.02, 0.02]);
    plateau.reset(0.1);
    expect(plateau.rateFor(0, undefined)).toBe(0.1);
    expect(await rates('none')).toEqual([0.1, 0.1, 0.1, 0.1, 0.1, 0.1]);
  });

  it('calls callbacks in order, resets them at train start, and lets them stop training', async () => {
    const data = syntheticData(100, 7);
    const calls: string[] = [];
    let epochsSeen = 0;
    const cb: Callback = {
      onTrainBegin: (ctx) => {
        epochsSeen = 0;
        calls.push(`begin:${ctx.batchesPerEpoch}`);
      },
      onBatchEnd: (log) => {
        calls.push(`batch:${log.epoch}.${log.batch}`);
      },
      onEpochEnd: (log: EpochLog, ctx) => {
        epochsSeen++;
        calls.push(`epoch:${log.epoch}`);
        if (epochsSeen === 2) ctx.stopTraining();
      },
      onTrainEnd: () => {
        calls.push('end');
      },
    };
    const trainer = new Trainer({ verbose: 0, epochs: 5, batchSize: 50, callbacks: [cb] });
    const model = new LogisticBaseline();
    const h = await trainer.fit(model, data);
    expect(calls).toEqual(['begin:2', 'batch:0.0', 'batch:0.1', 'epoch:0', 'batch:1.0', 'batch:1.1', 'epoch:1', 'end']);
    expect(h.epochs).toHaveLength(2);
    calls.length = 0;
    await trainer.fit(model, data); // reused: the callback reset itself, so it stops after 2 epochs again
    expect(calls.filter((c) => c.startsWith('epoch'))).toHaveLength(2);
    model.dispose();
  });

  it('writes checkpoints to disk that load with the best epoch\'s predictions', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'churnkit-ckpt-'));
    try {
      const train = syntheticData(150, 8);
      const validation = syntheticData(100, 9);
      const model = new MLPBaseline({ hidden: [8] });
      await new Trainer({ verbose: 0, epochs: 3, batchSize: 50, checkpoint: `file://${dir}` }).fit(model, train, { validation });
      const restored = await MLPBaseline.load(`file://${dir}/best`);
      expect(Array.from((await restored.predict(validation.features)).churn)).toEqual(Array.from((await model.predict(validation.features)).churn));
      restored.dispose();
      model.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('prints nothing at verbose 0 and one line per epoch at verbose 2 (stderr)', async () => {
    const data = syntheticData(60, 10);
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const model = new LogisticBaseline();
      await new Trainer({ verbose: 0, epochs: 2, batchSize: 30 }).fit(model, data);
      expect(spy).not.toHaveBeenCalled();
      await new Trainer({ verbose: 2, epochs: 2, batchSize: 30, earlyStopping: false }).fit(model, data);
      const lines = spy.mock.calls.map((c) => String(c[0]));
      expect(lines.filter((l) => /^Epoch \d\/2 {2}loss/.test(l))).toHaveLength(2);
      model.dispose();
    } finally {
      spy.mockRestore();
    }
  });

  it('rejects labels that do not match the features, with a path', async () => {
    const data = syntheticData(20, 11);
    const model = new LogisticBaseline();
    const short = await new Trainer({ verbose: 0 }).fit(model, { ...data, churn: data.churn.subarray(0, 10) }).catch((e) => e);
    expect(short).toBeInstanceOf(ValidationError);
    expect(short.issues[0].path).toEqual(['churn']);
    const bad = Float32Array.from(data.churn);
    bad[3] = 2;
    const wrong = await new Trainer({ verbose: 0 }).fit(model, { ...data, churn: bad }).catch((e) => e);
    expect(wrong.issues[0].path).toEqual(['churn', 3]);
    await expect(new Trainer({ verbose: 0 }).fit(model, data, { validationSplit: 0.9 })).rejects.toThrow(/validationSplit/);
  });
});
