import { ValidationError, describe, type Issue } from '../errors.js';

/** At most this many issues are listed per array; the rest are counted in one final issue, so a bad 10M array stays cheap. */
const MAX_ISSUES_PER_ARRAY = 20;

/** What a metric needs from its inputs. */
export interface InputRules {
  /** Scores must lie in 0..1 (log loss, Brier, calibration). */
  readonly probability?: boolean;
  /** Allow zero rows (the streaming accumulator accepts empty batches). */
  readonly allowEmpty?: boolean;
}

/**
 * Checks labels, scores and optional weights and throws one {@link ValidationError} listing every problem, each
 * with a path such as `yScore[17]`. `fn` names the calling metric so the message says where the data was going.
 */
export function checkInputs(
  fn: string,
  yTrue: ArrayLike<number>,
  yScore: ArrayLike<number>,
  sampleWeight: ArrayLike<number> | undefined,
  rules: InputRules = {},
): void {
  const issues = inputIssues(yTrue, yScore, sampleWeight, rules);
  if (issues.length > 0) throw new ValidationError(issues, `${fn} input`);
}

/** The issues {@link checkInputs} would throw, without throwing. */
export function inputIssues(
  yTrue: ArrayLike<number>,
  yScore: ArrayLike<number>,
  sampleWeight: ArrayLike<number> | undefined,
  rules: InputRules,
): Issue[] {
  const issues: Issue[] = [];
  if (!isArrayLike(yTrue)) issues.push(notArray('yTrue', yTrue));
  if (!isArrayLike(yScore)) issues.push(notArray('yScore', yScore));
  if (sampleWeight !== undefined && !isArrayLike(sampleWeight)) issues.push(notArray('sampleWeight', sampleWeight));
  if (issues.length > 0) return issues;
  const n = yTrue.length;
  if (yScore.length !== n) {
    issues.push({
      code: 'length_mismatch',
      path: ['yScore'],
      message: `yScore has ${yScore.length} values but yTrue has ${n}; pass one score per label, in the same order.`,
    });
  }
  if (sampleWeight !== undefined && sampleWeight.length !== n) {
    issues.push({
      code: 'length_mismatch',
      path: ['sampleWeight'],
      message: `sampleWeight has ${sampleWeight.length} values but yTrue has ${n}; pass one weight per label, or omit it.`,
    });
  }
  if (n === 0 && !rules.allowEmpty) {
    issues.push({ code: 'empty', path: ['yTrue'], message: 'yTrue is empty; a metric needs at least one labelled user.' });
  }
  if (issues.length > 0) return issues;

  scan(issues, 'yTrue', yTrue, (v) =>
    v === 0 || v === 1 ? null : `got ${describe(v)}, expected a label 0 (stayed) or 1 (churned); map other labels to 0/1 first`,
  );
  const lo = rules.probability ? 0 : -Infinity;
  const hi = rules.probability ? 1 : Infinity;
  scan(issues, 'yScore', yScore, (v) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      return `got ${describe(v)}, expected a finite score; a NaN or infinite score usually means the model diverged or a feature was missing`;
    }
    if (v < lo || v > hi) {
      return `got ${v}, expected a probability in 0..1 for this metric; pass predicted probabilities (apply a sigmoid to logits)`;
    }
    return null;
  });
  if (sampleWeight !== undefined) {
    scan(issues, 'sampleWeight', sampleWeight, (v) =>
      typeof v === 'number' && Number.isFinite(v) && v >= 0 ? null : `got ${describe(v)}, expected a finite weight >= 0`,
    );
    if (issues.length === 0 && n > 0 && totalOf(sampleWeight) <= 0 && !rules.allowEmpty) {
      issues.push({ code: 'empty', path: ['sampleWeight'], message: 'every sampleWeight is 0; at least one user needs a positive weight.' });
    }
  }
  return issues;
}

function scan(issues: Issue[], name: string, values: ArrayLike<number>, check: (v: number) => string | null): void {
  let found = 0;
  for (let i = 0; i < values.length; i++) {
    const message = check(values[i]);
    if (message === null) continue;
    found++;
    if (found <= MAX_ISSUES_PER_ARRAY) issues.push({ code: code(name, values[i]), path: [name, i], message });
  }
  if (found > MAX_ISSUES_PER_ARRAY) {
    issues.push({
      code: 'too_many_issues',
      path: [name],
      message: `${found - MAX_ISSUES_PER_ARRAY} more invalid values in ${name} (${found} in all); fix the ones listed and look for the same cause.`,
    });
  }
}

function code(name: string, v: number): string {
  if (name === 'yTrue') return 'invalid_label';
  if (typeof v === 'number' && Number.isFinite(v)) return 'out_of_range';
  return 'not_finite';
}

function isArrayLike(v: unknown): v is ArrayLike<number> {
  return v != null && typeof v === 'object' && typeof (v as { length?: unknown }).length === 'number';
}

function notArray(name: string, v: unknown): Issue {
  return { code: 'invalid_type', path: [name], message: `got ${describe(v)}, expected an array or typed array of numbers` };
}

function totalOf(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

/** Throws a {@link ValidationError} saying a metric is undefined for these labels (for example ROC AUC with one class). */
export function undefinedMetric(fn: string, message: string): never {
  throw new ValidationError([{ code: 'undefined_metric', path: ['yTrue'], message }], `${fn} input`);
}

/** Checks a numeric option and throws a {@link ValidationError} naming it when it is outside [min, max]. */
export function checkNumber(fn: string, name: string, value: unknown, min: number, max: number, hint: string): void {
  if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max) return;
  throw new ValidationError(
    [{ code: 'out_of_range', path: [name], message: `got ${describe(value)}, expected ${hint}` }],
    `${fn} input`,
  );
}

/** Checks one array of scores (for transform): array-like, every value finite, and in 0..1 when `probability`. */
export function checkScoreArray(fn: string, yScore: ArrayLike<number>, probability = false): void {
  const issues: Issue[] = [];
  if (!isArrayLike(yScore)) issues.push(notArray('yScore', yScore));
  else {
    scan(issues, 'yScore', yScore, (v) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) return `got ${describe(v)}, expected a finite score`;
      if (probability && (v < 0 || v > 1)) return `got ${v}, expected a probability in 0..1`;
      return null;
    });
  }
  if (issues.length > 0) throw new ValidationError(issues, `${fn} input`);
}
