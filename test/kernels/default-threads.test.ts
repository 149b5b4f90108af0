import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ChurnLSTM, Trainer, useBackend } from '../../src/index.js';
import { kernelThreads, useKernelThreads } from '../../src/kernels/index.js';
import { syntheticData } from '../models/synthetic.js';

// Nothing in this file calls useKernelThreads before the first fused op: Node's default applies.
describe("Node's default kernel threads", () => {
  it("start 'auto' threads in the background on the first fused op, without changing results", async () => {
    await useBackend('wasm');
    const before = tf.memory().numTensors;
    const run = async () => {
      const model = new ChurnLSTM({ units: 8, dropout: 0 });
      const history = await new Trainer({ verbose: 0, epochs: 2, batchSize: 40, seed: 9 }).fit(model, syntheticData(120, 31));
      const p = await model.predict(syntheticData(50, 32).features);
      model.dispose();
      return { losses: history.epochs.map((e) => e.loss as number), churn: Array.from(p.churn) };
    };
    expect(kernelThreads()).toBe(1);
    const byDefault = await run();
    // The pool is started by the first fused op; give its workers a moment to come up.
    for (let i = 0; i < 100 && kernelThreads() === 1; i++) await new Promise((r) => setTimeout(r, 20));
    const auto = Math.max(1, Math.min(4, availableParallelism()));
    expect(kernelThreads()).toBe(auto);
    const again = await run();
    expect(await useKernelThreads(1)).toBe(1);
    expect(kernelThreads()).toBe(1);
    const single = await run();
    // Part of the first run, all of the second on the pool, the third on one thread: same bits.
    expect(again).toEqual(byDefault);
    expect(single).toEqual(byDefault);
    expect(tf.memory().numTensors).toBe(before);
  });
});
