import * as tf from '@tensorflow/tfjs-core';
import { withHostCopy } from '../backend/host-memory.js';
import { ConfigError } from '../errors.js';
import type { FeatureSet, FeatureSetShape } from '../features/feature-set.js';
import { BaseModel } from './base-model.js';
import { Dense, dropoutMask, joinColumns, seededDropout } from './dense.js';
import { kernelRunner } from '../kernels/threads.js';
import { hostHeadAvailable, hostWideDeepHead, wideDeepValues, type WideDeepWeights } from './host-head.js';
import { hostScoringSwitch, scoreOnHost, type HostBatch, type HostScorer } from './host-scoring.js';
import type { RecurrentEncoder } from './encoder/recurrent-encoder.js';
import { createEncoder } from './encoder/registry.js';
import { loadInto } from './load.js';
import type { HeadLogits, Heads, ModelBatch } from './model.js';
import type { Random } from './random.js';
import { fitScaler, scaleSequenceRows, scaleStaticRows, type ScalerState } from './scaler.js';
import { summarize, summarized } from './summary.js';

/** Options of {@link ChurnLSTM}; every one has a default. */
export interface ChurnLSTMConfig {
  /** Recurrent cell: `'lstm'` or `'gru'`. Default `'lstm'`. */
  readonly cell: 'lstm' | 'gru';
  /** Stacked recurrent layers, 1 to 3. Default 1. */
  readonly layers: number;
  /** Hidden units per recurrent layer; the fusion layer has half as many (at least 8). Default 32. */
  readonly units: number;
  /** Dropout on the fused sequence + static representation while training, in [0, 1). Default 0.3. */
  readonly dropout: number;
  /** Dropout on the recurrent state while training, in [0, 1). Default 0 (it slows the recurrence). */
  readonly recurrentDropout: number;
  /** L2 penalty on every kernel (recurrent, fusion and heads). Default 1e-3. */
  readonly l2: number;
  /** Which heads to train: churn and/or renew. Default both. */
  readonly heads: Heads;
  /** Seed for weight initialisation and dropout masks. Default 42. */
  readonly seed: number;
}

/** The defaults of {@link ChurnLSTMConfig}. */
export const CHURN_LSTM_DEFAULTS: ChurnLSTMConfig = Object.freeze({
  cell: 'lstm',
  layers: 1,
  units: 32,
  dropout: 0.3,
  recurrentDropout: 0,
  l2: 1e-3,
  heads: Object.freeze({ churn: true, renew: true }),
  seed: 42,
});

const KEYS = Object.keys(CHURN_LSTM_DEFAULTS) as (keyof ChurnLSTMConfig)[];

/** Fills defaults and validates; shared by the constructor and fromConfig. @internal */
export function resolveHeads(heads: Partial<Heads> | undefined, where: string): Heads {
  const out = { churn: heads?.churn ?? true, renew: heads?.renew ?? true };
  if (typeof out.churn !== 'boolean' || typeof out.renew !== 'boolean') throw new ConfigError(`${where}.heads`, heads, '{ churn: boolean, renew: boolean }');
  if (!out.churn && !out.renew) throw new ConfigError(`${where}.heads`, heads, 'at least one of churn and renew switched on');
  return out;
}

/** Checks a number option against a range. @internal */
export function checkNumber(where: string, name: string, value: unknown, ok: (v: number) => boolean, expected: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) throw new ConfigError(`${where}.${name}`, value, expected);
}

/** Rejects option names that do not exist (a misspelt key must not pass silently). @internal */
export function checkKeys(where: string, config: object, keys: readonly string[]): void {
  for (const key of Object.keys(config)) {
    if (!keys.includes(key)) throw new ConfigError(`${where}.${key}`, (config as Record<string, unknown>)[key], `one of the options ${keys.join(', ')}`);
  }
}

function resolve(config: Partial<ChurnLSTMConfig>): ChurnLSTMConfig {
  const where = 'ChurnLSTM';
  checkKeys(where, config, KEYS);
  const c = { ...CHURN_LSTM_DEFAULTS, ...config, heads: resolveHeads(config.heads, where) };
  if (c.cell !== 'lstm' && c.cell !== 'gru') throw new ConfigError(`${where}.cell`, c.cell, "'lstm' or 'gru'");
  checkNumber(where, 'layers', c.layers, (v) => Number.isInteger(v) && v >= 1 && v <= 3, 'an integer from 1 to 3');
  checkNumber(where, 'units', c.units, (v) => Number.isInteger(v) && v >= 1 && v <= 1024, 'an integer from 1 to 1024');
  checkNumber(where, 'dropout', c.dropout, (v) => v >= 0 && v < 1, 'a number in [0, 1)');
  checkNumber(where, 'recurrentDropout', c.recurrentDropout, (v) => v >= 0 && v < 1, 'a number in [0, 1)');
  checkNumber(where, 'l2', c.l2, (v) => v >= 0, 'a number >= 0');
  checkNumber(where, 'seed', c.seed, (v) => Number.isInteger(v), 'an integer');
  return c;
}

