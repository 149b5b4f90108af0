import { ConfigError } from '../errors.js';
import type { Callback } from './callbacks.js';

/** Which optimizer, with its learning rate, epsilon and gradient clipping. */
export interface OptimizerConfig {
  /** `'adam'` (default), `'sgd'` or `'rmsprop'`. */
  readonly name: 'adam' | 'sgd' | 'rmsprop';
  /** Initial learning rate. Default 2e-3. */
  readonly learningRate: number;
  /**
   * Numerical epsilon of adam / rmsprop, always passed explicitly. Default 1e-7 (Keras' value):
   * tfjs otherwise takes the backend's epsilon, which is 1e-4 on WebGL with 16-bit float
   * precision, so training on WebGL would drift from cpu and wasm.
   */
  readonly epsilon: number;
  /** Rescale the gradients so their global L2 norm is at most this (0 = off). Default 1. */
  readonly clipNorm: number;
  /** Clip each gradient element to ±this (0 = off). Default 0. */
  readonly clipValue: number;
}

/** Multiply the learning rate by `factor` every `every` epochs. */
export interface StepSchedule {
  /** Discriminator. */
  readonly type: 'step';
  /** Epochs between drops. Default 10. */
  readonly every: number;
  /** Multiplier at each drop, in (0, 1]. Default 0.5. */
  readonly factor: number;
}

/** Cosine decay from the initial rate to `minLearningRate` over the epochs. */
export interface CosineSchedule {
  /** Discriminator. */
  readonly type: 'cosine';
  /** Rate reached at the last epoch. Default 1e-5. */
  readonly minLearningRate: number;
}

/** Multiply the rate by `factor` when the monitored figure has not improved for `patience` epochs. */
export interface PlateauSchedule {
  /** Discriminator. */
  readonly type: 'plateau';
  /** Multiplier, in (0, 1). Default 0.5. */
  readonly factor: number;
  /** Epochs without improvement before a drop. Default 2. */
  readonly patience: number;
  /** Floor. Default 1e-5. */
  readonly minLearningRate: number;
}

/** A learning-rate schedule, or `'none'` for a constant rate. */
export type ScheduleConfig = 'none' | StepSchedule | CosineSchedule | PlateauSchedule;

/** Explicit per-class weights of the churn loss. */
export interface ClassWeights {
  /** Weight of a stayer. */
  readonly 0: number;
  /** Weight of a churner. */
  readonly 1: number;
}

/** Focal-loss settings (Lin et al. 2017). */
export interface FocalLoss {
  /** Focusing exponent; 0 gives alpha-weighted cross-entropy. Default 2. */
  readonly gamma: number;
  /** Weight of the churner class, in (0, 1). Default 0.25. */
  readonly alpha: number;
}

/** Early stopping: stop when the monitored figure has not improved for `patience` epochs, then restore the best weights. */
export interface EarlyStoppingConfig {
  /** `'valLoss'` (default; `'loss'` when there is no validation data) or `'auc'`. */
  readonly monitor: 'valLoss' | 'loss' | 'auc';
  /** Epochs without improvement before stopping. Default 5. */
  readonly patience: number;
  /** Smallest change that counts as an improvement. Default 1e-4. */
  readonly minDelta: number;
}

/** How the loss treats class imbalance and the renewal head. */
export interface LossConfig {
  /** Churn class weights: `'none'` (default), `'balanced'` (n / (2·n_class)) or explicit `{ 0: w0, 1: w1 }`. */
  readonly classWeight: 'none' | 'balanced' | ClassWeights;
  /** Focal loss on the churn head instead of cross-entropy, or false (default). */
  readonly focal: false | FocalLoss;
  /**
   * Weight of the renewal head's loss against the churn head's. Default 0.3: fewer users have a renewal
   * label, so at full weight the renew head overfits first and early stopping ends training before the
   * churn head has converged (measured on the 20,000-user quickstart).
   */
  readonly renewWeight: number;
}

/** Where and when to write checkpoints. */
export interface CheckpointConfig {
  /** A `file://` (or other tfjs) URL; the best model goes to `<url>/best`, or every epoch to `<url>/epoch-<n>`. */
  readonly url: string;
  /** Save only when the monitored figure improves (default true). */
  readonly saveBestOnly: boolean;
}

/** The options of {@link Trainer}. Every one has a default, so `new Trainer()` works. */
export interface TrainerConfig {
  /** Maximum passes over the training data. Default 30. */
  readonly epochs: number;
  /** Users per gradient step. Default 256. */
  readonly batchSize: number;
  /** Optimizer settings, or just its name. */
  readonly optimizer: OptimizerConfig;
  /** Learning-rate schedule. Default reduce-on-plateau (factor 0.5, patience 2). */
  readonly schedule: ScheduleConfig;
  /** Early stopping that restores the best epoch's weights, or false. Default patience 5 on valLoss. */
  readonly earlyStopping: EarlyStoppingConfig | false;
  /** Class weights, focal loss and the renew head's weight. */
  readonly loss: LossConfig;
  /** Hooks called during training. */
  readonly callbacks: readonly Callback[];
  /** 0 silent, 1 a progress bar on a terminal (one line per epoch otherwise), 2 one line per epoch. Default 1. */
  readonly verbose: 0 | 1 | 2;
  /** Write checkpoints to disk, or undefined (default). */
  readonly checkpoint?: CheckpointConfig;
  /** Seed for shuffling, the validation split and dropout. Default 42. */
  readonly seed: number;
}

