import { ConfigError } from '../errors.js';
import { dealUsers, type UserItem } from './assign-users.js';

/** Options of {@link splitByUser}. */
export interface SplitByUserOptions {
  /** Share of users in the test side, in (0, 1). Default 0.2. */
  readonly testFraction?: number;
  /** Seed of the shuffle. Default 42. */
  readonly seed?: number;
  /** Keep the churn rate equal on both sides; needs labels. Default: true for labels, false for ids. */
  readonly stratify?: boolean;
}

/** Two disjoint sets of users. */
export interface UserSplit<T> {
  /** Items of the training users, in input order. */
  readonly train: T[];
  /** Items of the test users, in input order. */
  readonly test: T[];
}

/** Defaults of {@link SplitByUserOptions}. */
export const SPLIT_BY_USER_DEFAULTS = Object.freeze({
  /** One user in five goes to the test side. */
  testFraction: 0.2,
  /** The shuffle's seed. */
  seed: 42,
});

/**
 * Splits users (userIds or labels) into train and test: no user is on both sides, even when it
 * appears in several items. With labels it stratifies on churn by default, so both sides keep the
 * same churn rate. Same seed, same split.
 *
 * @example
 * const { train, test } = splitByUser(labels, { testFraction: 0.2, seed: 7 });
 */
export function splitByUser<T extends UserItem>(items: readonly T[], options: SplitByUserOptions = {}): UserSplit<T> {
  const testFraction = options.testFraction ?? SPLIT_BY_USER_DEFAULTS.testFraction;
  const seed = options.seed ?? SPLIT_BY_USER_DEFAULTS.seed;
  if (typeof testFraction !== 'number' || !(testFraction > 0 && testFraction < 1)) throw new ConfigError('testFraction', testFraction, 'a number in (0, 1)');
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new ConfigError('seed', seed, 'a finite number');
  const labelled = items.length > 0 && typeof items[0] !== 'string';
  if (options.stratify === true && !labelled && items.length > 0) throw new ConfigError('stratify', true, 'false when splitting bare userIds; pass labels to stratify on churn');
  const bucket = dealUsers(items, 'items', 2, seed, options.stratify ?? labelled, [1 - testFraction, testFraction]);
  const train: T[] = [];
  const test: T[] = [];
  items.forEach((item, i) => (bucket[i] === 1 ? test : train).push(item));
  return { train, test };
}
