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
 * What the log shows about one user before the cutoff, per week (7-day buckets ending at the
 * cutoff, week 0 = days −7…−1), accumulated while their history is generated. Reused across
 * users (constant memory). @internal
 */
export interface HistorySummary {
  /** Views in week `j`. */
  readonly views: Float64Array;
  /** Watch seconds in week `j`. */
  readonly watch: Float64Array;
  /** Comments in week `j`. */
  readonly comments: Float64Array;
  /** Sum of comment sentiment signs (+1, 0, −1) in week `j`. */
  readonly sentiment: Float64Array;
}

/** A fresh, zeroed summary. @internal */
export function historySummary(): HistorySummary {
  const weeks = () => new Float64Array(SUMMARY_WEEKS);
  return { views: weeks(), watch: weeks(), comments: weeks(), sentiment: weeks() };
}

/** Zeroes a summary for the next user. @internal */
export function resetSummary(s: HistorySummary): void {
  s.views.fill(0);
  s.watch.fill(0);
  s.comments.fill(0);
  s.sentiment.fill(0);
}

function weekOf(day: number): number {
  return day >= 0 ? -1 : Math.floor((-1 - day) / 7);
}

/** Records a view on `day` (relative to the cutoff); the horizon and older weeks are ignored. @internal */
export function recordView(s: HistorySummary, day: number, watchSeconds: number): void {
  const week = weekOf(day);
  if (week < 0 || week >= SUMMARY_WEEKS) return;
  s.views[week]++;
  s.watch[week] += watchSeconds;
}

/** Records a comment's sentiment sign (+1, 0, −1) on `day`. @internal */
export function recordComment(s: HistorySummary, day: number, sign: number): void {
  const week = weekOf(day);
  if (week < 0 || week >= SUMMARY_WEEKS) return;
  s.comments[week]++;
  s.sentiment[week] += sign;
}

/** The observed quantities the outcome reads (docs/simulator.md names them). @internal */
export interface ObservedSignals {
  /** `r`: mean of log1p(weekly views) over weeks 0–1, minus log1p(3.5). */
  readonly recent: number;
  /** `d`: `r`'s mean minus the mean of log1p(weekly views) over weeks 2–7 after signup; 0 without them. */
  readonly decline: number;
  /** `w`: mean over weeks 0–3 with views of log1p(watch seconds) − log1p(views), minus log(400). */
  readonly watch: number;
  /** `c`: sum over weeks 0–7 of the week's mean comment sentiment, clipped to [−3, 3]. */
  readonly sentiment: number;
  /** `m`: the membership term (plan, auto-renew, an expiry in the horizon). */
  readonly membership: number;
  /** `n`: newcomer and acquisition-channel terms. */
  readonly profile: number;
}

/** Reads the observed signals from a summary and what the user's log shows at the cutoff. @internal */
export function observedSignals(s: HistorySummary, latent: UserLatent, expiringInHorizon: boolean): ObservedSignals {
  const v = s.views;
  const recentLog = (Math.log1p(v[0]) + Math.log1p(v[1])) / 2;
  // Earlier weeks count only if the user had signed up by their start.
  const tenureWeeks = Math.floor(-latent.signupDay / 7);
  let earlier = 0;
  let n = 0;
  for (let j = 2; j < Math.min(8, tenureWeeks); j++) {
    earlier += Math.log1p(v[j]);
    n++;
  }
  let depth = 0;
  let viewed = 0;
  for (let j = 0; j < 4; j++) {
    if (v[j] === 0) continue;
    depth += Math.log1p(s.watch[j]) - Math.log1p(v[j]);
    viewed++;
  }
  let mood = 0;
  for (let j = 0; j < 8; j++) if (s.comments[j] > 0) mood += s.sentiment[j] / s.comments[j];
  const membership = latent.subscribed ? (latent.autoRenew ? -0.6 : 0.2 + (expiringInHorizon ? 0.3 : 0)) + (latent.plan === 'yearly' ? -0.5 : 0) : 0.3;
  return {
    recent: recentLog - Math.log1p(TYPICAL_WEEKLY),
    decline: n > 0 ? recentLog - earlier / n : 0,
    watch: viewed > 0 ? depth / viewed - Math.log(400) : 0,
    sentiment: Math.max(-3, Math.min(3, mood)),
    membership,
    profile: (latent.signupDay > -30 ? 0.3 : 0) + (CHANNELS[latent.channel] === 'ads' ? 0.4 : 0),
  };
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
