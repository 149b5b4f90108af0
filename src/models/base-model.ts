import * as tf from '@tensorflow/tfjs-core';
import { ensureChainedOps } from '../backend/chained-ops.js';
import { ChurnkitError, NotFittedError } from '../errors.js';
import type { FeatureSet, FeatureSetShape } from '../features/feature-set.js';
import { saveArtifacts, type ModelTopology } from './io/artifacts.js';
import type { HeadLogits, Heads, ModelBatch, ModelFitOptions, Predictions, PredictOptions, SaveResult, TrainableModel } from './model.js';
import type { Random } from './random.js';
import { l2Penalty } from './l2-penalty.js';
import { validateFeatureSet } from './validate.js';
import { Trainer } from '../train/trainer.js';
import type { TrainingData } from '../train/data.js';
import type { History } from '../train/history.js';

/** What a fitted model learned besides its weights. @internal */
export interface FittedInputs {
  readonly shape: FeatureSetShape;
  readonly sequenceFeatureNames: readonly string[];
  readonly staticFeatureNames: readonly string[];
  /** Subclass-specific input scaling, stored verbatim in the saved model. */
  readonly scaling: unknown;
}

/**
 * Shared machinery of churnkit's models: the fitted guard, batched prediction with bounded memory,
 * saving, weights by name and disposal. Subclasses provide the network. @internal
 */
export abstract class BaseModel<Config extends { heads: Heads; seed: number }> implements TrainableModel {
  abstract readonly className: string;
  /** The resolved options, defaults filled in. */
  readonly config: Config;
  private inputs: FittedInputs | undefined;
  /** The History of the last `fit`, if any. */
  history: History | undefined;
  private built = false;
  private fitted = false;

  protected constructor(config: Config) {
    this.config = config;
  }

  /** Which heads this model has. */
  get heads(): Heads {
    return this.config.heads;
  }

  /** The seed for weights and dropout. */
  get seed(): number {
    return this.config.seed;
  }

  /** True once trained (or loaded). */
  get isFitted(): boolean {
    return this.fitted;
  }

  /** The shape of the FeatureSet the model was built for. */
  get inputShape(): FeatureSetShape | undefined {
    return this.inputs?.shape;
  }

  /** The options as plain JSON. */
  getConfig(): Config {
    return JSON.parse(JSON.stringify(this.config)) as Config;
  }

  // --- hooks for subclasses -------------------------------------------------------------------
  /** Learns input scaling from training features. */
  protected abstract fitScaling(train: FeatureSet): unknown;
  /** Builds the network's variables for `shape`. */
  protected abstract buildNetwork(shape: FeatureSetShape, scaling: unknown, rng: Random): void;
  /** Makes scaled batch tensors. */
  protected abstract batchFrom(features: FeatureSet, rows: ArrayLike<number>, scaling: unknown): ModelBatch;
  /** Forward pass to logits. */
  protected abstract forwardNetwork(batch: ModelBatch, training: boolean, rng?: Random): HeadLogits;
  /** Named variables, in a stable order. */
  protected abstract namedVariables(): [string, tf.Variable][];
  /** Kernels under the L2 penalty. */
  protected abstract penalized(): tf.Variable[];
  /** The L2 coefficient. */
  protected abstract l2(): number;
  /** Frees the network. */
  protected abstract disposeNetwork(): void;

  // --- TrainableModel --------------------------------------------------------------------------
  initialize(train: FeatureSet, rng: Random): void {
    ensureChainedOps();
    validateFeatureSet(train, undefined, 'train.features');
    if (this.built) this.disposeNetwork();
    const scaling = this.fitScaling(train);
    this.inputs = {
      shape: train.shape,
      sequenceFeatureNames: [...train.sequenceFeatureNames],
      staticFeatureNames: [...train.staticFeatureNames],
      scaling,
    };
    this.buildNetwork(train.shape, scaling, rng);
    this.built = true;
    this.fitted = false;
  }

  /** The input scaling learned by fit (or loaded). @internal */
  protected get scaling(): unknown {
    return this.requireInputs('scaling').scaling;
  }

  makeBatch(features: FeatureSet, rows: ArrayLike<number>): ModelBatch {
    return this.batchFrom(features, rows, this.requireInputs('makeBatch').scaling);
  }

  forward(batch: ModelBatch, training: boolean, rng?: Random): HeadLogits {
    this.requireInputs('forward');
    return this.forwardNetwork(batch, training, rng);
  }

  afterStep(): void {}

  trainableVariables(): tf.Variable[] {
    return this.namedVariables().map(([, v]) => v);
  }

  regularization(): tf.Scalar | null {
    const l2 = this.l2();
    const kernels = this.penalized();
    if (l2 <= 0 || kernels.length === 0) return null;
    return l2Penalty(kernels, l2);
  }

