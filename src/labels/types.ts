/** The outcome of one user in the horizon after a cutoff. */
export interface UserLabel {
  /** The user. */
  readonly userId: string;
  /** 1 if the user churned in the horizon, else 0. */
  readonly churn: 0 | 1;
  /** 1 if the membership expiring in the horizon was renewed, 0 if not, `null` when none expired. */
  readonly renew: 0 | 1 | null;
}

/**
 * What churn means:
 * - `'subscription'` (the KKBox WSDM Cup 2018 definition): no valid subscription or renewal within
 *   `graceDays` after the membership in force at the cutoff expires;
 * - `'activity'` (the KDD Cup 2015 definition): no activity (view, purchase, comment) in the horizon.
 */
export type LabelDefinition = 'subscription' | 'activity';

/** Options of {@link labelUsers}. */
export interface LabelOptions {
  /** The cutoff: an ISO-8601 string, a Date or epoch ms. Events at exactly the cutoff are history. */
  readonly cutoff: number | string | Date;
  /** Days after the cutoff in which churn is observed. */
  readonly horizonDays: number;
  /** What churn means; see {@link LabelDefinition}. */
  readonly definition: LabelDefinition;
  /** Days after a membership expires in which a renewal or new subscription still counts. Default 30. */
  readonly graceDays?: number;
  /** A user with activity in the `activeDays` days up to the cutoff is "active at the cutoff". Default 30. */
  readonly activeDays?: number;
}
