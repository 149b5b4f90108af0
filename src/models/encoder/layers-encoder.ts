import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { ensureChainedOps } from '../../backend/chained-ops.js';
import { ChurnkitError } from '../../errors.js';
import { glorotUniform, orthogonal } from '../init.js';
import type { Random } from '../random.js';
import type { EncoderApplyOptions, EncoderSpec, RecurrentEncoder } from './recurrent-encoder.js';

type RnnLayer = ReturnType<typeof tfl.layers.lstm>;
interface CellWithMasks {
  dropoutMask: tf.Tensor | tf.Tensor[] | null;
  recurrentDropoutMask: tf.Tensor | tf.Tensor[] | null;
}

/**
 * The generic encoder: tfjs-layers LSTM / GRU layers called eagerly, one per stacked layer. It
 * runs on every backend and is the reference the fused kernel is checked against.
 *
 * tfjs defaults are stated explicitly: the recurrent activation is `'sigmoid'` (tfjs-layers
 * defaults to `hardSigmoid`, Keras 3 and PyTorch use the logistic sigmoid) and the activation is
 * `tanh`. Dropout masks come from churnkit's seeded Random through tfjs's `dropoutFunc` hook, not
 * from tfjs's unseeded random ops, so training is reproducible.
 */
export class LayersEncoder implements RecurrentEncoder {
  readonly kind = 'layers';
  private rnns: RnnLayer[] = [];
  private dropoutRng: Random | undefined;

  constructor(readonly spec: EncoderSpec) {}

  build(inputFeatures: number, rng: Random): void {
    ensureChainedOps();
    const { cell, layers, units } = this.spec;
    const gates = cell === 'lstm' ? 4 : 3;
    // tfjs hands the dropout function a tensor of ones; we return a seeded inverted-dropout mask.
    const dropoutFunc = (ones: tf.Tensor, rate: number): tf.Tensor => {
      const r = this.dropoutRng;
      if (!r) return ones.clone();
      const keep = 1 - rate;
      const values = new Float32Array(ones.size);
      for (let i = 0; i < values.length; i++) values[i] = r.next() < keep ? 1 / keep : 0;
      return tf.tensor(values, ones.shape);
    };
    for (let i = 0; i < layers; i++) {
      const args = {
        units,
        activation: 'tanh' as const,
        recurrentActivation: 'sigmoid' as const,
        returnSequences: i < layers - 1,
        recurrentDropout: this.spec.recurrentDropout,
        dropoutFunc,
        kernelInitializer: 'zeros' as const,
        recurrentInitializer: 'zeros' as const,
        biasInitializer: 'zeros' as const,
      };
      const layer = cell === 'lstm' ? tfl.layers.lstm({ ...args, unitForgetBias: false }) : tfl.layers.gru(args);
      const fanIn = i === 0 ? inputFeatures : units;
      layer.build([null, null, fanIn]);
      // RNN.build does not set the flag Layer.apply checks, so apply would build a second time.
      (layer as unknown as { built: boolean }).built = true;
      const bias = new Float32Array(gates * units);
      // Forget-gate bias 1 (Jozefowicz et al. 2015), as Keras' unit_forget_bias does for LSTM.
      if (cell === 'lstm') bias.fill(1, units, 2 * units);
      const values = [
        tf.tensor2d(glorotUniform(rng, fanIn, gates * units), [fanIn, gates * units]),
        tf.tensor2d(orthogonal(rng, units, gates * units), [units, gates * units]),
        tf.tensor1d(bias),
      ];
      layer.setWeights(values);
      tf.dispose(values);
      this.rnns.push(layer);
    }
  }

  apply(sequences: tf.Tensor3D, mask: tf.Tensor2D, options: EncoderApplyOptions): tf.Tensor2D {
    this.requireBuilt();
    this.dropoutRng = options.training ? options.rng : undefined;
    return tf.tidy(() => {
      let x: tf.Tensor = sequences;
      for (const layer of this.rnns) x = layer.apply(x, { mask, training: options.training }) as tf.Tensor;
      return x as tf.Tensor2D;
    });
  }

  release(): void {
    // tfjs keeps dropout masks on the cell until its next call; free them now so the tensor count
    // is back to where it was once a step is over.
    for (const layer of this.rnns) {
      const cell = (layer as unknown as { cell: CellWithMasks }).cell;
      if (cell.dropoutMask != null) tf.dispose(cell.dropoutMask);
      if (cell.recurrentDropoutMask != null) tf.dispose(cell.recurrentDropoutMask);
      cell.dropoutMask = null;
      cell.recurrentDropoutMask = null;
    }
    this.dropoutRng = undefined;
  }

  trainableVariables(): tf.Variable[] {
    return this.rnns.flatMap((layer) => layer.trainableWeights.map((w) => w.read() as tf.Variable));
  }

  regularizedVariables(): tf.Variable[] {
    return this.rnns.flatMap((layer) => layer.trainableWeights.slice(0, 2).map((w) => w.read() as tf.Variable));
  }

  getWeights(): tf.NamedTensorMap {
    this.requireBuilt();
    const out: tf.NamedTensorMap = {};
    this.rnns.forEach((layer, i) => {
      const [kernel, recurrentKernel, bias] = layer.getWeights();
      out[`layer${i}/kernel`] = kernel.clone();
      out[`layer${i}/recurrentKernel`] = recurrentKernel.clone();
      out[`layer${i}/bias`] = bias.clone();
    });
    return out;
  }

  setWeights(weights: tf.NamedTensorMap): void {
    this.requireBuilt();
    this.rnns.forEach((layer, i) => {
      const names = [`layer${i}/kernel`, `layer${i}/recurrentKernel`, `layer${i}/bias`];
      const values = names.map((name, k) => {
        const value = weights[name];
        const expected = layer.trainableWeights[k].shape;
        if (!value || value.shape.join() !== expected.join()) {
          throw new ChurnkitError(
            `Encoder weight '${name}': got ${value ? `shape [${value.shape}]` : 'nothing'}, expected shape [${expected}]. ` +
              'The weights were saved from a model with a different configuration.',
          );
        }
        return value;
      });
      layer.setWeights(values);
    });
  }

  dispose(): void {
    this.release();
    // Layer.dispose() refuses layers never called symbolically; free the variables directly.
    for (const layer of this.rnns) for (const w of layer.weights) w.dispose();
    this.rnns = [];
  }

  private requireBuilt(): void {
    if (this.rnns.length === 0) throw new ChurnkitError('LayersEncoder used before build().');
  }
}
