/** The outcome of one user in the horizon after a cutoff. */
export interface UserLabel {
  /** The user. */
  readonly userId: string;
  /** 1 if the user churned in the horizon, else 0. */
  readonly churn: 0 | 1;
  /** 1 if the membership expiring in the horizon was renewed, 0 if not, `null` when none expired. */
  readonly renew: 0 | 1 | null;
}
