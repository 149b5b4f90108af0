import { ConfigError } from '../errors.js';
import type { PlatformEvent } from '../data/schema.js';
import { toEpochMs } from '../data/schema.js';
import { labelWindowDays, resolveLabelOptions } from './label-options.js';
import { _labelUsers } from './label-users.js';
import type { LabelDefinition, UserLabel } from './types.js';

const DAY = 86_400_000;

/** Options of {@link splitByTime}. */
export interface SplitByTimeOptions {
  /** The test cutoff: features from events at or before it, labels from the horizon after it. */
  readonly testCutoff: number | string | Date;
  /**
   * The train cutoff. Default: `testCutoff - (horizonDays + graceDays)` days, the latest cutoff whose
   * labels are fully known at the test cutoff. An explicit one must not be later than that.
   */
  readonly trainCutoff?: number | string | Date;
  /** Days after each cutoff in which churn is observed. */
  readonly horizonDays: number;
  /** What churn means (see labelUsers). */
  readonly definition: LabelDefinition;
  /** Grace days after a membership expires (see labelUsers). Default 30. */
  readonly graceDays?: number;
  /** Days before a cutoff that make a user "active" (see labelUsers). Default 30. */
  readonly activeDays?: number;
}

/** One side of a {@link TimeSplit}. */
export interface TimeSplitSide {
  /** The cutoff: build this side's features from events at or before it. */
  readonly cutoff: number;
  /** The last instant (epoch ms) this side's labels looked at: cutoff + horizon + grace. */
  readonly labelWindowEnd: number;
  /** The labels at this cutoff, sorted by userId. */
  readonly labels: readonly UserLabel[];
}

/** A train / test plan over time: train on the earlier cutoff, test on the later one. */
export interface TimeSplit {
  /** The earlier cutoff and its labels. */
  readonly train: TimeSplitSide;
  /** The later cutoff and its labels. */
  readonly test: TimeSplitSide;
}

/**
 * Splits over time, the way a deployed model meets the future: train on labels at an earlier
 * cutoff, test on labels at a later one. The train labels' window (horizon plus grace) ends at or
 * before the test cutoff, so nothing the training labels saw lies in the test period.
 *
 * @throws ConfigError when the train cutoff is so late that its label window passes the test cutoff.
 */
export function splitByTime(events: readonly PlatformEvent[], options: SplitByTimeOptions): TimeSplit {
  const test = resolveLabelOptions({ ...options, cutoff: options.testCutoff }, '');
  const windowMs = labelWindowDays(test) * DAY;
  const latestTrain = test.cutoff - windowMs;
  let trainCutoff = latestTrain;
  if (options.trainCutoff !== undefined) {
    const given = toEpochMs(options.trainCutoff);
    if (given === undefined) throw new ConfigError('trainCutoff', options.trainCutoff, 'an ISO-8601 date or time, a Date or epoch milliseconds');
    if (given > latestTrain) {
      throw new ConfigError('trainCutoff', options.trainCutoff, `a cutoff at or before ${new Date(latestTrain).toISOString()} (testCutoff minus horizonDays + graceDays = ${labelWindowDays(test)} days), so train labels do not look past the test cutoff`);
    }
    trainCutoff = given;
  }
  const train = { ...test, cutoff: trainCutoff };
  return {
    train: { cutoff: trainCutoff, labelWindowEnd: trainCutoff + windowMs, labels: _labelUsers(events, train) },
    test: { cutoff: test.cutoff, labelWindowEnd: test.cutoff + windowMs, labels: _labelUsers(events, test) },
  };
}
