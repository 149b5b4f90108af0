import * as tf from '@tensorflow/tfjs-core';
import type { FeatureSet, FeatureSetShape } from '../features/feature-set.js';
import { BaseModel } from './base-model.js';
import { Dense, seededDropout } from './dense.js';
import type { HeadLogits, Heads, ModelBatch } from './model.js';
import type { Random } from './random.js';
import { fitScaler, scaleStaticRows, type ScalerState } from './scaler.js';
import { summarize, summarized } from './summary.js';

/** Options shared by the baselines. @internal */
export interface TabularConfig {
  readonly heads: Heads;
  readonly seed: number;
  readonly l2: number;
}

/**
 * A feed-forward model on the static features plus a summary of each sequence channel (see
 * `summarize`): hidden ReLU layers (none for logistic regression) then one logistic unit per head.
 * @internal
 */
export abstract class TabularModel<Config extends TabularConfig> extends BaseModel<Config> {
  private layers: Dense[] = [];
  private churnHead: Dense | undefined;
  private renewHead: Dense | undefined;

  /** Widths of the hidden layers. */
  protected abstract hiddenUnits(): readonly number[];
  /** Dropout after each hidden layer while training. */
  protected abstract hiddenDropout(): number;

  /** @internal */
  protected fitScaling(train: FeatureSet): ScalerState {
    return fitScaler(summarize(train));
  }

  /** @internal */
  protected buildNetwork(shape: FeatureSetShape, _scaling: unknown, rng: Random): void {
    let width = shape.staticFeatures + 3 * shape.sequenceFeatures + 1;
    this.layers = this.hiddenUnits().map((units) => {
      const d = new Dense(width, units, rng);
      width = units;
      return d;
    });
    this.churnHead = this.config.heads.churn ? new Dense(width, 1, rng) : undefined;
    this.renewHead = this.config.heads.renew ? new Dense(width, 1, rng) : undefined;
  }

  /** @internal */
  protected batchFrom(features: FeatureSet, rows: ArrayLike<number>, scaling: unknown): ModelBatch {
    const table = summarized(features);
    const statics = scaleStaticRows(table, rows, scaling as ScalerState);
    return { statics: tf.tensor2d(statics, [rows.length, table.shape.staticFeatures]) };
  }

  /** @internal */
  protected forwardNetwork(batch: ModelBatch, training: boolean, rng?: Random): HeadLogits {
    return tf.tidy(() => {
      let x: tf.Tensor2D = batch.statics;
      for (const layer of this.layers) x = seededDropout(tf.relu(layer.apply(x, training)), this.hiddenDropout(), training ? rng : undefined);
      const out: { churn?: tf.Tensor1D; renew?: tf.Tensor1D } = {};
      if (this.churnHead) out.churn = tf.reshape(this.churnHead.apply(x, training), [-1]) as tf.Tensor1D;
      if (this.renewHead) out.renew = tf.reshape(this.renewHead.apply(x, training), [-1]) as tf.Tensor1D;
      return out;
    });
  }

  /** @internal */
  protected namedVariables(): [string, tf.Variable][] {
    const out: [string, tf.Variable][] = [];
    const add = (prefix: string, d: Dense | undefined) => {
      if (!d) return;
      const [kernel, bias] = d.variables();
      out.push([`${prefix}/kernel`, kernel], [`${prefix}/bias`, bias]);
    };
    this.layers.forEach((d, i) => add(`hidden${i}`, d));
    add('churn', this.churnHead);
    add('renew', this.renewHead);
    return out;
  }

  /** @internal */
  protected penalized(): tf.Variable[] {
    return [...this.layers, this.churnHead, this.renewHead].flatMap((d) => (d ? [d.variables()[0]] : []));
  }

  /** @internal */
  protected l2(): number {
    return this.config.l2;
  }

  /** @internal */
  protected disposeNetwork(): void {
    for (const d of [...this.layers, this.churnHead, this.renewHead]) d?.dispose();
    this.layers = [];
    this.churnHead = undefined;
    this.renewHead = undefined;
  }
}
