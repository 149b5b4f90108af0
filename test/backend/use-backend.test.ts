import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { BackendUnavailableError, currentBackend, registerBackend, useBackend } from '../../src/index.js';

// One training step of a tiny LSTM, seeded, so two backends can be compared number for number.
async function oneStepLoss(): Promise<{ loss: number; prediction: Float32Array }> {
  const model = tfl.sequential();
  model.add(tfl.layers.lstm({ units: 4, inputShape: [5, 3], kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }), recurrentInitializer: tfl.initializers.orthogonal({ seed: 2 }) }));
  model.add(tfl.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) }));
  const optimizer = tf.train.adam(0.01, 0.9, 0.999, 1e-7);
  model.compile({ optimizer, loss: 'binaryCrossentropy' });
  const x = tf.tensor3d(Array.from({ length: 8 * 5 * 3 }, (_, i) => Math.sin(i * 0.37)), [8, 5, 3]);
  const y = tf.tensor2d([0, 1, 0, 1, 1, 0, 1, 0], [8, 1]);
  const h = await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0, shuffle: false });
  const p = model.predict(x) as tf.Tensor;
  const prediction = (await p.data()) as Float32Array;
  tf.dispose([x, y, p]);
  model.dispose();
  optimizer.dispose();
  return { loss: h.history.loss[0] as number, prediction };
}

describe('useBackend', () => {
  it('selects cpu and wasm by name and they train a tiny LSTM to the same loss', async () => {
    expect(await useBackend('cpu')).toBe('cpu');
    expect(currentBackend()).toBe('cpu');
    const before = tf.memory().numTensors;
    const cpu = await oneStepLoss();
    expect(tf.memory().numTensors).toBe(before);
    expect(await useBackend('wasm')).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const wasm = await oneStepLoss();
    expect(Number.isFinite(cpu.loss)).toBe(true);
    expect(Math.abs(cpu.loss - wasm.loss)).toBeLessThan(1e-4);
    for (let i = 0; i < cpu.prediction.length; i++) expect(Math.abs(cpu.prediction[i] - wasm.prediction[i])).toBeLessThan(1e-4);
  });

  it("'auto' resolves to the backend actually in use (wasm in plain Node)", async () => {
    const name = await useBackend();
    expect(name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('a named backend whose package is missing rejects and names the package', async () => {
    await expect(useBackend('tensorflow')).rejects.toThrow(/@tensorflow\/tfjs-node\b/);
    await expect(useBackend('tensorflow-gpu')).rejects.toThrow(/@tensorflow\/tfjs-node-gpu/);
    await expect(useBackend('tensorflow')).rejects.toBeInstanceOf(BackendUnavailableError);
  });

  it('a browser-only backend in Node rejects instead of falling back', async () => {
    await useBackend('cpu');
    await expect(useBackend('webgl')).rejects.toThrow(/webgl/);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('unknown names are rejected with the list of known ones', async () => {
    await expect(useBackend('tpu')).rejects.toThrow(/no such backend.*registerBackend/);
  });

  it('registerBackend adds a custom backend that useBackend selects', async () => {
    registerBackend('cpu-alias', async () => {
      if (!tf.findBackendFactory('cpu-alias-tf')) {
        const { MathBackendCPU } = await import('@tensorflow/tfjs-backend-cpu');
        tf.registerBackend('cpu-alias-tf', () => new MathBackendCPU());
        // A custom backend needs kernels: reuse cpu's.
        for (const k of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...k, backendName: 'cpu-alias-tf' });
      }
      return 'cpu-alias-tf';
    });
    expect(await useBackend('cpu-alias')).toBe('cpu-alias');
    expect(tf.getBackend()).toBe('cpu-alias-tf');
    expect(currentBackend()).toBe('cpu-alias');
    expect(() => registerBackend('auto', async () => 'x')).toThrow(/other than 'auto'/);
    await useBackend('cpu');
  });
});
