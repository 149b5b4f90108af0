import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../../src/backend/index.js';
import { FusedEncoder, fusedEncoderProvider } from '../../src/models/encoder/fused-encoder.js';
import { LayersEncoder } from '../../src/models/encoder/layers-encoder.js';
import type { RecurrentEncoder } from '../../src/models/encoder/recurrent-encoder.js';
import { Random } from '../../src/models/random.js';
import { sharedRecurrentKernel } from '../../src/kernels/tf-op.js';
import { useKernelThreads } from '../../src/kernels/threads.js';
import { maxRelError, randomArray, rng } from './reference.js';

interface Run {
  out: Float32Array;
  grads: Float32Array[];
}

/** Forward + gradients of sum(out * probe) w.r.t. every trainable variable, through the encoder seam. */
function runEncoder(encoder: RecurrentEncoder, x: tf.Tensor3D, mask: tf.Tensor2D, probe: tf.Tensor2D): Run {
  const vars = encoder.trainableVariables();
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(encoder.apply(x, mask, { training: true }), probe)) as tf.Scalar, vars);
  encoder.release();
  const pred = encoder.apply(x, mask, { training: false });
  const run = { out: pred.dataSync() as Float32Array, grads: vars.map((v) => grads[v.name].dataSync() as Float32Array) };
  tf.dispose([value, pred, ...Object.values(grads)]);
  return run;
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`FusedEncoder behind the encoder seam (${backend})`, () => {
    for (const [cell, layers] of [['lstm', 2], ['gru', 2], ['lstm', 1]] as const) {
      it(`${layers}-layer ${cell}: same init, outputs and variable gradients as LayersEncoder to 1e-5`, async () => {
        await useBackend(backend);
        const before = tf.memory().numTensors;
        const spec = { cell, layers, units: 8, recurrentDropout: 0 };
        const fused = new FusedEncoder(spec);
        const layered = new LayersEncoder(spec);
        fused.build(5, new Random(3));
        layered.build(5, new Random(3));
        const r = rng(9);
        const N = 6, T = 7;
        const m = new Float32Array(N * T).map((_, i) => (i % T < (i / T) % 3 ? 0 : 1)); // left padding 0..2 steps
        m[4] = 0; // and a hole in the middle
        const x = tf.tensor3d(randomArray(r, N * T * 5), [N, T, 5]);
        const mask = tf.tensor2d(m, [N, T]);
        const probe = tf.tensor2d(randomArray(r, N * 8), [N, 8]);
        const a = runEncoder(fused, x, mask, probe);
        const b = runEncoder(layered, x, mask, probe);
        expect(maxRelError(a.out, b.out)).toBeLessThan(1e-5);
        expect(a.grads.length).toBe(3 * layers);
        a.grads.forEach((g, i) => expect(maxRelError(g, b.grads[i])).toBeLessThan(1e-5));
        // Saved-format round trip: weights move between implementations by layout name.
        const w = fused.getWeights();
        layered.setWeights(w);
        tf.dispose(Object.values(w));
        tf.dispose([x, mask, probe]);
        fused.dispose();
        layered.dispose();
        expect(tf.memory().numTensors).toBe(before);
      });
    }
  });
}

describe('fused encoder registration', () => {
  it('is offered on cpu and wasm without recurrent dropout, and not on webgl or with recurrent dropout', () => {
    const spec = { cell: 'lstm' as const, layers: 1, units: 4, recurrentDropout: 0 };
    expect(fusedEncoderProvider.supports(spec, 'cpu')).toBe(true);
    expect(fusedEncoderProvider.supports(spec, 'wasm')).toBe(true);
    expect(fusedEncoderProvider.supports(spec, 'webgl')).toBe(false);
    expect(fusedEncoderProvider.supports({ ...spec, recurrentDropout: 0.2 }, 'cpu')).toBe(false);
  });

  it('a training forward whose gradient is never taken frees its wasm memory on release()', async () => {
    await useBackend('cpu');
    // This thread's kernel memory is what is inspected, so keep the (default) worker pool out of it.
    await useKernelThreads(1);
    const enc = new FusedEncoder({ cell: 'gru', layers: 2, units: 4, recurrentDropout: 0 });
    enc.build(3, new Random(1));
    const kernel = sharedRecurrentKernel();
    const before = kernel.liveBytes;
    const x = tf.ones([2, 3, 3]) as tf.Tensor3D;
    const mask = tf.ones([2, 3]) as tf.Tensor2D;
    tf.dispose(enc.apply(x, mask, { training: true }));
    expect(kernel.liveBytes).toBeGreaterThan(before);
    enc.release();
    expect(kernel.liveBytes).toBe(before);
    tf.dispose([x, mask]);
    enc.dispose();
  });
});