/** Input scaling of ChurnLSTM: sequence channels, and the static + summary table. @internal */
interface LstmScaling {
  readonly sequence: ScalerState;
  readonly table: ScalerState;
}

/** Users per sigmoid op when predict turns logits into probabilities (bounds the op's extra memory). */
const SIGMOID_CHUNK = 1 << 16;

/** Width of the table the fusion layer and heads see: statics + 3 summaries per channel + 1. */
function tableWidth(shape: FeatureSetShape): number {
  return shape.staticFeatures + 3 * shape.sequenceFeatures + 1;
}

interface Network {
  readonly encoder: RecurrentEncoder;
  readonly fusion: Dense;
  readonly churn?: Dense;
  readonly renew?: Dense;
}

/**
 * The sequence model: a recurrent encoder (LSTM or GRU, 1–3 layers) reads each user's time
 * buckets, skipping left padding through the mask; its last hidden state is concatenated with the
 * user's table (static features plus a per-channel summary of the sequence, as the baselines see)
 * and passed through a ReLU fusion layer; two logistic heads, churn and renew, read the fusion
 * output together with the table itself (a wide-and-deep skip).
 *
 * Train it with a {@link Trainer}; inputs are standardised with statistics learned from the
 * training FeatureSet and saved with the model.
 *
 * @example
 * ```ts
 * const model = new ChurnLSTM();                 // LSTM(32), both heads
 * await new Trainer().fit(model, { features: train, churn, renew }, { validationSplit: 0.15 });
 * const { churn: pChurn, renew: pRenew } = await model.predict(testFeatures);
 * await model.save('file://./models/churn');
 * const again = await ChurnLSTM.load('file://./models/churn');
 * ```
 */
export class ChurnLSTM extends BaseModel<ChurnLSTMConfig> {
  /** The class name stored in saved models. */
  readonly className = 'ChurnLSTM';
  private net: Network | undefined;

  /** Stores the options (defaults filled in, validated); no weights exist until training. */
  constructor(config: Partial<ChurnLSTMConfig> = {}) {
    super(resolve(config));
  }

  /** An unfitted model with the same options. */
  static fromConfig(config: Partial<ChurnLSTMConfig>): ChurnLSTM {
    return new ChurnLSTM(config);
  }

  /** Loads a model saved with `save(url)`: same predictions as the saved one, on the same backend. */
  static async load(url: string): Promise<ChurnLSTM> {
    return loadInto(url, 'ChurnLSTM', (config) => new ChurnLSTM(config as Partial<ChurnLSTMConfig>));
  }

  /** Which recurrent implementation runs (`'layers'`, or `'fused'` once registered); undefined before fit. */
  get encoderKind(): string | undefined {
    return this.net?.encoder.kind;
  }

  /** @internal */
  protected fitScaling(train: FeatureSet): LstmScaling {
    return { sequence: fitScaler(train), table: fitScaler(summarize(train)) };
  }

  /** @internal */
  protected buildNetwork(shape: FeatureSetShape, _scaling: unknown, rng: Random): void {
    const { cell, layers, units, recurrentDropout, heads } = this.config;
    const encoder = createEncoder({ cell, layers, units, recurrentDropout });
    encoder.build(shape.sequenceFeatures, rng);
    const hidden = Math.max(8, Math.round(units / 2));
    const table = tableWidth(shape);
    const fusion = new Dense(units + table, hidden, rng);
    this.net = {
      encoder,
      fusion,
      churn: heads.churn ? new Dense(hidden + table, 1, rng) : undefined,
      renew: heads.renew ? new Dense(hidden + table, 1, rng) : undefined,
    };
  }

  /** @internal */
  protected batchFrom(features: FeatureSet, rows: ArrayLike<number>, scaling: unknown): ModelBatch {
    const { x, mask, table } = this.batchArrays(features, rows, scaling as LstmScaling);
    const { steps: T, sequenceFeatures: F } = features.shape;
    const B = rows.length;
    return {
      // The fused encoder reads these arrays directly instead of copying the tensors back out.
      sequences: withHostCopy(tf.tensor3d(x, [B, T, F]), x),
      mask: withHostCopy(tf.tensor2d(mask, [B, T]), mask),
      statics: withHostCopy(tf.tensor2d(table, [B, tableWidth(features.shape)]), table),
    };
  }