  getWeights(): tf.NamedTensorMap {
    const out: tf.NamedTensorMap = {};
    for (const [name, v] of this.namedVariables()) out[name] = v.clone();
    return out;
  }

  setWeights(weights: tf.NamedTensorMap): void {
    for (const [name, v] of this.namedVariables()) {
      const value = weights[name];
      if (!value || value.shape.join() !== v.shape.join()) {
        throw new ChurnkitError(`${this.className}: weight '${name}' is ${value ? `[${value.shape}]` : 'missing'}, expected [${v.shape}].`);
      }
      v.assign(value);
    }
  }

  markFitted(): void {
    this.requireInputs('markFitted');
    this.fitted = true;
  }

  // --- public API ---------------------------------------------------------------------------
  /**
   * Trains the model with a {@link Trainer} (`options.trainer`, defaults otherwise) and resolves to the
   * model itself; the per-epoch record is in `model.history`. Same as `new Trainer(o).fit(model, train, options)`.
   */
  async fit(train: TrainingData, options: ModelFitOptions = {}): Promise<this> {
    const { trainer, ...fitOptions } = options;
    this.history = await new Trainer(trainer).fit(this, train, fitOptions);
    return this;
  }

  /**
   * Scores every user in `features`, in row order, `batchSize` users per forward pass so memory
   * stays bounded however many users there are.
   */
  async predict(features: FeatureSet, options: PredictOptions = {}): Promise<Predictions> {
    const inputs = this.requireFitted('predict');
    validateFeatureSet(features, inputs.shape);
    const batchSize = options.batchSize ?? 1024;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new ChurnkitError(`predict: batchSize must be a positive integer, got ${batchSize}.`);
    const n = features.shape.users;
    const churn = new Float32Array(n);
    const renew = this.heads.renew ? new Float32Array(n) : undefined;
    await this.scoreInto(features, batchSize, { churn, renew });
    if (!this.heads.churn) churn.fill(Number.NaN);
    return renew ? { churn, renew } : { churn };
  }

  /**
   * Writes every user's probabilities into `out`, `batchSize` users per forward pass: the generic
   * loop over {@link BaseModel.forward}, which a model may replace with a faster one giving the same
   * numbers. @internal
   */
  protected async scoreInto(features: FeatureSet, batchSize: number, out: { churn: Float32Array; renew?: Float32Array }): Promise<void> {
    const n = features.shape.users;
    for (let start = 0; start < n; start += batchSize) {
      const rows = Array.from({ length: Math.min(batchSize, n - start) }, (_, i) => start + i);
      const probabilities = tf.tidy(() => {
        const batch = this.makeBatch(features, rows);
        const logits = this.forward(batch, false);
        return { churn: logits.churn ? tf.sigmoid(logits.churn) : undefined, renew: logits.renew ? tf.sigmoid(logits.renew) : undefined };
      });
      this.afterStep();
      if (probabilities.churn) out.churn.set((await probabilities.churn.data()) as Float32Array, start);
      if (probabilities.renew && out.renew) out.renew.set((await probabilities.renew.data()) as Float32Array, start);
      tf.dispose([probabilities.churn, probabilities.renew].filter((t): t is tf.Tensor1D => t !== undefined));
    }
  }

  /** Saves configuration, input scaling and weights to `url` (`file://dir`, `indexeddb://name`, `http(s)://…`). */
  async save(url: string): Promise<SaveResult> {
    const inputs = this.requireFitted('save');
    const topology: ModelTopology = {
      format: 'churnkit-model',
      version: 1,
      className: this.className,
      config: this.getConfig(),
      inputs: inputs as unknown as Record<string, unknown>,
    };
    const weights = this.getWeights();
    try {
      return await saveArtifacts(url, topology, weights);
    } finally {
      tf.dispose(Object.values(weights));
    }
  }

  /** Rebuilds a loaded model from its saved inputs and weights. @internal */
  restore(inputs: FittedInputs, weights: tf.NamedTensorMap, rng: Random): void {
    ensureChainedOps();
    this.inputs = inputs;
    this.buildNetwork(inputs.shape, inputs.scaling, rng);
    this.built = true;
    this.setWeights(weights);
    this.fitted = true;
  }

  /** Frees every tensor the model holds. */
  dispose(): void {
    if (this.built) this.disposeNetwork();
    this.built = false;
    this.fitted = false;
    this.inputs = undefined;
  }

  private requireInputs(method: string): FittedInputs {
    if (!this.inputs || !this.built) throw new NotFittedError(this.className, method);
    return this.inputs;
  }

  private requireFitted(method: string): FittedInputs {
    if (!this.fitted) throw new NotFittedError(this.className, method);
    return this.requireInputs(method);
  }
}
