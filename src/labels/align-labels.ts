import { ConfigError, ValidationError, type Issue } from '../errors.js';
import type { UserLabel } from './types.js';

/** Label arrays in a given user order, ready for a model or a metric. */
export interface AlignedLabels {
  /** Churn per user, 0 or 1 (NaN for a user without a label when `missing: 'nan'`). */
  readonly churn: Float32Array;
  /** Renewal per user, 0 or 1; NaN where no membership expired (`renew: null`) or no label exists. */
  readonly renew: Float32Array;
}

/** Options of {@link alignLabels}. */
export interface AlignLabelsOptions {
  /** What to do with a user that has no label: `'error'` (default) throws, `'nan'` fills NaN. */
  readonly missing?: 'error' | 'nan';
}

/**
 * Puts labels in the order of `userIds` (say, a FeatureSet's rows), as Float32Arrays.
 *
 * @throws ValidationError naming every user without a label (path `['userIds', i]`), unless `missing: 'nan'`.
 * @throws ValidationError when a user has two labels (path `['labels', i]`).
 */
export function alignLabels(userIds: readonly string[], labels: readonly UserLabel[], options: AlignLabelsOptions = {}): AlignedLabels {
  const missing = options.missing ?? 'error';
  if (missing !== 'error' && missing !== 'nan') throw new ConfigError('missing', missing, "'error' or 'nan'");
  const byUser = new Map<string, UserLabel>();
  const issues: Issue[] = [];
  labels.forEach((label, i) => {
    if (byUser.has(label.userId)) issues.push({ code: 'duplicate', path: ['labels', i, 'userId'], message: `user ${JSON.stringify(label.userId)} has more than one label; pass one label per user` });
    else byUser.set(label.userId, label);
  });
  const churn = new Float32Array(userIds.length);
  const renew = new Float32Array(userIds.length);
  userIds.forEach((userId, i) => {
    const label = byUser.get(userId);
    if (label === undefined) {
      if (missing === 'error' && issues.length < 100) {
        issues.push({ code: 'missing_label', path: ['userIds', i], message: `user ${JSON.stringify(userId)} has no label (not active or subscribed at the cutoff?); drop the user or pass { missing: 'nan' }` });
      }
      churn[i] = Number.NaN;
      renew[i] = Number.NaN;
      return;
    }
    churn[i] = label.churn;
    renew[i] = label.renew === null ? Number.NaN : label.renew;
  });
  if (issues.length > 0) throw new ValidationError(issues, 'labels');
  return { churn, renew };
}