/** What {@link Trainer} accepts: any subset of the options, with shorthands. */
export interface TrainerOptions {
  /** See {@link TrainerConfig.epochs}. */
  readonly epochs?: number;
  /** See {@link TrainerConfig.batchSize}. */
  readonly batchSize?: number;
  /** An optimizer name, or some of its settings. */
  readonly optimizer?: OptimizerConfig['name'] | Partial<OptimizerConfig>;
  /** `'step'`, `'cosine'`, `'plateau'`, `'none'`, or a full schedule object. */
  readonly schedule?: ScheduleConfig | 'step' | 'cosine' | 'plateau';
  /** false, or some early-stopping settings. */
  readonly earlyStopping?: Partial<EarlyStoppingConfig> | false;
  /** Some loss settings. */
  readonly loss?: Partial<LossConfig>;
  /** See {@link TrainerConfig.callbacks}. */
  readonly callbacks?: readonly Callback[];
  /** See {@link TrainerConfig.verbose}. */
  readonly verbose?: 0 | 1 | 2;
  /** A URL, or checkpoint settings. */
  readonly checkpoint?: string | Partial<CheckpointConfig>;
  /** See {@link TrainerConfig.seed}. */
  readonly seed?: number;
}

/** The Trainer's defaults (every option but callbacks and checkpoint). */
export const TRAINER_DEFAULTS: Readonly<Omit<TrainerConfig, 'callbacks' | 'checkpoint'>> = Object.freeze({
  epochs: 30,
  batchSize: 256,
  optimizer: Object.freeze({ name: 'adam', learningRate: 2e-3, epsilon: 1e-7, clipNorm: 1, clipValue: 0 }) as OptimizerConfig,
  schedule: Object.freeze({ type: 'plateau', factor: 0.5, patience: 2, minLearningRate: 1e-5 }) as ScheduleConfig,
  earlyStopping: Object.freeze({ monitor: 'valLoss', patience: 5, minDelta: 1e-4 }) as EarlyStoppingConfig,
  loss: Object.freeze({ classWeight: 'none', focal: false, renewWeight: 0.3 }) as LossConfig,
  verbose: 1,
  seed: 42,
});

const SCHEDULE_DEFAULTS = {
  step: { type: 'step', every: 10, factor: 0.5 },
  cosine: { type: 'cosine', minLearningRate: 1e-5 },
  plateau: TRAINER_DEFAULTS.schedule,
} as const;

const KEYS = ['epochs', 'batchSize', 'optimizer', 'schedule', 'earlyStopping', 'loss', 'callbacks', 'verbose', 'checkpoint', 'seed'];

function num(name: string, value: unknown, ok: (v: number) => boolean, expected: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) throw new ConfigError(`Trainer.${name}`, value, expected);
}

function only(name: string, value: object, keys: readonly string[]): void {
  for (const key of Object.keys(value)) if (!keys.includes(key)) throw new ConfigError(`Trainer.${name}.${key}`, (value as Record<string, unknown>)[key], `one of ${keys.join(', ')}`);
}

