/**
 * The errors churnkit throws. Every error is a {@link ChurnkitError}; validation errors carry
 * a list of {@link Issue}s, each with a path such as `['events', 812, 'timestamp']`.
 * @module
 */

/** One problem found in input: what kind, where, and why. */
export interface Issue {
  /** A stable, machine-readable code such as `'invalid_type'` or `'out_of_range'`. */
  readonly code: string;
  /** Where the problem is, from the outermost container inwards. */
  readonly path: readonly (string | number)[];
  /** What was passed, what was expected, and how to fix it. */
  readonly message: string;
}

/** Base class of every error churnkit throws, so callers can catch churnkit's errors alone. */
export class ChurnkitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Thrown when a step or model is used before `fit` (or `load`) gave it learned state. */
export class NotFittedError extends ChurnkitError {
  constructor(className: string, method: string) {
    super(`${className}.${method}() was called before fit(). Call fit() first, or load a fitted ${className}.`);
  }
}

/** Thrown when a backend, kernel or format cannot do what was asked in this runtime. */
export class NotSupportedError extends ChurnkitError {}

/** Thrown when a configuration option is wrong: names the option, the value and what is expected. */
export class ConfigError extends ChurnkitError {
  constructor(
    /** The option's name, dotted for nested options (`'encoder.units'`). */
    readonly option: string,
    /** The value that was passed. */
    readonly value: unknown,
    /** What the option accepts. */
    readonly expected: string,
  ) {
    super(`Invalid option ${option}: got ${describe(value)}, expected ${expected}.`);
  }
}

/** Thrown when input data is invalid; `issues` lists every problem found, each with its path. */
export class ValidationError extends ChurnkitError {
  constructor(
    /** Every problem found, in input order. */
    readonly issues: readonly Issue[],
    /** What the input was, e.g. a file name, `'array'` or `'y'`. */
    readonly source = 'input',
  ) {
    super(formatIssues(issues, source));
  }
}

/** Formats a path the way a reader would write it: `events[812].timestamp`. */
export function toDotPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

/** Prepends a container's key to issues bubbling up from inside it. */
export function prefixIssues(prefix: string | number, issues: readonly Issue[]): Issue[] {
  return issues.map((issue) => ({ ...issue, path: [prefix, ...issue.path] }));
}

function formatIssues(issues: readonly Issue[], source: string): string {
  const shown = issues.slice(0, 5).map((i) => `  - ${toDotPath(i.path) || '(root)'}: ${i.message}`);
  const more = issues.length > 5 ? `\n  … and ${issues.length - 5} more` : '';
  return `Invalid ${source} (${issues.length} issue${issues.length === 1 ? '' : 's'}):\n${shown.join('\n')}${more}`;
}

/** A short, safe rendering of any value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as unknown as ArrayLike<number>).length}`;
  return `a ${(value as object).constructor?.name ?? 'object'}`;
}
