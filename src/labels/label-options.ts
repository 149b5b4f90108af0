import { ConfigError } from '../errors.js';
import { toEpochMs } from '../data/schema.js';
import type { LabelDefinition, LabelOptions } from './types.js';

/** Defaults of the optional {@link LabelOptions}. */
export const LABEL_DEFAULTS = Object.freeze({
  /** Days after expiry in which a renewal still counts: 30, as in the KKBox WSDM Cup. */
  graceDays: 30,
  /** Days before the cutoff in which activity makes a user active: 30. */
  activeDays: 30,
});

/** The event types that count as activity: what a learner does, not what billing does. */
export const ACTIVITY_EVENT_TYPES: readonly string[] = Object.freeze(['view', 'purchase', 'comment']);

/** {@link LabelOptions} checked, with defaults and the cutoff in epoch ms. @internal */
export interface ResolvedLabelOptions {
  readonly cutoff: number;
  readonly horizonDays: number;
  readonly definition: LabelDefinition;
  readonly graceDays: number;
  readonly activeDays: number;
}

/** Checks {@link LabelOptions}, throwing a {@link ConfigError} naming the bad one. @internal */
export function resolveLabelOptions(options: LabelOptions, prefix = ''): ResolvedLabelOptions {
  if (options === null || typeof options !== 'object') throw new ConfigError(prefix || 'options', options, 'an object { cutoff, horizonDays, definition }');
  const cutoff = toEpochMs(options.cutoff);
  if (cutoff === undefined) throw new ConfigError(`${prefix}cutoff`, options.cutoff, 'an ISO-8601 date or time, a Date or epoch milliseconds');
  if (options.definition !== 'subscription' && options.definition !== 'activity') {
    throw new ConfigError(`${prefix}definition`, options.definition, "'subscription' (KKBox WSDM Cup) or 'activity' (KDD Cup 2015)");
  }
  return {
    cutoff,
    horizonDays: days(`${prefix}horizonDays`, options.horizonDays, false),
    definition: options.definition,
    graceDays: days(`${prefix}graceDays`, options.graceDays ?? LABEL_DEFAULTS.graceDays, true),
    activeDays: days(`${prefix}activeDays`, options.activeDays ?? LABEL_DEFAULTS.activeDays, false),
  };
}

/**
 * How many days after the cutoff labels can look: the horizon plus the grace period (a membership
 * expiring on the horizon's last day may be renewed up to `graceDays` later).
 */
export function labelWindowDays(options: Pick<LabelOptions, 'horizonDays' | 'graceDays'>): number {
  return options.horizonDays + (options.graceDays ?? LABEL_DEFAULTS.graceDays);
}

function days(name: string, value: unknown, zeroAllowed: boolean): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!zeroAllowed && value === 0)) {
    throw new ConfigError(name, value, zeroAllowed ? 'a finite number of days >= 0' : 'a finite number of days > 0');
  }
  return value;
}
