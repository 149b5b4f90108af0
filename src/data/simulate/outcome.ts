import { CHANNELS } from './catalog.js';
import type { UserLatent } from './latent.js';
import type { ResolvedSimulateOptions } from './options.js';
import { sigmoid } from './random.js';

// The outcome equations: churn and renewal as functions of what the platform can SEE in the log
// before the cutoff, plus a small hidden term. docs/simulator.md writes them out; keep the two in step.
// Why observed: the truth's probability is meant to be the best any model can reach from the log,
// so it must not depend on latent state that the events only reveal noisily.

/** Weeks of history (ending at the cutoff) the outcome reads. */
export const SUMMARY_WEEKS = 12;
/** Standard deviation of the hidden (never logged) term in the churn and renewal log-odds. */
export const HIDDEN_SD = 0.5;
/** Sessions per week at which the recent-activity term is zero. */
const TYPICAL_WEEKLY = 3.5;

/**
 * What the log shows about one user before the cutoff, accumulated while their history is
 * generated: views per week, watch time and views in the last 28 days, net comment sentiment in
 * the last 56 days. Reused across users (constant memory). @internal
 */
export interface HistorySummary {
  /** Views in week `j` before the cutoff (`j = 0`: days −7…−1). */
  readonly weekViews: Float64Array;
  /** Watch seconds of views in the last 28 days. */
  recentWatch: number;
  /** Views in the last 28 days. */
  recentViews: number;
  /** Positive minus negative comments in the last 56 days. */
  netSentiment: number;
}

/** A fresh, zeroed summary. @internal */
export function historySummary(): HistorySummary {
  return { weekViews: new Float64Array(SUMMARY_WEEKS), recentWatch: 0, recentViews: 0, netSentiment: 0 };
}

/** Zeroes a summary for the next user. @internal */
export function resetSummary(s: HistorySummary): void {
  s.weekViews.fill(0);
  s.recentWatch = 0;
  s.recentViews = 0;
  s.netSentiment = 0;
}

/** Records a view on `day` (relative to the cutoff); views in the horizon are ignored. @internal */
export function recordView(s: HistorySummary, day: number, watchSeconds: number): void {
  if (day >= 0) return;
  const week = Math.floor((-1 - day) / 7);
  if (week < SUMMARY_WEEKS) s.weekViews[week]++;
  if (day >= -28) {
    s.recentWatch += watchSeconds;
    s.recentViews++;
  }
}

/** Records a comment's sentiment (+1, 0, −1) on `day`; the horizon is ignored. @internal */
export function recordComment(s: HistorySummary, day: number, sign: number): void {
  if (day < 0 && day >= -56) s.netSentiment += sign;
}

/** The observed quantities the outcome reads (docs/simulator.md names them). @internal */
export interface ObservedSignals {
  /** `r`: log1p of the mean weekly views in the last 2 weeks, minus log1p(3.5). */
  readonly recent: number;
  /** `d`: `log1p(recent weekly views) − log1p(mean weekly views in weeks 3–8)`, 0 without earlier weeks. */
  readonly decline: number;
  /** `w`: log of mean watch seconds per view in the last 28 days over 600 s (0 without views). */
  readonly watch: number;
  /** `c`: net comment sentiment in the last 56 days, clipped to [−3, 3]. */
  readonly sentiment: number;
  /** `m`: the membership term (plan, auto-renew, an expiry in the horizon). */
  readonly membership: number;
  /** Newcomer and acquisition-channel terms. */
  readonly profile: number;
}