/** Fills defaults and validates every option, naming the option on error. @internal */
export function resolveTrainerConfig(options: TrainerOptions): TrainerConfig {
  if (options == null || typeof options !== 'object') throw new ConfigError('Trainer', options, 'an options object or nothing');
  only('', options, KEYS);
  const epochs = options.epochs ?? TRAINER_DEFAULTS.epochs;
  num('epochs', epochs, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
  const batchSize = options.batchSize ?? TRAINER_DEFAULTS.batchSize;
  num('batchSize', batchSize, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');

  const o = typeof options.optimizer === 'string' ? { name: options.optimizer } : (options.optimizer ?? {});
  only('optimizer', o, Object.keys(TRAINER_DEFAULTS.optimizer));
  const optimizer = { ...TRAINER_DEFAULTS.optimizer, ...o };
  if (!['adam', 'sgd', 'rmsprop'].includes(optimizer.name)) throw new ConfigError('Trainer.optimizer.name', optimizer.name, "'adam', 'sgd' or 'rmsprop'");
  num('optimizer.learningRate', optimizer.learningRate, (v) => v > 0, 'a number > 0');
  num('optimizer.epsilon', optimizer.epsilon, (v) => v > 0, 'a number > 0');
  num('optimizer.clipNorm', optimizer.clipNorm, (v) => v >= 0, 'a number >= 0 (0 = off)');
  num('optimizer.clipValue', optimizer.clipValue, (v) => v >= 0, 'a number >= 0 (0 = off)');

  const s = options.schedule ?? TRAINER_DEFAULTS.schedule;
  const picked = typeof s === 'string' ? (s === 'none' ? 'none' : SCHEDULE_DEFAULTS[s]) : s;
  if (picked === undefined || picked === null) throw new ConfigError('Trainer.schedule', s, "'none', 'step', 'cosine', 'plateau' or a schedule object");
  let scheduleOut: ScheduleConfig = 'none';
  if (picked !== 'none') {
    const base = SCHEDULE_DEFAULTS[picked.type] as object | undefined;
    if (!base) throw new ConfigError('Trainer.schedule.type', picked.type, "'step', 'cosine' or 'plateau'");
    const merged = { ...base, ...picked } as Exclude<ScheduleConfig, 'none'>;
    if (merged.type === 'step') {
      num('schedule.every', merged.every, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
      num('schedule.factor', merged.factor, (v) => v > 0 && v <= 1, 'a number in (0, 1]');
    } else if (merged.type === 'plateau') {
      num('schedule.factor', merged.factor, (v) => v > 0 && v < 1, 'a number in (0, 1)');
      num('schedule.patience', merged.patience, (v) => Number.isInteger(v) && v >= 0, 'an integer >= 0');
      num('schedule.minLearningRate', merged.minLearningRate, (v) => v >= 0, 'a number >= 0');
    } else {
      num('schedule.minLearningRate', merged.minLearningRate, (v) => v >= 0, 'a number >= 0');
    }
    scheduleOut = merged;
  }

  let earlyStopping: EarlyStoppingConfig | false = false;
  if (options.earlyStopping !== false) {
    const e = options.earlyStopping ?? {};
    const base = TRAINER_DEFAULTS.earlyStopping as EarlyStoppingConfig;
    only('earlyStopping', e, Object.keys(base));
    earlyStopping = { ...base, ...e };
    const es = earlyStopping;
    if (!['valLoss', 'loss', 'auc'].includes(es.monitor)) throw new ConfigError('Trainer.earlyStopping.monitor', es.monitor, "'valLoss', 'loss' or 'auc'");
    num('earlyStopping.patience', es.patience, (v) => Number.isInteger(v) && v >= 0, 'an integer >= 0');
    num('earlyStopping.minDelta', es.minDelta, (v) => v >= 0, 'a number >= 0');
  }

  const l = options.loss ?? {};
  only('loss', l, Object.keys(TRAINER_DEFAULTS.loss));
  const loss: { -readonly [K in keyof LossConfig]: LossConfig[K] } = { ...TRAINER_DEFAULTS.loss, ...l };
  const cw = loss.classWeight;
  if (!(cw === 'none' || cw === 'balanced' || (typeof cw === 'object' && cw !== null && cw[0] > 0 && cw[1] > 0))) {
    throw new ConfigError('Trainer.loss.classWeight', cw, "'none', 'balanced' or { 0: w0, 1: w1 } with positive weights");
  }
  if (loss.focal !== false) {
    const f = loss.focal;
    if (typeof f !== 'object' || f === null) throw new ConfigError('Trainer.loss.focal', f, 'false or { gamma, alpha }');
    const focal = { gamma: 2, alpha: 0.25, ...(f as object) } as { gamma: number; alpha: number };
    num('loss.focal.gamma', focal.gamma, (v) => v >= 0, 'a number >= 0');
    num('loss.focal.alpha', focal.alpha, (v) => v > 0 && v < 1, 'a number in (0, 1)');
    loss.focal = focal;
  }
  num('loss.renewWeight', loss.renewWeight, (v) => v >= 0, 'a number >= 0');

  const callbacks = options.callbacks ?? [];
  if (!Array.isArray(callbacks)) throw new ConfigError('Trainer.callbacks', callbacks, 'an array of callback objects');
  const verbose = options.verbose ?? TRAINER_DEFAULTS.verbose;
  if (verbose !== 0 && verbose !== 1 && verbose !== 2) throw new ConfigError('Trainer.verbose', verbose, '0, 1 or 2');
  const c = options.checkpoint;
  let checkpoint: CheckpointConfig | undefined;
  if (c !== undefined) {
    const cc = typeof c === 'string' ? { url: c } : c;
    only('checkpoint', cc, ['url', 'saveBestOnly']);
    if (typeof cc.url !== 'string' || cc.url.length === 0) throw new ConfigError('Trainer.checkpoint.url', cc.url, "a URL such as 'file://./checkpoints'");
    checkpoint = { url: cc.url, saveBestOnly: cc.saveBestOnly ?? true };
  }
  const seed = options.seed ?? TRAINER_DEFAULTS.seed;
  num('seed', seed, Number.isInteger, 'an integer');
  return { epochs, batchSize, optimizer, schedule: scheduleOut, earlyStopping, loss, callbacks, verbose, checkpoint, seed };
}
