import type { Course, PlatformData, PlatformEvent, User } from '../schema.js';

/**
 * What the simulator knows about one user: the true outcome probabilities given everything the
 * log shows before the cutoff (the best any model reading the log can do; hidden terms and the
 * noise flag integrated out) and the outcome it drew.
 *
 * Label-definition note: `churnProbability` and `churn` follow the `'activity'` definition of
 * `labelUsers` (no view, purchase or comment in the horizon), under which every simulated user is
 * labelled. Under the `'subscription'` definition only users with `membershipExpiresAt !== null` are
 * labelled, and their churn is `subscriptionChurn` (1 - `renew` when the membership expires in the
 * horizon, 0 when it outlasts it); its true probability is `1 - renewProbability`, or 0.
 */
export interface SimulatedTruth {
  /** P(no activity in the horizon | the user's log before the cutoff). */
  readonly churnProbability: number;
  /** P(the membership expiring in the horizon is renewed | the log); `null` when none expires in it. */
  readonly renewProbability: number | null;
  /** The drawn activity outcome: 1 if the user has no activity in the horizon. */
  readonly churn: 0 | 1;
  /** The drawn renewal: 1 renewed, 0 not, `null` when no membership expires in the horizon. */
  readonly renew: 0 | 1 | null;
  /** Churn under the `'subscription'` definition; `null` when the user holds no membership at the cutoff. */
  readonly subscriptionChurn: 0 | 1 | null;
  /** When the membership in force at the cutoff expires (epoch ms), `null` without one. */
  readonly membershipExpiresAt: number | null;
  /** True for a pure-noise user, whose drawn outcome does not depend on their history (the log does not show it). */
  readonly noise: boolean;
}

/** One user as {@link generatePlatform} yields it: the user, their events sorted by time, and the truth. */
export interface SimulatedUserChunk {
  /** The user. */
  readonly user: User;
  /** The user's events, history and horizon, sorted by timestamp. */
  readonly events: readonly PlatformEvent[];
  /** The user's true probabilities and drawn outcome. */
  readonly truth: SimulatedTruth;
}

/** A simulated platform: the data plus where it was cut and what is true. */
export interface SimulatedPlatform extends PlatformData {
  /** The cutoff, epoch ms (UTC): events at or before it are history, after it the horizon. */
  readonly cutoff: number;
  /** Days after the cutoff that were simulated. */
  readonly horizonDays: number;
  /** Each user's true probabilities and drawn outcome, by userId. */
  readonly truth: ReadonlyMap<string, SimulatedTruth>;
}

/**
 * A platform being generated one user at a time (constant memory): the courses up front, then
 * `for (const { user, events, truth } of stream)` — or `for await`.
 */
export interface SimulatedPlatformStream extends Iterable<SimulatedUserChunk>, AsyncIterable<SimulatedUserChunk> {
  /** The course catalogue, complete before any user is generated. */
  readonly courses: readonly Course[];
  /** The cutoff, epoch ms (UTC). */
  readonly cutoff: number;
  /** Days after the cutoff that are simulated. */
  readonly horizonDays: number;
  /** How many users the stream yields. */
  readonly users: number;
}