/** Reads the observed signals from a summary and what the user's log shows at the cutoff. @internal */
export function observedSignals(s: HistorySummary, latent: UserLatent, expiringInHorizon: boolean): ObservedSignals {
  const v = s.weekViews;
  const recentRate = (v[0] + v[1]) / 2;
  // Earlier weeks count only if the user had signed up by their start.
  const tenureWeeks = Math.min(SUMMARY_WEEKS, Math.floor(-latent.signupDay / 7));
  let earlier = 0;
  let n = 0;
  for (let j = 2; j < Math.min(8, tenureWeeks); j++) {
    earlier += v[j];
    n++;
  }
  const recent = Math.log1p(recentRate) - Math.log1p(TYPICAL_WEEKLY);
  const decline = n > 0 ? Math.log1p(recentRate) - Math.log1p(earlier / n) : 0;
  const watch = s.recentViews > 0 ? Math.log(Math.max(30, s.recentWatch / s.recentViews) / 600) : 0;
  const sentiment = Math.max(-3, Math.min(3, s.netSentiment));
  const membership = latent.subscribed ? (latent.autoRenew ? -0.6 : 0.2 + (expiringInHorizon ? 0.3 : 0)) + (latent.plan === 'yearly' ? -0.5 : 0) : 0.3;
  const profile = (latent.signupDay > -30 ? 0.3 : 0) + (CHANNELS[latent.channel] === 'ads' ? 0.4 : 0);
  return { recent, decline, watch, sentiment, membership, profile };
}

/** A user's outcome: what the draw uses and what the truth reports. @internal */
export interface Outcome {
  /** The probability churn is drawn from (includes the hidden term; noise users: a constant). */
  readonly drawChurn: number;
  /** P(renew | stays) the renewal is drawn from. */
  readonly drawRenewIfStaying: number;
  /** P(churn | the log): the hidden term and the noise flag integrated out. */
  readonly churn: number;
  /** P(renew | the log) when a membership expires in the horizon (hidden terms integrated out). */
  readonly renew: number;
}

// 5-point Gauss–Hermite rule for E[f(Z)], Z ~ N(0, 1): exact enough for a logistic of a small normal.
const GH_NODES = [-2.856970013872806, -1.355626179974266, 0, 1.355626179974266, 2.856970013872806];
const GH_WEIGHTS = [0.011257411327721, 0.222075922005613, 0.533333333333333, 0.222075922005613, 0.011257411327721];

function expectedSigmoid(eta: number, sd: number): number {
  let sum = 0;
  for (let i = 0; i < GH_NODES.length; i++) sum += GH_WEIGHTS[i] * sigmoid(eta + sd * GH_NODES[i]);
  return sum;
}

/**
 * The churn and renewal equations. `hiddenChurn` and `hiddenRenew` are the user's standard normal
 * hidden draws (never logged). The truth integrates them and the noise flag out, so it is
 * P(outcome | log): the best any model reading the log can do.
 */
export function outcome(o: ObservedSignals, latent: UserLatent, hiddenChurn: number, hiddenRenew: number, options: ResolvedSimulateOptions): Outcome {
  const p = options.process;
  const effects = -1.0 * o.recent - 2.0 * o.decline - 0.6 * o.watch - 0.4 * o.sentiment + o.membership + o.profile;
  const eta = -1.3 + p.churnShift + p.signal * effects;
  const renewEffects = 1.8 * (latent.autoRenew ? 1 : 0) + 0.5 * o.recent + 0.8 * o.decline + 0.3 * o.watch + 0.3 * o.sentiment;
  const rho = 0.3 + p.signal * renewEffects;
  const noiseChurn = sigmoid(-0.75 + p.churnShift);
  const noiseRenew = 0.6;
  const stayChurn = expectedSigmoid(eta, HIDDEN_SD);
  const stayRenew = expectedSigmoid(rho, HIDDEN_SD);
  const share = options.noiseShare;
  return {
    drawChurn: latent.noise ? noiseChurn : sigmoid(eta + HIDDEN_SD * hiddenChurn),
    drawRenewIfStaying: latent.noise ? noiseRenew : sigmoid(rho + HIDDEN_SD * hiddenRenew),
    churn: share * noiseChurn + (1 - share) * stayChurn,
    // Hidden terms are independent, so E[(1 − churn)·renew] factorises.
    renew: share * (1 - noiseChurn) * noiseRenew + (1 - share) * (1 - stayChurn) * stayRenew,
  };
}
