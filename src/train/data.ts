import { ValidationError, type Issue } from '../errors.js';
import type { FeatureSet } from '../features/feature-set.js';
import type { Random } from '../models/random.js';

/** Training or validation data: features and, per user in row order, the labels. */
export interface TrainingData {
  /** The users' features, from `FeaturePipeline.transform`. */
  readonly features: FeatureSet;
  /** Churn label per user: 0 or 1. */
  readonly churn: ArrayLike<number>;
  /** Renewal label per user: 0, 1, or NaN for users with no membership expiring in the horizon. */
  readonly renew?: ArrayLike<number>;
}

/** Options of {@link Trainer.fit}. */
export interface FitOptions {
  /** Held-out data for validation loss, metrics and early stopping. */
  readonly validation?: TrainingData;
  /** Or: the fraction of training users (0–0.5) held out at random (seeded) for validation. */
  readonly validationSplit?: number;
}

/** Checks labels against the features, collecting every problem. @internal */
export function validateTrainingData(data: TrainingData, source: string): void {
  const issues: Issue[] = [];
  if (data == null || typeof data !== 'object' || data.features == null) {
    throw new ValidationError([{ code: 'invalid_type', path: [], message: 'expected { features, churn, renew? }' }], source);
  }
  const n = data.features.shape?.users;
  const check = (name: 'churn' | 'renew', allowNaN: boolean) => {
    const y = data[name];
    if (y === undefined) return;
    if (y == null || typeof y.length !== 'number') {
      issues.push({ code: 'invalid_type', path: [name], message: 'expected an array of labels, one per user' });
      return;
    }
    if (y.length !== n) issues.push({ code: 'invalid_size', path: [name], message: `has ${y.length} labels for ${n} users; pass one per FeatureSet row` });
    let bad = 0;
    for (let i = 0; i < y.length && bad < 5; i++) {
      const v = y[i];
      if (v === 0 || v === 1 || (allowNaN && Number.isNaN(v))) continue;
      bad++;
      issues.push({ code: 'invalid_label', path: [name, i], message: `is ${String(v)}, expected 0 or 1${allowNaN ? ' (or NaN for no renewal label)' : ''}` });
    }
  };
  check('churn', false);
  check('renew', true);
  if (issues.length > 0) throw new ValidationError(issues, source);
}

/** Rows `rows` of a FeatureSet and its labels, as a new TrainingData (copies). @internal */
export function takeRows(data: TrainingData, rows: ArrayLike<number>): TrainingData {
  const f = data.features;
  const { steps: T, sequenceFeatures: F, staticFeatures: S } = f.shape;
  const n = rows.length;
  const sequences = new Float32Array(n * T * F);
  const mask = new Float32Array(n * T);
  const statics = new Float32Array(n * S);
  const churn = new Float32Array(n);
  const renew = data.renew ? new Float32Array(n) : undefined;
  const userIds: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    sequences.set(f.sequences.subarray(r * T * F, (r + 1) * T * F), i * T * F);
    mask.set(f.mask.subarray(r * T, (r + 1) * T), i * T);
    statics.set(f.statics.subarray(r * S, (r + 1) * S), i * S);
    churn[i] = data.churn[r];
    if (renew) renew[i] = data.renew![r];
    userIds.push(f.userIds[r]);
  }
  return {
    features: { ...f, userIds, sequences, mask, statics, shape: { ...f.shape, users: n } },
    churn,
    renew,
  };
}

/** Splits off a seeded random `fraction` of users for validation. @internal */
export function splitValidation(data: TrainingData, fraction: number, rng: Random): { train: TrainingData; validation: TrainingData } {
  const n = data.features.shape.users;
  const order = rng.permutation(n);
  const held = Math.max(1, Math.round(n * fraction));
  const val = Array.from(order.subarray(0, held)).sort((a, b) => a - b);
  const tr = Array.from(order.subarray(held)).sort((a, b) => a - b);
  return { train: takeRows(data, tr), validation: takeRows(data, val) };
}
