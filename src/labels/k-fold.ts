import { ConfigError } from '../errors.js';
import { countUsers, dealUsers, type UserItem } from './assign-users.js';
import type { UserSplit } from './split-by-user.js';

/** Options of {@link kFold}. */
export interface KFoldOptions {
  /** How many folds, >= 2. Default 5. */
  readonly k?: number;
  /** Seed of the shuffle. Default 42. */
  readonly seed?: number;
  /** Keep the churn rate equal across folds; needs labels. Default: true for labels, false for ids. */
  readonly stratify?: boolean;
}

/** Defaults of {@link KFoldOptions}. */
export const K_FOLD_DEFAULTS = Object.freeze({
  /** Five folds. */
  k: 5,
  /** The shuffle's seed. */
  seed: 42,
});

/**
 * K-fold cross-validation over users: each user is in exactly one fold's `test` and in the
 * `train` of every other fold. Fold sizes (in users) differ by at most one; with labels the folds
 * are stratified on churn by default.
 *
 * @example
 * for (const { train, test } of kFold(labels, { k: 5, seed: 1 })) { ... }
 */
export function kFold<T extends UserItem>(items: readonly T[], options: KFoldOptions = {}): UserSplit<T>[] {
  const k = options.k ?? K_FOLD_DEFAULTS.k;
  const seed = options.seed ?? K_FOLD_DEFAULTS.seed;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 2) throw new ConfigError('k', k, 'an integer >= 2');
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new ConfigError('seed', seed, 'a finite number');
  const users = countUsers(items, 'items');
  if (k > users) throw new ConfigError('k', k, `at most the number of distinct users (${users})`);
  const labelled = items.length > 0 && typeof items[0] !== 'string';
  if (options.stratify === true && !labelled) throw new ConfigError('stratify', true, 'false when splitting bare userIds; pass labels to stratify on churn');
  const fold = dealUsers(items, 'items', k, seed, options.stratify ?? labelled);
  return Array.from({ length: k }, (_, f) => {
    const train: T[] = [];
    const test: T[] = [];
    items.forEach((item, i) => (fold[i] === f ? test : train).push(item));
    return { train, test };
  });
}
