import type { TrainableModel } from '../models/model.js';
import { Random } from '../models/random.js';
import { callAll, type TrainingContext } from './callbacks.js';
import { writeCheckpoint } from './checkpoints.js';
import { resolveClassWeights } from './class-weights.js';
import { resolveTrainerConfig, type TrainerConfig, type TrainerOptions } from './config.js';
import { splitValidation, validateTrainingData, type FitOptions, type TrainingData } from './data.js';
import { BestWeights } from './early-stopping.js';
import type { EpochLog, History } from './history.js';
import { evaluate, trainEpoch } from './loop.js';
import { makeOptimizer, setLearningRate } from './optimizers.js';
import { ProgressBar } from './progress-bar.js';
import { makeSchedule } from './schedules.js';
import { ConfigError } from '../errors.js';

/**
 * Trains any churnkit model (ChurnLSTM, the baselines, or your own {@link TrainableModel}) with a
 * plain gradient loop over the model's variables: seeded shuffling and dropout, class weights or
 * focal loss, a renew loss that ignores unlabelled users, gradient clipping, learning-rate
 * schedules, early stopping that restores the best epoch's weights, callbacks, a progress bar and
 * checkpoints. `fit` resolves to the per-epoch {@link History}.
 *
 * @example
 * ```ts
 * const trainer = new Trainer({ epochs: 40, loss: { classWeight: 'balanced' }, schedule: 'cosine' });
 * const history = await trainer.fit(model, { features, churn, renew }, { validationSplit: 0.15 });
 * console.log(history.bestEpoch, history.epochs.at(-1)?.auc);
 * ```
 */
export class Trainer {
  /** The resolved options. */
  readonly config: TrainerConfig;

  /** Stores the options (defaults filled in, validated). */
  constructor(options: TrainerOptions = {}) {
    this.config = resolveTrainerConfig(options);
  }

  /** The options as plain JSON (callbacks omitted). */
  getConfig(): Omit<TrainerConfig, 'callbacks'> {
    const { callbacks: _ignored, ...rest } = this.config;
    return JSON.parse(JSON.stringify(rest)) as Omit<TrainerConfig, 'callbacks'>;
  }

  /** Trains `model` on `train` and resolves to what happened in each epoch. The model is fitted afterwards. */
  async fit(model: TrainableModel, train: TrainingData, options: FitOptions = {}): Promise<History> {
    const config = this.config;
    validateTrainingData(train, 'train');
    const rng = new Random(config.seed);
    let validation = options.validation;
    let trainData = train;
    if (validation) {
      validateTrainingData(validation, 'validation');
    } else if (options.validationSplit !== undefined) {
      const f = options.validationSplit;
      if (typeof f !== 'number' || !(f > 0 && f <= 0.5)) throw new ConfigError('fit.validationSplit', f, 'a fraction in (0, 0.5]');
      ({ train: trainData, validation } = splitValidation(train, f, rng));
    }
    model.initialize(trainData.features, new Random(model.seed));

    const n = trainData.features.shape.users;
    const batchesPerEpoch = Math.ceil(n / config.batchSize);
    const optimizer = makeOptimizer(config.optimizer);
    const schedule = makeSchedule(config.schedule, config.epochs);
    schedule.reset(config.optimizer.learningRate);
    const es = config.earlyStopping;
    const monitor = es ? (es.monitor === 'valLoss' && !validation ? 'loss' : es.monitor) : validation ? 'valLoss' : 'loss';
    const best = new BestWeights(es ? es.minDelta : 0, es ? es.patience : undefined);
    const progress = new ProgressBar(config.verbose, config.epochs, batchesPerEpoch);
    const classWeights = resolveClassWeights(config.loss.classWeight, trainData.churn);
    let stop = false;
    const context: TrainingContext = { model, epochs: config.epochs, batchesPerEpoch, stopTraining: () => { stop = true; } };
    const epochs: EpochLog[] = [];
    let previous: number | undefined;

    try {
      await callAll(config.callbacks, 'onTrainBegin', context);
      for (let epoch = 0; epoch < config.epochs && !stop; epoch++) {
        const started = Date.now();
        const learningRate = schedule.rateFor(epoch, previous);
        setLearningRate(optimizer, learningRate);
        progress.startEpoch();
        const loss = await trainEpoch({
          model, data: trainData, batchSize: config.batchSize, optimizer, optimizerConfig: config.optimizer,
          loss: config.loss, classWeights, rng,
          onBatch: async (batch, batchLoss) => {
            progress.batch(epoch, batch, batchLoss);
            await callAll(config.callbacks, 'onBatchEnd', { epoch, batch, loss: batchLoss }, context);
          },
        });
        model.markFitted();
        const measured = await evaluate(model, validation ?? trainData, config.loss);
        const log: EpochLog = {
          epoch,
          loss,
          valLoss: validation ? measured.loss : undefined,
          ...measured.metrics,
          learningRate,
          seconds: (Date.now() - started) / 1000,
        };
        epochs.push(log);
        const figure = monitor === 'auc' ? -(log.auc ?? Number.NaN) : monitor === 'valLoss' ? log.valLoss! : log.loss;
        previous = figure;
        const improved = es || config.checkpoint ? best.update(epoch, figure, model) : false;
        if (config.checkpoint) await writeCheckpoint(model, config.checkpoint, epoch, improved);
        progress.endEpoch(log);
        await callAll(config.callbacks, 'onEpochEnd', log, context);
        if (best.shouldStop) stop = true;
      }
      // Without early stopping the model keeps its last weights, as asked.
      if (es) best.restore(model);
      model.markFitted();
      const history: History = { epochs, bestEpoch: es ? best.bestEpoch : epochs.length - 1, stoppedEarly: epochs.length < config.epochs };
      if (history.stoppedEarly) progress.message(`Stopped early; restored the weights of epoch ${history.bestEpoch + 1}.`);
      await callAll(config.callbacks, 'onTrainEnd', context);
      return history;
    } finally {
      best.dispose();
      optimizer.dispose();
    }
  }
}
