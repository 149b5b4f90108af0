import type { Course, PlatformEvent, User } from '../schema.js';
import { CHANNELS, commentText, simulateProfile, type Sentiment } from './catalog.js';
import { drawLatent, drift, engagementPath, PLAN_TERMS, type UserLatent } from './latent.js';
import { historySummary, observedSignals, outcome, recordComment, recordView, resetSummary, type HistorySummary } from './outcome.js';
import type { ResolvedSimulateOptions } from './options.js';
import { Random, sigmoid, streamSeed } from './random.js';
import type { SimulatedTruth } from './types.js';

const DAY = 86_400_000;
/** Weekly seasonality by UTC weekday (Sunday first): weekends and Sunday evenings are busiest. */
const WEEKLY = [1.25, 0.9, 0.9, 0.95, 0.95, 0.85, 1.2];

/** Everything the simulator produces for one user. @internal */
export interface SimulatedUser {
  readonly user: User;
  readonly events: PlatformEvent[];
  readonly truth: SimulatedTruth;
}

/** Shared, read-only context for simulating users of one platform. @internal */
export interface UserContext {
  readonly options: ResolvedSimulateOptions;
  readonly courses: readonly Course[];
  readonly idWidth: number;
  /** Scratch space for one engagement path; one context is used by one generator at a time. */
  readonly path: Float64Array;
  /** Scratch summary of one user's observed history. */
  readonly summary: HistorySummary;
}

/** Builds the context {@link simulateUser} needs. @internal */
export function userContext(options: ResolvedSimulateOptions, courses: readonly Course[]): UserContext {
  return { options, courses, idWidth: Math.max(6, String(options.users).length), path: new Float64Array(options.days + options.horizonDays + 1), summary: historySummary() };
}

/** The id of the user at `index` (0-based): zero-padded so ids sort like indices. @internal */
export function userIdAt(index: number, width: number): string {
  return `u${String(index + 1).padStart(width, '0')}`;
}

/**
 * Simulates user number `index` from its own random stream, so users are independent of each
 * other and of how many are generated. Events come back sorted by timestamp.
 * @internal
 */
