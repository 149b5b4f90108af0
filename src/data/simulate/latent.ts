import type { Plan } from '../schema.js';
import type { ResolvedSimulateOptions } from './options.js';
import { Random, sigmoid } from './random.js';

// The latent process behind every simulated user. docs/simulator.md writes these equations out;
// keep the two in step.

/** One simulated user's hidden state: what drives their events and their outcome. @internal */
export interface UserLatent {
  /** True for a pure-noise user: the outcome ignores everything below. */
  readonly noise: boolean;
  /** Long-run engagement level `a` (log sessions per day, relative to `activityRate`). */
  readonly level: number;
  /** Engagement drift per day `k` once the trend starts (negative: declining). */
  readonly trendPerDay: number;
  /** Day (relative to the cutoff, negative = before) the drift starts. */
  readonly trendStartDay: number;
  /** Satisfaction `S` ~ N(0, 1) (lower for users who will decline). */
  readonly satisfaction: number;
  /** Price sensitivity `P` ~ N(0, 1). */
  readonly priceSensitivity: number;
  /** Language the user comments in. */
  readonly language: 'zh' | 'en';
  /** Day of signup relative to the cutoff (negative). */
  readonly signupDay: number;
  /** Whether the user holds a membership (from `subscribeDay` on). */
  readonly subscribed: boolean;
  /** The membership's billing period. */
  readonly plan: Plan;
  /** Whether the membership renews itself. */
  readonly autoRenew: boolean;
  /** Index into {@link CHANNELS}. */
  readonly channel: number;
}

/** Membership period and price (CNY) per plan. */
export const PLAN_TERMS: Record<Plan, { readonly days: number; readonly price: number }> = {
  monthly: { days: 30, price: 30 },
  quarterly: { days: 91, price: 78 },
  yearly: { days: 365, price: 268 },
};

const AR_PHI = 0.9;
const AR_SIGMA = 0.3;
const DRIFT_FLOOR = -3;
const DRIFT_CEILING = 1;

/** Draws a user's latent state. */
export function drawLatent(rng: Random, options: ResolvedSimulateOptions, channel: number): UserLatent {
  const p = options.process;
  const noise = rng.bernoulli(options.noiseShare);
  const level = 0.6 * rng.normal();
  const kind = rng.next();
  const declining = kind < p.declineShare;
  const growing = !declining && kind < p.declineShare + p.growthShare;
  const signupDay = -options.days + rng.int(options.days - 6); // in [-days, -7]
  const trendStartDay = signupDay + rng.int(-2 - signupDay); // in [signupDay, -3]
  const trendPerDay = declining ? -rng.uniform(0.01, 0.06) : growing ? rng.uniform(0.005, 0.02) : 0;
  const satisfaction = rng.normal() - (declining ? 0.6 : 0);
  const priceSensitivity = rng.normal();
  const subscribed = rng.bernoulli(sigmoid(logit(p.subscriberShare) + 0.5 * level - 0.5 * priceSensitivity));
  const yearly = rng.bernoulli(sigmoid(-1.6 + 0.6 * level - 0.8 * priceSensitivity));
  const plan: Plan = yearly ? 'yearly' : rng.bernoulli(0.25) ? 'quarterly' : 'monthly';
  const autoRenew = rng.bernoulli(sigmoid(0.4 + 0.5 * satisfaction - 0.6 * priceSensitivity));
  const language = rng.bernoulli(0.7) ? 'zh' : 'en';
  return { noise, level, trendPerDay, trendStartDay, satisfaction, priceSensitivity, language, signupDay, subscribed, plan, autoRenew, channel };
}

/** The engagement drift `g(t)` on day `t`: 0 before the trend starts, then linear, bounded. */
export function drift(latent: UserLatent, day: number): number {
  if (day <= latent.trendStartDay || latent.trendPerDay === 0) return 0;
  const g = latent.trendPerDay * (day - latent.trendStartDay);
  return Math.min(DRIFT_CEILING, Math.max(DRIFT_FLOOR, g));
}

/**
 * Fills `out[i]` with engagement `x(t) = a + g(t) + z(t)` for days `t = signupDay + i` up to
 * `horizonDays - 1`, where `z` is AR(1): `z(t) = 0.9 z(t-1) + 0.3 e(t)`, `z(signup) ~ N(0, 0.69²)`.
 * Returns how many days were filled.
 */
export function engagementPath(rng: Random, latent: UserLatent, horizonDays: number, out: Float64Array): number {
  const n = horizonDays - latent.signupDay;
  let z = (AR_SIGMA / Math.sqrt(1 - AR_PHI * AR_PHI)) * rng.normal();
  for (let i = 0; i < n; i++) {
    if (i > 0) z = AR_PHI * z + AR_SIGMA * rng.normal();
    out[i] = latent.level + drift(latent, latent.signupDay + i) + z;
  }
  return n;
}

function logit(p: number): number {
  const q = Math.min(1 - 1e-9, Math.max(1e-9, p));
  return Math.log(q / (1 - q));
}
