import type * as tf from '@tensorflow/tfjs-core';
import type { FeatureSet, FeatureSetShape } from '../features/feature-set.js';
import type { Random } from './random.js';
import type { TrainerOptions } from '../train/config.js';
import type { FitOptions, TrainingData } from '../train/data.js';

/** Options of a model's own `fit`: the Trainer's fit options plus, optionally, the Trainer's options. */
export interface ModelFitOptions extends FitOptions {
  /** Options for the Trainer that does the work (defaults: `new Trainer()`). */
  readonly trainer?: TrainerOptions;
}

/** What a model predicts for each user, in the FeatureSet's row order. */
export interface Predictions {
  /** Probability that the user churns in the horizon. */
  readonly churn: Float32Array;
  /** Probability that the user renews the membership expiring in the horizon (when the renew head is on). */
  readonly renew?: Float32Array;
}

/** Options for {@link Model.predict}. */
export interface PredictOptions {
  /** Users scored per forward pass; bounds memory. Default 1024. */
  readonly batchSize?: number;
}

/** Which outputs a model has. */
export interface Heads {
  /** Predict churn probability. */
  readonly churn: boolean;
  /** Predict renewal probability. */
  readonly renew: boolean;
}

/** Where a model was saved, and how big it is. */
export interface SaveResult {
  /** The URL passed to `save`. */
  readonly url: string;
  /** Bytes of weights written. */
  readonly weightBytes: number;
}

/** The public contract every churnkit model follows: ChurnLSTM and the baselines. */
export interface Model {
  /** The class name, stored in saved models. */
  readonly className: string;
  /** Which heads this model has. */
  readonly heads: Heads;
  /** True once trained by a Trainer (or loaded). */
  readonly isFitted: boolean;
  /** Trains with a Trainer and resolves to the model itself. */
  fit(train: TrainingData, options?: ModelFitOptions): Promise<this>;
  /** Scores users; throws `NotFittedError` before training. */
  predict(features: FeatureSet, options?: PredictOptions): Promise<Predictions>;
  /** Saves configuration, input scaling and weights to a tfjs URL (`file://`, `indexeddb://`, `http(s)://`). */
  save(url: string): Promise<SaveResult>;
  /** The constructor options, as plain JSON; `fromConfig` of it gives an unfitted twin. */
  getConfig(): object;
  /** Frees every tensor the model holds. The model cannot be used afterwards. */
  dispose(): void;
}

/** A batch of model inputs, already scaled. */
export interface ModelBatch {
  /** `[B, T, F]` (absent for models on static features only). */
  readonly sequences?: tf.Tensor3D;
  /** `[B, T]`, 1 for real steps (absent with `sequences`). */
  readonly mask?: tf.Tensor2D;
  /** `[B, S]`. */
  readonly statics: tf.Tensor2D;
}

/** Raw (pre-sigmoid) outputs of a forward pass, `[B]` each. */
export interface HeadLogits {
  /** Churn logits, when the churn head is on. */
  readonly churn?: tf.Tensor1D;
  /** Renewal logits, when the renew head is on. */
  readonly renew?: tf.Tensor1D;
}

/**
 * The contract between a model and the {@link Trainer}: the hooks a training loop needs. Every
 * churnkit model implements it; a custom model can too, and then trains with the same Trainer.
 */
export interface TrainableModel extends Model {
  /** The seed the model's own configuration asks for (weights, dropout), if any. */
  readonly seed: number;
  /** Learns input scaling from the training FeatureSet and creates weights from `rng`. Called once per fit. */
  initialize(train: FeatureSet, rng: Random): void;
  /** Scales rows `rows` of `features` into tensors (the caller disposes them). */
  makeBatch(features: FeatureSet, rows: ArrayLike<number>): ModelBatch;
  /** Forward pass giving logits; differentiable in `trainableVariables()` when `training`. */
  forward(batch: ModelBatch, training: boolean, rng?: Random): HeadLogits;
  /** Frees per-step state after a forward/gradient step. */
  afterStep(): void;
  /** Variables the optimizer updates. */
  trainableVariables(): tf.Variable[];
  /** L2 penalty to add to the loss, or null when there is none. */
  regularization(): tf.Scalar | null;
  /** Copies of every weight by name (caller disposes). */
  getWeights(): tf.NamedTensorMap;
  /** Assigns weights by name. */
  setWeights(weights: tf.NamedTensorMap): void;
  /** Marks the model as fitted (the Trainer calls this when training ends). */
  markFitted(): void;
  /** The FeatureSet shape the model was built for, once initialised. */
  readonly inputShape: FeatureSetShape | undefined;
}