export function simulateUser(index: number, ctx: UserContext): SimulatedUser {
  const { options } = ctx;
  const { cutoff, horizonDays, process: p } = options;
  const rng = new Random(streamSeed(options.seed, index));
  const userId = userIdAt(index, ctx.idWidth);
  const profile = simulateProfile(rng);
  const latent = drawLatent(rng, options, channelIndex(profile.channel));
  const days = engagementPath(rng, latent, horizonDays, ctx.path);
  const x = ctx.path;
  const dayStart = (day: number) => cutoff + day * DAY;
  const signupAt = dayStart(latent.signupDay);
  const events: PlatformEvent[] = [];
  const horizonEnd = cutoff + horizonDays * DAY;

  // Membership history: subscribe soon after signup, then renew at every expiry up to the cutoff.
  let expiresAt: number | null = null;
  let subscribedAt = Number.POSITIVE_INFINITY;
  const terms = PLAN_TERMS[latent.plan];
  if (latent.subscribed) {
    const lastDay = -1 - latent.signupDay;
    subscribedAt = dayStart(latent.signupDay + rng.int(Math.min(10, lastDay) + 1)) + timeOfDay(rng);
    expiresAt = subscribedAt + terms.days * DAY;
    events.push(membershipEvent('subscribe', userId, subscribedAt, latent, expiresAt));
    for (;;) {
      const at: number = latent.autoRenew ? expiresAt : expiresAt - rng.int(3 * DAY);
      if (at > cutoff) break;
      expiresAt += terms.days * DAY;
      events.push(membershipEvent('renew', userId, at, latent, expiresAt));
    }
  }
  const expiring = expiresAt !== null && expiresAt <= horizonEnd;

  // History first: the outcome is a function of what it shows.
  const state: ActivityState = { current: -1, progress: new Map(), member: false, summary: ctx.summary };
  resetSummary(ctx.summary);
  let recentActivity = false;
  const firstHorizon = -latent.signupDay;
  for (let i = 0; i < firstHorizon; i++) {
    const day = latent.signupDay + i;
    if (activityDay(rng, ctx, latent, userId, day, x[i], subscribedAt, expiresAt, null, state, events) && day >= -p.activeDays) recentActivity = true;
  }
  // Every simulated user is active at the cutoff (activity in the last activeDays, or a
  // membership in force), so labelUsers with the same activeDays labels all of them.
  if (!latent.subscribed && !recentActivity) {
    const day = -1 - rng.int(Math.min(p.activeDays, -latent.signupDay));
    session(rng, ctx, latent, userId, dayStart(day) + timeOfDay(rng), x[day - latent.signupDay], day, state, events);
  }

  // The outcome, drawn from the observed history plus a small hidden term.
  const hiddenChurn = rng.normal();
  const hiddenRenew = rng.normal();
  const prob = outcome(observedSignals(ctx.summary, latent, expiring), latent, hiddenChurn, hiddenRenew, options);
  const churn = rng.bernoulli(prob.drawChurn) ? 1 : 0;
  const renew = expiring ? (churn === 0 && rng.bernoulli(prob.drawRenewIfStaying) ? 1 : 0) : null;

  // The horizon: activity only for users who stay, and at least one session for each of them,
  // so the drawn outcome and the labels agree.
  if (churn === 0) {
    let horizonActivity = false;
    for (let i = firstHorizon; i < days; i++) {
      if (activityDay(rng, ctx, latent, userId, latent.signupDay + i, x[i], subscribedAt, expiresAt, renew, state, events)) horizonActivity = true;
    }
    if (!horizonActivity) {
      const day = rng.int(horizonDays);
      session(rng, ctx, latent, userId, dayStart(day) + timeOfDay(rng), x[day - latent.signupDay], day, state, events);
    }
  }

  // Membership in the horizon: a renewal before expiry, or a cancel from auto-renewing leavers.
  if (expiresAt !== null) {
    if (renew === 1) {
      const at = latent.autoRenew ? expiresAt : Math.max(cutoff + 1, expiresAt - rng.int(3 * DAY));
      events.push(membershipEvent('renew', userId, at, latent, expiresAt + terms.days * DAY));
    } else if (latent.autoRenew && (renew === 0 || (churn === 1 && rng.bernoulli(0.5)))) {
      const until = Math.min(expiresAt, horizonEnd);
      const at = cutoff + 1 + rng.int(Math.max(1, until - cutoff - 1));
      events.push(membershipEvent('cancel', userId, at, latent, expiresAt, false));
    }
  }
  events.sort((a, b) => a.timestamp - b.timestamp);
  // Refunds land up to a week after a purchase; drop any that would fall after the horizon.
  while (events.length > 0 && events[events.length - 1].timestamp > horizonEnd) events.pop();

  const truth: SimulatedTruth = {
    churnProbability: prob.churn,
    renewProbability: expiring ? prob.renew : null,
    churn,
    renew,
    subscriptionChurn: expiresAt === null ? null : renew === null ? 0 : renew === 1 ? 0 : 1,
    membershipExpiresAt: expiresAt,
    noise: latent.noise,
  };
  return { user: { userId, signupAt, ...profile }, events, truth };
}

interface ActivityState {
  current: number;
  progress: Map<number, number>;
  member: boolean;
  readonly summary: HistorySummary;
}

/** One day's sessions from the engagement process; returns whether there was any. */
function activityDay(rng: Random, ctx: UserContext, latent: UserLatent, userId: string, day: number, engagement: number, subscribedAt: number, expiresAt: number | null, renew: 0 | 1 | null, state: ActivityState, events: PlatformEvent[]): boolean {
  const start = ctx.options.cutoff + day * DAY;
  const weekday = (Math.floor(start / DAY) + 4) % 7; // 1970-01-01 was a Thursday
  const sessions = rng.poisson(ctx.options.process.activityRate * Math.exp(engagement) * WEEKLY[weekday]);
  if (sessions === 0) return false;
  const times: number[] = [];
  for (let s = 0; s < sessions; s++) times.push(start + timeOfDay(rng));
  times.sort((a, b) => a - b);
  for (const at of times) {
    state.member = at >= subscribedAt && (expiresAt === null || at < expiresAt || renew === 1);
    session(rng, ctx, latent, userId, at, engagement, day, state, events);
  }
  return true;
}

