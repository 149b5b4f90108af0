import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
// The package entry registers tfjs's gradients (through tfjs-layers), as every app that trains has them.
import { useBackend } from '../../src/index.js';
import { l2Penalty, tensorL2Penalty } from '../../src/models/l2-penalty.js';
import { Random } from '../../src/models/random.js';

describe('l2Penalty (one host op) vs the tensor ops', () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    it(`${backend}: the same value to 1e-6 and the same gradients bit for bit, alone and beside another term`, async () => {
      await useBackend(backend);
      const rng = new Random(8);
      const kernels = [[7, 12], [12, 48], [33, 1]].map(([r, c]) => tf.variable(tf.tensor2d(Float32Array.from({ length: r * c }, () => rng.normal() * 0.4), [r, c])));
      const coef = kernels.map((k) => tf.tensor(Float32Array.from({ length: k.size }, () => rng.normal()), k.shape));
      const before = tf.memory().numTensors;
      const run = (penalty: typeof l2Penalty) =>
        tf.tidy(() => {
          // A data term using the same kernels, so the tape has to add both branches' gradients.
          const { value, grads } = tf.variableGrads(() => tf.add(tf.addN(kernels.map((k, i) => tf.sum(tf.mul(k, coef[i])))), penalty(kernels, 1e-3)) as tf.Scalar, kernels);
          return { value: value.dataSync()[0], grads: kernels.map((k) => Array.from(grads[k.name].dataSync())) };
        });
      const host = run(l2Penalty);
      const tensor = run(tensorL2Penalty);
      expect(tf.memory().numTensors).toBe(before);
      expect(Math.abs(host.value - tensor.value)).toBeLessThan(1e-6 * Math.max(1, Math.abs(tensor.value)));
      host.grads.forEach((g, i) => expect(g).toEqual(tensor.grads[i]));
      // The penalty really contributes (its gradient 2·l2·w is not lost next to the data term).
      const dataOnly = tf.tidy(() => {
        const { grads } = tf.variableGrads(() => tf.addN(kernels.map((k, i) => tf.sum(tf.mul(k, coef[i])))) as tf.Scalar, kernels);
        return Array.from(grads[kernels[0].name].dataSync());
      });
      expect(dataOnly).not.toEqual(host.grads[0]);
      tf.dispose([...kernels, ...coef]);
    });
  }
});