  /** The scaled sequences, mask and table of `rows`. */
  private batchArrays(features: FeatureSet, rows: ArrayLike<number>, scaling: LstmScaling): HostBatch {
    const { sequences, mask } = scaleSequenceRows(features, rows, scaling.sequence);
    return { x: sequences, mask, table: scaleStaticRows(summarized(features), rows, scaling.table) };
  }

  /**
   * With the fused encoder and the host head (the cpu and wasm backends), scoring runs on plain
   * arrays and overlaps the kernel's worker threads with the work around them (see scoreOnHost):
   * the same numbers as the tensor path.
   */
  protected override async scoreInto(features: FeatureSet, batchSize: number, out: { churn: Float32Array; renew?: Float32Array }): Promise<void> {
    const scorer = this.hostScorer(features, out);
    if (!scorer) return super.scoreInto(features, batchSize, out);
    scoreOnHost(scorer, features.shape.users, batchSize);
    // The heads' logits are in `out` now; tfjs's sigmoid, as the tensor path applies it, makes them
    // probabilities bit for bit. Once per chunk of users rather than per batch: a tfjs op costs a
    // batch's whole head on the calling thread.
    for (const h of this.headNames()) {
      const values = out[h];
      if (!values) continue;
      for (let start = 0; start < values.length; start += SIGMOID_CHUNK) {
        const part = values.subarray(start, start + SIGMOID_CHUNK);
        part.set(tf.tidy(() => tf.sigmoid(tf.tensor1d(part)).dataSync() as Float32Array));
      }
    }
  }

  private hostScorer(features: FeatureSet, out: { churn: Float32Array; renew?: Float32Array }): HostScorer | undefined {
    const net = this.net!;
    if (!hostScoringSwitch.enabled || !net.encoder.kernelWeights || !hostHeadAvailable()) return undefined;
    const names = this.headNames();
    const scaling = this.scaling as LstmScaling;
    const { steps, sequenceFeatures } = features.shape;
    return {
      runner: kernelRunner(),
      encoder: {
        cell: this.config.cell,
        recurrentActivation: 'sigmoid',
        shape: { steps, features: sequenceFeatures, units: this.config.units },
        layers: net.encoder.kernelWeights(),
      },
      head: {
        values: wideDeepValues(this.headWeights(names)),
        dims: { encoded: this.config.units, table: tableWidth(features.shape), hidden: net.fusion.units, heads: names.length },
      },
      prepare: (rows) => this.batchArrays(features, rows, scaling),
      emit: (start, count, logits) => {
        names.forEach((h, i) => out[h]?.set(logits.subarray(i * count, (i + 1) * count), start));
      },
    };
  }

  /** @internal */
  protected forwardNetwork(batch: ModelBatch, training: boolean, rng?: Random): HeadLogits {
    const net = this.net!;
    return tf.tidy(() => {
      const encoded = net.encoder.apply(batch.sequences!, batch.mask!, { training, rng });
      const host = this.hostHead(encoded, batch.statics, training, rng);
      if (host) return host;
      const joined = joinColumns(encoded, batch.statics, training);
      const deep = seededDropout(tf.relu(net.fusion.apply(joined, training)), this.config.dropout, training ? rng : undefined);
      // Wide-and-deep: the heads also see the table linearly, so ChurnLSTM contains the logistic
      // baseline as a special case and the recurrent part only has to add what the table misses.
      const fused = joinColumns(deep, batch.statics, training);
      const out: { churn?: tf.Tensor1D; renew?: tf.Tensor1D } = {};
      if (net.churn) out.churn = tf.reshape(net.churn.apply(fused, training), [-1]) as tf.Tensor1D;
      if (net.renew) out.renew = tf.reshape(net.renew.apply(fused, training), [-1]) as tf.Tensor1D;
      return out;
    });
  }

