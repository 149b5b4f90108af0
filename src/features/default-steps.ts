import { ConfigError } from '../errors.js';
import type { SentimentScorer } from './sentiment/scorer.js';
import type { FeatureStep } from './step.js';
import { ActivitySummary } from './steps/summarize-activity.js';
import { UserAttributes } from './steps/encode-attributes.js';
import { ImputeMissing, type ImputeStrategy } from './steps/impute-missing.js';
import { CourseMix } from './steps/mix-courses.js';
import { ScaleFeatures, type ScalingMethod } from './steps/scale-features.js';
import { SequenceChannels } from './steps/sequence-channels.js';
import type { BucketSize } from './tables/types.js';

/** Options of `FeaturePipeline.default()`; every one has a best-practice default. */
export interface DefaultPipelineOptions {
  /** Bucket length, `'day'` or `'week'`. Default `'week'`. */
  readonly bucket?: BucketSize;
  /** T, buckets per user ending at the cutoff. Default 12 (with weekly buckets: 84 days). */
  readonly timeSteps?: number;
  /** Scaling of numeric features. Default `'standard'`. */
  readonly scaling?: ScalingMethod;
  /** Signed log1p on counts and amounts before scaling. Default true. */
  readonly log1p?: boolean;
  /** How missing statics are filled (indicator columns are always added). Default `'median'`. */
  readonly impute?: ImputeStrategy;
  /** Scores comment text. Default: the built-in English/Chinese lexicon scorer. */
  readonly scorer?: SentimentScorer;
  /** Most categories kept per categorical attribute and for course mix. Default 20. */
  readonly maxCategories?: number;
}

const DEFAULTS = { bucket: 'week' as BucketSize, timeSteps: 12, scaling: 'standard' as ScalingMethod, log1p: true, impute: 'median' as ImputeStrategy, maxCategories: 20 };
const KNOWN = new Set(['bucket', 'timeSteps', 'scaling', 'log1p', 'impute', 'scorer', 'maxCategories']);

/** The default steps and time options. @internal */
export function buildDefaultSteps(options: DefaultPipelineOptions): { steps: [string, FeatureStep][]; bucket: BucketSize; timeSteps: number } {
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw new ConfigError(key, (options as Record<string, unknown>)[key], `no such option; FeaturePipeline.default() takes ${[...KNOWN].join(', ')}`);
  }
  const o = { ...DEFAULTS, ...options };
  if (!(Number.isInteger(o.timeSteps) && o.timeSteps >= 1)) throw new ConfigError('timeSteps', o.timeSteps, 'an integer >= 1 (the number of buckets per user)');
  const steps: [string, FeatureStep][] = [
    ['sequence', new SequenceChannels({ scorer: o.scorer })],
    ['activity', new ActivitySummary()],
    ['attributes', new UserAttributes({ maxCategories: o.maxCategories })],
    ['courseMix', new CourseMix({ maxCategories: o.maxCategories })],
    ['impute', new ImputeMissing({ strategy: o.impute })],
    ['scale', new ScaleFeatures({ method: o.scaling, log1p: o.log1p })],
  ];
  return { steps, bucket: o.bucket, timeSteps: o.timeSteps };
}
