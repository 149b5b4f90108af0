import { ConfigError } from '../../errors.js';
import { toEpochMs } from '../schema.js';

/** The latent process's knobs: rates and effect sizes. Every field has a default (see {@link SIMULATE_DEFAULTS}). */
export interface SimulationProcess {
  /** Mean learning sessions per user-day at average engagement, before weekly seasonality. */
  readonly activityRate: number;
  /** Roughly the share of users holding a membership at the cutoff (the rest buy courses one by one). */
  readonly subscriberShare: number;
  /** Share of users whose engagement starts declining at some day of their history. */
  readonly declineShare: number;
  /** Share of users whose engagement starts growing at some day of their history. */
  readonly growthShare: number;
  /** Added to every user's churn log-odds: positive raises the churn rate, negative lowers it. */
  readonly churnShift: number;
  /** Multiplies the observed effects on churn and renewal log-odds: larger makes them more predictable (higher oracle AUC). */
  readonly signal: number;
  /** Chance that a session also leaves a comment. */
  readonly commentRate: number;
  /**
   * Days before the cutoff in which every simulated user has some activity unless they hold a
   * membership, so all of them are "active at the cutoff" for `labelUsers` with the same `activeDays`.
   */
  readonly activeDays: number;
}

/** Options of {@link simulatePlatform} and {@link generatePlatform}. Every field is optional. */
export interface SimulateOptions {
  /** How many users. Default 5000. */
  readonly users?: number;
  /** Days of history before the cutoff; users sign up within it. Default 120. */
  readonly days?: number;
  /** Seed of the pseudo-random generator: same seed, same platform. Default 42. */
  readonly seed?: number;
  /** The cutoff: an ISO-8601 string, a Date or epoch milliseconds. Default `'2025-07-01T00:00:00Z'`. */
  readonly cutoff?: number | string | Date;
  /** Days after the cutoff in which churn and renewal are drawn and their events generated. Default 30. */
  readonly horizonDays?: number;
  /** How many courses. Default 200. */
  readonly courses?: number;
  /** Share of users whose outcome does not depend on their history at all. Default 0.1. */
  readonly noiseShare?: number;
  /** The latent process's rates and effect sizes; fields left out keep their defaults. */
  readonly process?: Partial<SimulationProcess>;
}

/** {@link SimulateOptions} with every default filled in and the cutoff in epoch milliseconds. */
export interface ResolvedSimulateOptions {
  /** How many users. */
  readonly users: number;
  /** Days of history before the cutoff. */
  readonly days: number;
  /** Seed of the pseudo-random generator. */
  readonly seed: number;
  /** The cutoff, epoch milliseconds (UTC). */
  readonly cutoff: number;
  /** Days after the cutoff that are simulated. */
  readonly horizonDays: number;
  /** How many courses. */
  readonly courses: number;
  /** Share of pure-noise users. */
  readonly noiseShare: number;
  /** The latent process's knobs. */
  readonly process: SimulationProcess;
}

/** The simulator's defaults, in one place. */
export const SIMULATE_DEFAULTS: ResolvedSimulateOptions = Object.freeze({
  users: 5000,
  days: 120,
  seed: 42,
  cutoff: Date.UTC(2025, 6, 1),
  horizonDays: 30,
  courses: 200,
  noiseShare: 0.1,
  process: Object.freeze({
    activityRate: 0.8,
    subscriberShare: 0.6,
    declineShare: 0.35,
    growthShare: 0.15,
    churnShift: 0,
    signal: 1,
    commentRate: 0.05,
    activeDays: 30,
  }),
});

/** Fills defaults in and checks every option, throwing a {@link ConfigError} that names the bad one. */
export function resolveSimulateOptions(options: SimulateOptions = {}): ResolvedSimulateOptions {
  const d = SIMULATE_DEFAULTS;
  const known = new Set(['users', 'days', 'seed', 'cutoff', 'horizonDays', 'courses', 'noiseShare', 'process']);
  for (const key of Object.keys(options)) {
    if (!known.has(key)) throw new ConfigError(key, (options as Record<string, unknown>)[key], `no such option; known options are ${[...known].join(', ')}`);
  }
  const cutoff = options.cutoff === undefined ? d.cutoff : toEpochMs(options.cutoff);
  if (cutoff === undefined) throw new ConfigError('cutoff', options.cutoff, 'an ISO-8601 date or time, a Date or epoch milliseconds');
  const process = { ...d.process, ...(options.process ?? {}) };
  for (const key of Object.keys(process)) {
    if (!(key in d.process)) throw new ConfigError(`process.${key}`, (process as Record<string, unknown>)[key], `no such option; known are ${Object.keys(d.process).join(', ')}`);
  }
  const resolved: ResolvedSimulateOptions = {
    users: integer('users', options.users ?? d.users, 1),
    days: integer('days', options.days ?? d.days, 14),
    seed: finite('seed', options.seed ?? d.seed),
    cutoff,
    horizonDays: integer('horizonDays', options.horizonDays ?? d.horizonDays, 1),
    courses: integer('courses', options.courses ?? d.courses, 1),
    noiseShare: share('noiseShare', options.noiseShare ?? d.noiseShare),
    process: {
      activityRate: positive('process.activityRate', process.activityRate),
      subscriberShare: share('process.subscriberShare', process.subscriberShare),
      declineShare: share('process.declineShare', process.declineShare),
      growthShare: share('process.growthShare', process.growthShare),
      churnShift: finite('process.churnShift', process.churnShift),
      signal: nonNegative('process.signal', process.signal),
      commentRate: share('process.commentRate', process.commentRate),
      activeDays: integer('process.activeDays', process.activeDays, 1),
    },
  };
  if (resolved.process.declineShare + resolved.process.growthShare > 1) {
    throw new ConfigError('process.declineShare', resolved.process.declineShare, `a share that, with process.growthShare (${resolved.process.growthShare}), sums to at most 1`);
  }
  return resolved;
}

function finite(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ConfigError(name, value, 'a finite number');
  return value;
}
function integer(name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw new ConfigError(name, value, `an integer >= ${min}`);
  return value;
}
function positive(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new ConfigError(name, value, 'a finite number > 0');
  return value;
}
function nonNegative(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new ConfigError(name, value, 'a finite number >= 0');
  return value;
}
function share(name: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new ConfigError(name, value, 'a number in [0, 1]');
  return value;
}