/** One learning session: maybe a purchase of a new course, a view, maybe a comment and a refund. */
function session(rng: Random, ctx: UserContext, latent: UserLatent, userId: string, at: number, engagement: number, day: number, state: ActivityState, events: PlatformEvent[]): void {
  const { courses, options } = ctx;
  const satisfactionNow = latent.satisfaction + 0.5 * drift(latent, day);
  if (state.current < 0 || (state.progress.get(state.current) ?? 0) >= 0.999 || rng.bernoulli(0.03)) {
    // Price-sensitive users pick the cheaper of two candidates.
    const a = rng.int(courses.length);
    const b = rng.int(courses.length);
    state.current = latent.priceSensitivity > 0 && courses[b].price < courses[a].price ? b : a;
    const course = courses[state.current];
    if (course.price > 0 && !state.progress.has(state.current) && (!state.member || rng.bernoulli(0.1))) {
      events.push({ type: 'purchase', userId, timestamp: at, courseId: course.courseId, amount: course.price });
      if (rng.bernoulli(sigmoid(-3 - 1.5 * satisfactionNow))) {
        events.push({ type: 'refund', userId, timestamp: at + DAY + rng.int(6 * DAY), amount: course.price, courseId: course.courseId });
      }
    }
  }
  const course = courses[state.current];
  const before = state.progress.get(state.current) ?? 0;
  const remaining = Math.max(60, (1 - before) * course.durationSeconds);
  const planned = Math.min(remaining, 300 - 1200 * Math.log(1 - rng.next()), 5400);
  const completion = sigmoid(0.8 + 0.9 * satisfactionNow + 0.3 * engagement + 0.6 * rng.normal());
  const watchSeconds = Math.round(planned * completion);
  const progress = Math.min(1, Math.round((before + watchSeconds / course.durationSeconds) * 1e4) / 1e4);
  state.progress.set(state.current, progress);
  events.push({ type: 'view', userId, timestamp: at, courseId: course.courseId, watchSeconds, progress });
  recordView(state.summary, day, watchSeconds);
  if (rng.bernoulli(options.process.commentRate * (0.6 + 0.6 * Math.abs(satisfactionNow)))) {
    const mood = satisfactionNow + 0.8 * rng.normal();
    const sentiment: Sentiment = mood > 0.3 ? 'positive' : mood < -0.7 ? 'negative' : 'neutral';
    const text = commentText(rng, latent.language, sentiment);
    recordComment(state.summary, day, sentiment === 'positive' ? 1 : sentiment === 'negative' ? -1 : 0);
    // Same day as the view: a comment must never cross the cutoff or the horizon's end. A session
    // that runs past midnight comments just after its view rather than at the day's last
    // millisecond, where two such comments with the same template text were exact duplicates.
    const endOfDay = options.cutoff + (day + 1) * DAY - 1;
    const afterWatching = at + watchSeconds * 1000 + 1;
    const timestamp = afterWatching <= endOfDay ? afterWatching : Math.min(at + 1, endOfDay);
    if (rng.bernoulli(0.7)) {
      const rating = sentiment === 'positive' ? (rng.bernoulli(0.7) ? 5 : 4) : sentiment === 'neutral' ? (rng.bernoulli(0.7) ? 3 : 4) : rng.bernoulli(0.5) ? 1 : 2;
      events.push({ type: 'comment', userId, timestamp, courseId: course.courseId, text, rating });
    } else {
      events.push({ type: 'comment', userId, timestamp, courseId: course.courseId, text });
    }
  }
}

function membershipEvent(type: 'subscribe' | 'renew' | 'cancel', userId: string, timestamp: number, latent: UserLatent, expiresAt: number, autoRenew = latent.autoRenew): PlatformEvent {
  return { type, userId, timestamp, plan: latent.plan, price: PLAN_TERMS[latent.plan].price, expiresAt, autoRenew };
}

/** Milliseconds into a day: mostly evenings, some lunch breaks, some any time. */
function timeOfDay(rng: Random): number {
  const u = rng.next();
  const hours = u < 0.6 ? 21 + 1.5 * rng.normal() : u < 0.85 ? 12.5 + rng.normal() : 24 * rng.next();
  const ms = Math.floor(((hours % 24) + 24) % 24 * 3_600_000);
  return Math.min(DAY - 1, Math.max(1, ms));
}

function channelIndex(channel: string | undefined): number {
  return (CHANNELS as readonly string[]).indexOf(channel ?? '');
}
