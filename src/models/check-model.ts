import * as tf from '@tensorflow/tfjs-core';
import { importNode } from '../backend/runtime.js';
import { ChurnkitError, NotFittedError, ValidationError } from '../errors.js';
import type { FeatureSet } from '../features/feature-set.js';
import type { TrainerOptions } from '../train/config.js';
import { loadModel } from './load-model.js';
import type { Model } from './model.js';

/** Thrown by {@link checkModel}: names the contract rule a model broke. */
export class ModelContractError extends ChurnkitError {
  constructor(
    /** The rule that failed, e.g. `'same-seed refit'`. */
    readonly rule: string,
    detail: string,
  ) {
    super(`Model contract rule '${rule}' failed: ${detail}`);
  }
}

/** Options of {@link checkModel}. */
export interface CheckModelOptions {
  /** Trainer options for the battery's short fits. Default: 2 epochs, batch 32, silent, seed 7. */
  readonly trainer?: TrainerOptions;
  /**
   * Where to save for the save/load round trip. Default in Node: a `file://` temporary folder;
   * in a browser pass e.g. `'indexeddb://check-model'`, or `null` to skip the round trip.
   */
  readonly saveUrl?: string | null;
}

/** A small FeatureSet with a learnable signal, so that a fit has something to find. @internal */
export function contractFeatures(users = 48): { features: FeatureSet; churn: Float32Array; renew: Float32Array } {
  const steps = 6, F = 3, S = 2;
  const sequences = new Float32Array(users * steps * F);
  const statics = new Float32Array(users * S);
  const mask = new Float32Array(users * steps).fill(1);
  const churn = new Float32Array(users);
  const renew = new Float32Array(users);
  for (let u = 0; u < users; u++) {
    churn[u] = u % 3 === 0 ? 1 : 0;
    renew[u] = u % 4 === 0 ? Number.NaN : 1 - churn[u];
    if (u % 5 === 0) mask[u * steps] = 0;
    for (let t = 0; t < steps; t++) {
      for (let f = 0; f < F; f++) sequences[(u * steps + t) * F + f] = Math.sin(u * 1.3 + t * 0.7 + f) + (churn[u] ? -0.3 * t : 0.1 * t) * (f === 0 ? 1 : 0);
    }
    statics[u * S] = Math.cos(u * 0.9);
    statics[u * S + 1] = churn[u] ? 0.8 : -0.2;
  }
  const features: FeatureSet = {
    userIds: Array.from({ length: users }, (_, i) => `user${i}`),
    sequences, mask, statics,
    shape: { users, steps, sequenceFeatures: F, staticFeatures: S },
    sequenceFeatureNames: ['views', 'watchSeconds', 'comments'],
    staticFeatureNames: ['tenureDays', 'autoRenew'],
  };
  return { features, churn, renew };
}

function snapshot(features: FeatureSet, churn: Float32Array): string {
  return JSON.stringify([Array.from(features.sequences), Array.from(features.mask), Array.from(features.statics), Array.from(churn), features.shape]);
}

function same(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

async function expectThrows(rule: string, run: () => unknown, check: (e: unknown) => boolean, expected: string): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (check(error)) return;
    throw new ModelContractError(rule, `threw ${(error as Error)?.name}: ${(error as Error)?.message}, expected ${expected}`);
  }
  throw new ModelContractError(rule, `did not throw, expected ${expected}`);
}

/**
 * The contract battery every churnkit model passes (scikit-learn's `check_estimator`): no-argument
 * construction; unfitted use throws `NotFittedError`; `fit` resolves to the model itself; a
 * same-seed refit predicts identically; inputs and configuration are never mutated;
 * `fromConfig(getConfig())` gives an unfitted twin; save and load give identical predictions;
 * empty or NaN input fails with a path; and no tensor leaks. Run it on your own model too.
 *
 * @param factory Builds a model; called with no arguments for the construction check, and with
 *   `config` (a small, fast configuration) for the rest.
 * @example
 * ```ts
 * await checkModel((config) => new ChurnLSTM({ units: 8, ...config }));
 * ```
 */
