import * as tf from '@tensorflow/tfjs-core';
import { ChurnkitError } from '../../errors.js';
import type { RecurrentRunner } from '../../kernels/pool/recurrent-pool.js';
import type { RecurrentTape, RecurrentWeights } from '../../kernels/recurrent-kernel.js';
import { FUSED_BACKENDS, fusedRecurrentLayer, sharedRecurrentKernel } from '../../kernels/tf-op.js';
import { kernelRunner } from '../../kernels/threads.js';
import { glorotUniform, orthogonal } from '../init.js';
import type { Random } from '../random.js';
import type { EncoderApplyOptions, EncoderProvider, EncoderSpec, RecurrentEncoder } from './recurrent-encoder.js';

interface FusedLayer {
  kernel: tf.Variable;
  recurrentKernel: tf.Variable;
  bias: tf.Variable;
}

/**
 * The fused encoder: each stacked LSTM/GRU layer runs as one call into the wasm kernel
 * (src/kernels), forward over all steps and backward through time, wrapped as a tfjs custom op.
 * Same weights, same initialisation draws and same numbers (to ~1e-6) as {@link LayersEncoder};
 * runs on the cpu and wasm backends, where reading a tensor is a memory copy.
 */
export class FusedEncoder implements RecurrentEncoder {
  /** Registered name. */
  readonly kind = 'fused';
  private layers: FusedLayer[] = [];
  private readonly pending = new Map<RecurrentTape, RecurrentRunner>();

  /** @param spec what to build; throws NotSupportedError if the kernel cannot be instantiated here */
  constructor(readonly spec: EncoderSpec) {
    sharedRecurrentKernel();
  }

  /** Creates and initialises the variables exactly as LayersEncoder does (same draws from `rng`). */
  build(inputFeatures: number, rng: Random): void {
    const { cell, layers, units } = this.spec;
    const gates = cell === 'lstm' ? 4 : 3;
    for (let i = 0; i < layers; i++) {
      const fanIn = i === 0 ? inputFeatures : units;
      const kernel = glorotUniform(rng, fanIn, gates * units);
      const recurrentKernel = orthogonal(rng, units, gates * units);
      const bias = new Float32Array(gates * units);
      if (cell === 'lstm') bias.fill(1, units, 2 * units);
      const values = [tf.tensor2d(kernel, [fanIn, gates * units]), tf.tensor2d(recurrentKernel, [units, gates * units]), tf.tensor1d(bias)];
      // A variable shares its initial tensor's data; the initial tensor handle itself must be freed.
      this.layers.push({ kernel: tf.variable(values[0]), recurrentKernel: tf.variable(values[1]), bias: tf.variable(values[2]) });
      tf.dispose(values);
    }
  }

  /** Runs the stacked layers; under `training` the result is differentiable through the kernel. */
  apply(sequences: tf.Tensor3D, mask: tf.Tensor2D, options: EncoderApplyOptions): tf.Tensor2D {
    this.requireBuilt();
    // Single thread or the worker pool, whichever useKernelThreads() set up last.
    const runner = kernelRunner();
    return tf.tidy(() => {
      let x: tf.Tensor = sequences;
      this.layers.forEach((layer, i) => {
        x = fusedRecurrentLayer(x as tf.Tensor3D, mask, [layer.kernel, layer.recurrentKernel, layer.bias] as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D], {
          cell: this.spec.cell,
          recurrentActivation: 'sigmoid',
          returnSequences: i < this.layers.length - 1,
          training: options.training,
          inputGradient: i > 0,
          pending: this.pending,
          kernel: runner,
        });
      });
      return x as tf.Tensor2D;
    });
  }

  /** Frees kernel tapes of forwards whose gradient was never taken. */
  release(): void {
    for (const [tape, runner] of this.pending) runner.release(tape);
    this.pending.clear();
  }

  /** Each layer's weights as arrays: host memory on the cpu and wasm backends, read, never written to. */
  kernelWeights(): RecurrentWeights[] {
    this.requireBuilt();
    return this.layers.map((l) => ({
      kernel: l.kernel.dataSync() as Float32Array,
      recurrentKernel: l.recurrentKernel.dataSync() as Float32Array,
      bias: l.bias.dataSync() as Float32Array,
    }));
  }

  /** Kernel, recurrent kernel and bias of each layer, in layout order. */
  trainableVariables(): tf.Variable[] {
    return this.layers.flatMap((l) => [l.kernel, l.recurrentKernel, l.bias]);
  }

  /** The kernels (not biases). */
  regularizedVariables(): tf.Variable[] {
    return this.layers.flatMap((l) => [l.kernel, l.recurrentKernel]);
  }

  /** Copies under the shared layout names. */
  getWeights(): tf.NamedTensorMap {
    this.requireBuilt();
    const out: tf.NamedTensorMap = {};
    this.layers.forEach((l, i) => {
      out[`layer${i}/kernel`] = l.kernel.clone();
      out[`layer${i}/recurrentKernel`] = l.recurrentKernel.clone();
      out[`layer${i}/bias`] = l.bias.clone();
    });
    return out;
  }

  /** Assigns by layout name; shapes must match the built layout. */
  setWeights(weights: tf.NamedTensorMap): void {
    this.requireBuilt();
    this.layers.forEach((l, i) => {
      const targets: [string, tf.Variable][] = [
        [`layer${i}/kernel`, l.kernel], [`layer${i}/recurrentKernel`, l.recurrentKernel], [`layer${i}/bias`, l.bias],
      ];
      for (const [name, v] of targets) {
        const value = weights[name];
        if (!value || value.shape.join() !== v.shape.join()) {
          throw new ChurnkitError(
            `Encoder weight '${name}': got ${value ? `shape [${value.shape}]` : 'nothing'}, expected shape [${v.shape}]. ` +
              'The weights were saved from a model with a different configuration.',
          );
        }
      }
      for (const [name, v] of targets) v.assign(weights[name]);
    });
  }

  /** Disposes every variable and frees any pending tape. */
  dispose(): void {
    this.release();
    for (const l of this.layers) tf.dispose([l.kernel, l.recurrentKernel, l.bias]);
    this.layers = [];
  }

  private requireBuilt(): void {
    if (this.layers.length === 0) throw new ChurnkitError('FusedEncoder used before build().');
  }
}

/**
 * Registration of the fused encoder: preferred (priority 10) on the cpu and wasm backends when no
 * recurrent dropout is asked for; the tfjs-layers encoder runs everywhere else (webgl, webgpu,
 * tensorflow, recurrentDropout > 0).
 */
export const fusedEncoderProvider: EncoderProvider = {
  priority: 10,
  supports: (spec: EncoderSpec, backend: string) => FUSED_BACKENDS.includes(backend) && spec.recurrentDropout === 0,
  create: (spec: EncoderSpec) => new FusedEncoder(spec),
};
