import * as tf from '@tensorflow/tfjs-core';
import type { TrainableModel } from '../models/model.js';
import type { Random } from '../models/random.js';
import { clipGradients } from './clipping.js';
import type { LossConfig, OptimizerConfig } from './config.js';
import type { TrainingData } from './data.js';
import { FusedAdam } from './fused-adam.js';
import { epochMetrics, type EpochMetrics } from './epoch-metrics.js';
import { computeLoss, lossFromProbabilities, type BatchTargets } from './loss.js';

/** Everything one epoch of training needs. @internal */
export interface EpochJob {
  readonly model: TrainableModel;
  readonly data: TrainingData;
  readonly batchSize: number;
  readonly optimizer: tf.Optimizer;
  readonly optimizerConfig: OptimizerConfig;
  readonly loss: LossConfig;
  readonly classWeights: [number, number];
  readonly rng: Random;
  readonly onBatch: (batch: number, loss: number) => Promise<void>;
}

function targetsFor(data: TrainingData, rows: ArrayLike<number>, classWeights: [number, number]): BatchTargets {
  const n = rows.length;
  const churn = new Float32Array(n);
  const churnWeight = new Float32Array(n);
  const renew = new Float32Array(n);
  const renewWeight = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    churn[i] = data.churn[r];
    churnWeight[i] = classWeights[data.churn[r] === 1 ? 1 : 0];
    const y = data.renew ? data.renew[r] : Number.NaN;
    if (!Number.isNaN(y)) {
      renew[i] = y;
      renewWeight[i] = 1;
    }
  }
  return { churn, churnWeight, renew, renewWeight };
}

/**
 * One gradient step: forward, loss (+ L2), gradients of the model's variables, clipping, update.
 * This is the hook a fused kernel's fast path can replace. Returns the batch loss. @internal
 */
export async function trainStep(job: EpochJob, rows: ArrayLike<number>): Promise<number> {
  const { model, optimizer } = job;
  const targets = targetsFor(job.data, rows, job.classWeights);
  const batch = model.makeBatch(job.data.features, rows);
  try {
    const { value, grads } = tf.variableGrads(() => {
      const logits = model.forward(batch, true, job.rng);
      const loss = computeLoss(logits, targets, job.loss);
      const reg = model.regularization();
      return reg ? tf.add(loss, reg) : loss;
    }, model.trainableVariables());
    model.afterStep();
    applyUpdate(optimizer, grads, job.optimizerConfig);
    const loss = (await value.data())[0];
    value.dispose();
    return loss;
  } finally {
    tf.dispose([batch.sequences, batch.mask, batch.statics].filter(Boolean) as tf.Tensor[]);
  }
}

/** Clips `grads`, applies them with `optimizer` and disposes them. @internal */
export function applyUpdate(optimizer: tf.Optimizer, grads: tf.NamedTensorMap, config: Pick<OptimizerConfig, 'clipNorm' | 'clipValue'>): void {
  if (optimizer instanceof FusedAdam && optimizer.fused) {
    // One pass over plain arrays instead of ~110 tensor ops (see FusedAdam); same arithmetic.
    optimizer.applyClippedGradients(grads, config.clipNorm, config.clipValue);
    tf.dispose(Object.values(grads));
  } else {
    const clipped = clipGradients(grads, config.clipNorm, config.clipValue);
    optimizer.applyGradients(clipped);
    tf.dispose(Object.values(clipped));
  }
}

/** One pass over the training data in a seeded random order; resolves to the mean batch loss. @internal */
export async function trainEpoch(job: EpochJob): Promise<number> {
  const n = job.data.features.shape.users;
  const order = job.rng.permutation(n);
  let sum = 0;
  let batches = 0;
  for (let start = 0, b = 0; start < n; start += job.batchSize, b++) {
    const rows = order.subarray(start, Math.min(n, start + job.batchSize));
    const loss = await trainStep(job, rows);
    sum += loss * rows.length;
    batches += rows.length;
    await job.onBatch(b, loss);
  }
  return sum / Math.max(1, batches);
}

/** Loss and churn metrics of the model on `data` (inference mode). @internal */
export async function evaluate(model: TrainableModel, data: TrainingData, loss: LossConfig): Promise<{ loss: number; metrics: EpochMetrics }> {
  const p = await model.predict(data.features, { batchSize: 2048 });
  const value = lossFromProbabilities(model.heads.churn ? p.churn : undefined, data.churn, p.renew, data.renew, loss.renewWeight);
  const metrics = model.heads.churn
    ? epochMetrics(data.churn, p.churn)
    : { accuracy: Number.NaN, precision: Number.NaN, recall: Number.NaN, f1: Number.NaN, auc: Number.NaN };
  return { loss: value, metrics };
}
