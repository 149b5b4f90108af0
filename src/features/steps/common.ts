import { ConfigError, NotFittedError, ValidationError } from '../../errors.js';
import type { FeatureFrame } from '../frame.js';
import type { Json } from '../step.js';

/** Throws NotFittedError unless `fitted` is set; returns it typed. @internal */
export function requireFitted<T>(fitted: T | undefined, className: string, method: string): T {
  if (fitted === undefined) throw new NotFittedError(className, method);
  return fitted;
}

/** Fitting needs rows: an empty frame is an error naming `users`. @internal */
export function requireRows(frame: FeatureFrame, className: string): void {
  if (frame.tables.userIds.length === 0) {
    throw new ValidationError(
      [{ code: 'empty', path: ['users'], message: `${className}.fit() got 0 users; fit on at least one user (signed up at or before the cutoff, or listed in userIds)` }],
      'FeatureFrame',
    );
  }
}

/** Checks that a transform sees the same columns its fit saw. @internal */
export function requireSameColumns(expected: readonly string[], actual: readonly string[], className: string, block: string): void {
  if (expected.length === actual.length && expected.every((name, i) => name === actual[i])) return;
  throw new ValidationError(
    [{ code: 'columns_changed', path: [block], message: `${className} was fitted on ${block} columns [${expected.join(', ')}] but got [${actual.join(', ')}]; transform with the same steps before it` }],
    'FeatureFrame',
  );
}

/** Validates that `value` is one of `allowed`. @internal */
export function oneOf<T extends string>(option: string, value: T, allowed: readonly T[]): T {
  if (!allowed.includes(value)) throw new ConfigError(option, value, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
  return value;
}

/** Validates a positive integer option. @internal */
export function positiveInt(option: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(option, value, 'an integer >= 1');
  return value;
}

/** Reads `fitted` from a step JSON, `undefined` for null. @internal */
export function fittedOf<T>(json: { fitted: Json }): T | undefined {
  return json.fitted === null ? undefined : (json.fitted as unknown as T);
}

/** Most frequent values first, ties by name; at most `max`, each seen at least `minCount` times. @internal */
export function topValues(counts: Map<string, number>, max: number, minCount = 1): string[] {
  return [...counts.entries()]
    .filter(([, c]) => c >= minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, max)
    .map(([value]) => value);
}
