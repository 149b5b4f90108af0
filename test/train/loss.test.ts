import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../src/index.js';
import { resolveClassWeights } from '../../src/train/class-weights.js';
import { clipGradients } from '../../src/train/clipping.js';
import { computeLoss } from '../../src/train/loss.js';
import { makeOptimizer } from '../../src/train/optimizers.js';
import { TRAINER_DEFAULTS, type LossConfig } from '../../src/train/config.js';

beforeAll(async () => {
  await useBackend('cpu');
});

const ce = (x: number, y: number) => {
  const p = 1 / (1 + Math.exp(-x));
  return -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
};
const plain: LossConfig = { classWeight: 'none', focal: false, renewWeight: 1 };

function lossOf(churnLogits: number[], renewLogits: number[], churn: number[], renew: number[], churnWeight = churn.map(() => 1), config = plain): number {
  return tf.tidy(() => {
    const value = computeLoss(
      { churn: tf.tensor1d(churnLogits), renew: tf.tensor1d(renewLogits) },
      {
        churn: Float32Array.from(churn),
        churnWeight: Float32Array.from(churnWeight),
        renew: Float32Array.from(renew, (v) => (Number.isNaN(v) ? 0 : v)),
        renewWeight: Float32Array.from(renew, (v) => (Number.isNaN(v) ? 0 : 1)),
      },
      config,
    );
    return value.dataSync()[0];
  });
}

describe('losses', () => {
  it('is churn cross-entropy plus renew cross-entropy over labelled users only', () => {
    const churnLogits = [2, -1, 0.5, 3];
    const renewLogits = [0.3, -2, 1.5, 4];
    const churn = [1, 0, 0, 1];
    const renew = [1, Number.NaN, 0, Number.NaN];
    const expected = churnLogits.reduce((s, x, i) => s + ce(x, churn[i]), 0) / 4 + (ce(0.3, 1) + ce(1.5, 0)) / 2;
    expect(lossOf(churnLogits, renewLogits, churn, renew)).toBeCloseTo(expected, 5);
    // Users without a renewal label do not move the loss, whatever the renew head says about them.
    expect(lossOf(churnLogits, [0.3, 50, 1.5, -50], churn, renew)).toBeCloseTo(expected, 5);
  });

  it('has zero renew gradient for unlabelled users', () => {
    const grad = tf.tidy(() => {
      const renewLogits = tf.tensor1d([0.3, -2, 1.5]);
      const g = tf.grad((r: tf.Tensor) =>
        computeLoss({ renew: r as tf.Tensor1D }, { churn: new Float32Array(3), churnWeight: new Float32Array(3), renew: Float32Array.from([1, 0, 0]), renewWeight: Float32Array.from([1, 0, 1]) }, plain),
      )(renewLogits);
      return Array.from(g.dataSync());
    });
    expect(grad[1]).toBe(0);
    expect(grad[0]).not.toBe(0);
  });

  it('weights classes: balanced gives each class the same total weight', () => {
    expect(resolveClassWeights('balanced', [1, 0, 0, 0])).toEqual([4 / 6, 2]);
    expect(resolveClassWeights('none', [1, 0])).toEqual([1, 1]);
    expect(resolveClassWeights({ 0: 1, 1: 5 }, [1, 0])).toEqual([1, 5]);
    const weighted = lossOf([1, -1], [0, 0], [1, 0], [Number.NaN, Number.NaN], [2, 0.5]);
    expect(weighted).toBeCloseTo((2 * ce(1, 1) + 0.5 * ce(-1, 0)) / 2, 5);
  });

  it('computes focal loss α_t (1 − p_t)^γ CE', () => {
    const config = { ...plain, focal: { gamma: 2, alpha: 0.25 } };
    const x = [2, -1];
    const y = [1, 1];
    const expected = x.reduce((s, xi, i) => {
      const p = 1 / (1 + Math.exp(-xi));
      return s + 0.25 * (1 - p) ** 2 * ce(xi, y[i]);
    }, 0) / 2;
    expect(lossOf(x, [0, 0], y, [Number.NaN, Number.NaN], [1, 1], config)).toBeCloseTo(expected, 5);
  });

  it('clips gradients by global norm and by value', () => {
    const before = tf.memory().numTensors;
    const grads = { a: tf.tensor1d([3, 0]), b: tf.tensor1d([0, 4]) }; // global norm 5
    const clipped = clipGradients(grads, 1, 0);
    expect(Array.from(clipped.a.dataSync())).toEqual([expect.closeTo(0.6, 6), 0]);
    expect(Array.from(clipped.b.dataSync())).toEqual([0, expect.closeTo(0.8, 6)]);
    const byValue = clipGradients(clipped, 0, 0.7);
    expect(Array.from(byValue.b.dataSync())[1]).toBeCloseTo(0.7, 6);
    tf.dispose(Object.values(byValue));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('always passes an explicit epsilon to adam and rmsprop', () => {
    const adam = makeOptimizer(TRAINER_DEFAULTS.optimizer) as unknown as { epsilon: number };
    expect(adam.epsilon).toBe(1e-7);
    const rms = makeOptimizer({ ...TRAINER_DEFAULTS.optimizer, name: 'rmsprop', epsilon: 1e-6 }) as unknown as { epsilon: number };
    expect(rms.epsilon).toBe(1e-6);
    (adam as unknown as tf.Optimizer).dispose();
    (rms as unknown as tf.Optimizer).dispose();
  });
});
