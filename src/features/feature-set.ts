/**
 * What a {@link FeaturePipeline} produces for a set of users at a cutoff: one row per user, a
 * sequence of time buckets (oldest first, left-padded, with a mask) and a vector of static
 * features. Arrays are flat and row-major so they can go straight into tensors or across
 * threads without copying.
 */
export interface FeatureSet {
  /** The users, in row order. */
  readonly userIds: readonly string[];
  /** `[users, steps, sequenceFeatures]`, row-major: `sequences[(u * steps + t) * F + f]`. */
  readonly sequences: Float32Array;
  /** `[users, steps]`: 1 for a bucket the user had (at or after signup), 0 for left padding. */
  readonly mask: Float32Array;
  /** `[users, staticFeatures]`, row-major. */
  readonly statics: Float32Array;
  /** The sizes of the arrays above. */
  readonly shape: FeatureSetShape;
  /** One name per sequence channel, e.g. `'watchSeconds'`. */
  readonly sequenceFeatureNames: readonly string[];
  /** One name per static feature, e.g. `'daysSinceLastActivity'`. */
  readonly staticFeatureNames: readonly string[];
  /**
   * `[users, categoricalFeatures]`, row-major: integer category indices for embedding layers.
   * Index 0 is always the explicit unknown bucket (missing, or a value unseen in fit).
   */
  readonly categoricals?: Int32Array;
  /** One name per categorical column, e.g. `'city'`. */
  readonly categoricalFeatureNames?: readonly string[];
  /** How many indices each categorical column can take, unknown bucket (0) included. */
  readonly categoricalCardinalities?: readonly number[];
}

/** The dimensions of a {@link FeatureSet}. */
export interface FeatureSetShape {
  /** N, the number of users (rows). */
  readonly users: number;
  /** T, the number of time buckets per user. */
  readonly steps: number;
  /** F, channels per time bucket. */
  readonly sequenceFeatures: number;
  /** S, static features per user. */
  readonly staticFeatures: number;
}
