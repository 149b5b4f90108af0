import type * as tf from '@tensorflow/tfjs-core';
import type { RecurrentWeights } from '../../kernels/recurrent-kernel.js';
import type { Random } from '../random.js';

/**
 * What a recurrent encoder is asked to build: the part of ChurnLSTM's configuration that shapes
 * its weights. Every implementation of {@link RecurrentEncoder} takes the same spec and keeps
 * weights in the same layout, so a saved model loads into any of them.
 */
export interface EncoderSpec {
  /** `'lstm'` (gates i, f, c, o) or `'gru'` (gates z, r, h, tfjs-layers' reset-before variant). */
  readonly cell: 'lstm' | 'gru';
  /** Stacked recurrent layers, 1 to 3; every layer but the last returns its full sequence. */
  readonly layers: number;
  /** Hidden units per layer (U). */
  readonly units: number;
  /** Fraction of the recurrent state dropped while training (same mask at every step). */
  readonly recurrentDropout: number;
}

/** Per-call options for {@link RecurrentEncoder.apply}. */
export interface EncoderApplyOptions {
  /** True inside a training step: dropout is active and gradients will be taken. */
  readonly training: boolean;
  /** The seeded stream dropout masks are drawn from (present when `training`). */
  readonly rng?: Random;
}

/**
 * The seam between ChurnLSTM and the code that runs the recurrence. ChurnLSTM only ever calls
 * these methods, so a faster implementation (a fused wasm kernel) replaces the layer-by-layer
 * tfjs one without changing the model's API or its saved format.
 *
 * Weight layout (shared by every implementation, and what `save()` writes), for layer `i` with
 * input width `F_i` (the sequence channels for layer 0, U above) and `g` gates (4 for LSTM, 3 for GRU):
 * - `layer{i}/kernel` `[F_i, g·U]` — input projection, gate blocks side by side in tfjs-layers order
 *   (LSTM i, f, c, o; GRU z, r, h);
 * - `layer{i}/recurrentKernel` `[U, g·U]` — same gate order;
 * - `layer{i}/bias` `[g·U]`.
 */
export interface RecurrentEncoder {
  /** The implementation's registered name, e.g. `'layers'` or `'fused'`. */
  readonly kind: string;
  /** What was built. */
  readonly spec: EncoderSpec;
  /** Creates the variables for `inputFeatures` channels and initialises them from `rng`. Called once. */
  build(inputFeatures: number, rng: Random): void;
  /**
   * Runs the stacked recurrence over `sequences` `[N, T, F]`, skipping steps where `mask` `[N, T]`
   * is 0 (the state is carried through unchanged, so left padding acts as if the sequence started
   * later), and returns the top layer's last hidden state `[N, U]`. When `training`, the result
   * must be differentiable with respect to {@link RecurrentEncoder.trainableVariables} under
   * `tf.variableGrads` (a `tf.customGrad` op qualifies). The caller owns the returned tensor.
   */
  apply(sequences: tf.Tensor3D, mask: tf.Tensor2D, options: EncoderApplyOptions): tf.Tensor2D;
  /** Frees per-call state (e.g. dropout masks) after a forward or training step has finished. */
  release(): void;
  /** The variables an optimizer updates, in the layout order above. */
  trainableVariables(): tf.Variable[];
  /** The kernels the L2 penalty applies to (input and recurrent kernels, not biases). */
  regularizedVariables(): tf.Variable[];
  /** Copies of the weights under their layout names (the caller disposes them). */
  getWeights(): tf.NamedTensorMap;
  /** Assigns weights by layout name; every name must be present with the layout's shape. */
  setWeights(weights: tf.NamedTensorMap): void;
  /** Disposes every variable. */
  dispose(): void;
  /**
   * Each layer's weights as plain arrays, for implementations whose inference can run without
   * tensors (the fused kernel: see {@link RecurrentRunner.startEncode}); others leave it out.
   */
  kernelWeights?(): RecurrentWeights[];
}

/** How an encoder implementation is registered with {@link registerEncoder}. */
export interface EncoderProvider {
  /**
   * Whether this implementation can run `spec` on the tfjs backend named `backend` (e.g. `'wasm'`).
   * Return false, or throw a `NotSupportedError` from `create`, to let the generic one run instead.
   */
  supports(spec: EncoderSpec, backend: string): boolean;
  /** Makes an unbuilt encoder. */
  create(spec: EncoderSpec): RecurrentEncoder;
  /** Higher runs first under `'auto'`; the generic tfjs-layers encoder has priority 0. */
  readonly priority: number;
}