export async function checkModel(factory: (config?: object) => Model, options: CheckModelOptions = {}): Promise<void> {
  const trainer: TrainerOptions = { epochs: 2, batchSize: 32, verbose: 0, seed: 7, ...options.trainer };
  const before = tf.memory().numTensors;
  const bare = factory();
  if (bare == null || typeof bare.predict !== 'function') throw new ModelContractError('no-argument construction', 'factory() did not return a model');
  bare.dispose();

  const { features, churn, renew } = contractFeatures();
  const data = { features, churn, renew };
  const model = factory();
  const config = JSON.stringify(model.getConfig());
  await expectThrows('unfitted use', () => model.predict(features), (e) => e instanceof NotFittedError, 'NotFittedError');

  const input = snapshot(features, churn);
  const returned = await model.fit(data, { trainer });
  if (returned !== model) throw new ModelContractError('fit returns this', 'fit() did not resolve to the model itself');
  const first = await model.predict(features);
  if (snapshot(features, churn) !== input) throw new ModelContractError('inputs not mutated', 'fit or predict changed the training data');
  if (JSON.stringify(model.getConfig()) !== config) throw new ModelContractError('config not mutated', 'fit changed getConfig()');
  if (!first.churn.every((p) => p >= 0 && p <= 1)) throw new ModelContractError('probabilities', 'churn predictions outside 0..1');

  const twin = factory();
  await twin.fit(data, { trainer });
  const second = await twin.predict(features);
  if (!same(first.churn, second.churn)) throw new ModelContractError('same-seed refit', 'two fits with the same seed predicted differently');
  twin.dispose();

  const fromConfig = (model.constructor as { fromConfig?: (c: object) => Model }).fromConfig;
  if (typeof fromConfig !== 'function') throw new ModelContractError('fromConfig', `${model.className} has no static fromConfig()`);
  const clone = fromConfig(JSON.parse(config));
  if (clone.isFitted || JSON.stringify(clone.getConfig()) !== config) throw new ModelContractError('fromConfig', 'fromConfig(getConfig()) is not an unfitted twin');
  clone.dispose();

  const url = options.saveUrl === undefined ? await tempFileUrl() : options.saveUrl;
  if (url !== null) {
    await model.save(url);
    const loaded = await loadModel(url);
    const again = await loaded.predict(features);
    loaded.dispose();
    if (!same(first.churn, again.churn)) throw new ModelContractError('save/load round trip', `predictions changed after save('${url}') and load`);
  }

  const empty: FeatureSet = { ...features, userIds: [], sequences: new Float32Array(0), mask: new Float32Array(0), statics: new Float32Array(0), shape: { ...features.shape, users: 0 } };
  await expectThrows('empty input', () => model.predict(empty), (e) => e instanceof ValidationError && e.issues.some((i) => i.path.length > 0), 'a ValidationError with a path');
  const nan = { ...features, statics: features.statics.slice() };
  nan.statics[5] = Number.NaN;
  await expectThrows('NaN input', () => model.predict(nan), (e) => e instanceof ValidationError && e.issues.some((i) => i.path.join('.') === 'statics.2.1'), "a ValidationError at path statics.2.1");

  model.dispose();
  const leaked = tf.memory().numTensors - before;
  if (leaked !== 0) throw new ModelContractError('no tensor leaks', `${leaked} tensors were left behind`);
}

async function tempFileUrl(): Promise<string | null> {
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  if (!isNode) return null;
  const { mkdtempSync } = await importNode<typeof import('node:fs')>('node:fs');
  const { tmpdir } = await importNode<typeof import('node:os')>('node:os');
  const { join } = await importNode<typeof import('node:path')>('node:path');
  return `file://${mkdtempSync(join(tmpdir(), 'churnkit-check-model-'))}`;
}