  /**
   * The same head as one op on the cpu and wasm backends (see hostWideDeepHead), with the dropout
   * mask drawn exactly as the tfjs head draws it; undefined where it cannot run.
   */
  private hostHead(encoded: tf.Tensor2D, table: tf.Tensor2D, training: boolean, rng?: Random): { churn?: tf.Tensor1D; renew?: tf.Tensor1D } | undefined {
    // Checked first: on the fallback path the mask must not be drawn here too, or the tfjs head's draws shift.
    if (!hostHeadAvailable()) return undefined;
    const names = this.headNames();
    const { dropout } = this.config;
    const hidden = this.net!.fusion.units;
    const logits = hostWideDeepHead(encoded, table, this.headWeights(names), {
      training,
      dropoutMask: training && rng && dropout > 0 ? dropoutMask(encoded.shape[0] * hidden, dropout, rng) : undefined,
    });
    if (!logits) return undefined;
    const out: { churn?: tf.Tensor1D; renew?: tf.Tensor1D } = {};
    names.forEach((h, i) => (out[h] = logits[i]));
    return out;
  }

  /** The heads this model has, churn first: the order of the host head's logits. */
  private headNames(): ('churn' | 'renew')[] {
    const net = this.net!;
    return (['churn', 'renew'] as const).filter((h) => net[h]);
  }

  /** The fusion layer's and the `names` heads' variables, as the host head reads them. */
  private headWeights(names: readonly ('churn' | 'renew')[]): WideDeepWeights {
    const net = this.net!;
    return {
      fusion: net.fusion.variables() as unknown as [tf.Tensor2D, tf.Tensor1D],
      heads: names.map((h) => net[h]!.variables() as unknown as [tf.Tensor2D, tf.Tensor1D]),
    };
  }

  /** Frees the encoder's per-step state (dropout masks). */
  override afterStep(): void {
    this.net?.encoder.release();
  }

  /** @internal */
  protected namedVariables(): [string, tf.Variable][] {
    const net = this.net;
    if (!net) return [];
    const out: [string, tf.Variable][] = [];
    const names = Object.keys(this.encoderLayout());
    net.encoder.trainableVariables().forEach((v, i) => out.push([`encoder/${names[i]}`, v]));
    const add = (prefix: string, d: Dense | undefined) => {
      if (!d) return;
      const [kernel, bias] = d.variables();
      out.push([`${prefix}/kernel`, kernel], [`${prefix}/bias`, bias]);
    };
    add('fusion', net.fusion);
    add('churn', net.churn);
    add('renew', net.renew);
    return out;
  }

  /** The encoder's layout names in variable order (see RecurrentEncoder). */
  private encoderLayout(): Record<string, true> {
    const out: Record<string, true> = {};
    for (let i = 0; i < this.config.layers; i++) {
      out[`layer${i}/kernel`] = true;
      out[`layer${i}/recurrentKernel`] = true;
      out[`layer${i}/bias`] = true;
    }
    return out;
  }

  /** Copies of every weight by its saved name (`encoder/layer0/kernel`, `fusion/bias`, …); the caller disposes them. */
  override getWeights(): tf.NamedTensorMap {
    const net = this.net;
    if (!net) return {};
    const out: tf.NamedTensorMap = {};
    // The encoder reports its own weights in the shared layout, whatever its implementation.
    for (const [name, t] of Object.entries(net.encoder.getWeights())) out[`encoder/${name}`] = t;
    for (const [name, v] of this.namedVariables()) if (!name.startsWith('encoder/')) out[name] = v.clone();
    return out;
  }

  /** Assigns every weight by its saved name; shapes must match. */
  override setWeights(weights: tf.NamedTensorMap): void {
    const net = this.net;
    if (!net) return;
    const encoderWeights: tf.NamedTensorMap = {};
    for (const name of Object.keys(this.encoderLayout())) encoderWeights[name] = weights[`encoder/${name}`];
    net.encoder.setWeights(encoderWeights);
    const rest: tf.NamedTensorMap = {};
    for (const [name] of this.namedVariables()) if (!name.startsWith('encoder/')) rest[name] = weights[name];
    for (const [name, v] of this.namedVariables()) {
      if (name.startsWith('encoder/')) continue;
      const value = rest[name];
      if (!value || value.shape.join() !== v.shape.join()) {
        throw new ConfigError(`weights.${name}`, value ? `shape [${value.shape}]` : undefined, `shape [${v.shape}]`);
      }
      v.assign(value);
    }
  }

  /** @internal */
  protected penalized(): tf.Variable[] {
    const net = this.net;
    if (!net) return [];
    return [...net.encoder.regularizedVariables(), ...[net.fusion, net.churn, net.renew].flatMap((d) => (d ? [d.variables()[0]] : []))];
  }

  /** @internal */
  protected l2(): number {
    return this.config.l2;
  }

  /** @internal */
  protected disposeNetwork(): void {
    const net = this.net;
    if (!net) return;
    net.encoder.dispose();
    net.fusion.dispose();
    net.churn?.dispose();
    net.renew?.dispose();
    this.net = undefined;
  }
}
