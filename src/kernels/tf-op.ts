import * as tf from '@tensorflow/tfjs-core';
import { NotSupportedError } from '../errors.js';
import { HOST_BACKENDS, hostValuesOf, withHostCopy } from '../backend/host-memory.js';
import { instantiateRecurrent, recurrentModuleSync } from './load.js';
import type { RecurrentRunner } from './pool/recurrent-pool.js';
import { RecurrentKernel, type FusedCell, type FusedRecurrentActivation, type RecurrentTape } from './recurrent-kernel.js';

/** Backends the fused kernel runs on: those whose tensors live in JS/wasm memory (reading them is a copy). */
export const FUSED_BACKENDS: readonly string[] = HOST_BACKENDS;

let shared: RecurrentKernel | undefined;

/**
 * This thread's kernel instance, created on first use. Throws NotSupportedError where WebAssembly
 * cannot be compiled synchronously (a browser main thread before {@link compileRecurrentModule}).
 */
export function sharedRecurrentKernel(): RecurrentKernel {
  if (shared) return shared;
  try {
    shared = new RecurrentKernel(instantiateRecurrent(recurrentModuleSync()));
  } catch (error) {
    throw new NotSupportedError(
      `The fused recurrent kernel could not be instantiated here (${(error as Error).message}). ` +
        'In a browser, await compileRecurrentModule() once before training; the tfjs-layers path runs meanwhile.',
    );
  }
  return shared;
}

/** Options of one fused recurrent layer call. */
export interface FusedLayerOptions {
  /** Which cell. */
  readonly cell: FusedCell;
  /** Gate activation (ChurnLSTM uses 'sigmoid'). */
  readonly recurrentActivation: FusedRecurrentActivation;
  /** Return the hidden state at every step [N,T,U] instead of the last one [N,U]. */
  readonly returnSequences: boolean;
  /** Keep activations and record a gradient (a training step); otherwise a plain forward. */
  readonly training: boolean;
  /** Whether d loss / d x is needed (false for a first layer fed with data). */
  readonly inputGradient: boolean;
  /** Tapes created but not yet consumed are added here (with their runner) so the caller can release them after a step. */
  readonly pending?: Map<RecurrentTape, RecurrentRunner>;
  /** What to run on: a kernel instance or a worker pool (this thread's shared kernel by default). */
  readonly kernel?: RecurrentRunner;
}

/**
 * One recurrent layer as a tfjs op: the fused wasm kernel forward, and under training a
 * `tf.customGrad` whose gradient is the kernel's backward pass. Inputs follow tfjs-layers: x [N,T,F],
 * mask [N,T] (0 = padded step), kernel [F,gU], recurrentKernel [U,gU], bias [gU]. The caller owns the result.
 */
export function fusedRecurrentLayer(
  x: tf.Tensor3D,
  mask: tf.Tensor2D,
  weights: [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D],
  options: FusedLayerOptions,
): tf.Tensor {
  const kernel = options.kernel ?? sharedRecurrentKernel();
  const [N, T, F] = x.shape;
  const U = weights[1].shape[0];
  const run = (keepTape: boolean) =>
    kernel.forward({
      cell: options.cell,
      shape: { batch: N, steps: T, features: F, units: U },
      // A batch's sequences and mask are read from the arrays they were built from, when known.
      x: hostValuesOf(x),
      mask: hostValuesOf(mask),
      weights: {
        kernel: weights[0].dataSync() as Float32Array,
        recurrentKernel: weights[1].dataSync() as Float32Array,
        bias: weights[2].dataSync() as Float32Array,
      },
      recurrentActivation: options.recurrentActivation,
      returnSequences: options.returnSequences,
      keepTape,
    });
  const toValue = (out: { h: Float32Array; sequence?: Float32Array }): tf.Tensor =>
    options.returnSequences ? tf.tensor3d(out.sequence!, [N, T, U]) : withHostCopy(tf.tensor2d(out.h, [N, U]), out.h);
  if (!options.training) return toValue(run(false));

  // Only what needs a gradient goes in as an op input: the weights, and x above the first layer.
  // The first layer's x is data and the mask never has a gradient; the tape would otherwise get a
  // zeros tensor of x's size for each on every step.
  const inputs: tf.Tensor[] = options.inputGradient ? [x, ...weights] : [...weights];
  const op = tf.customGrad((...args: (tf.Tensor | ((saved: tf.Tensor[]) => void))[]) => {
    const [w, r] = args.slice(options.inputGradient ? 1 : 0) as tf.Tensor[];
    const out = run(true);
    const tape = out.tape!;
    options.pending?.set(tape, kernel);
    return {
      value: toValue(out),
      gradFunc: (dy: tf.Tensor | tf.Tensor[]) => {
        const upstream = (Array.isArray(dy) ? dy[0] : dy).dataSync() as Float32Array;
        options.pending?.delete(tape);
        const g = kernel.backward(tape, {
          ...(options.returnSequences ? { dSequence: upstream } : { dH: upstream }),
          inputGradient: options.inputGradient,
        });
        const weightGrads = [
          tf.tensor2d(g.dKernel, w.shape as [number, number]),
          tf.tensor2d(g.dRecurrentKernel, r.shape as [number, number]),
          tf.tensor1d(g.dBias),
        ];
        return options.inputGradient ? [tf.tensor3d(g.dX!, [N, T, F]), ...weightGrads] : weightGrads;
      },
    };
  });
  return (op as unknown as (...t: tf.Tensor[]) => tf.Tensor)(...inputs);
}
