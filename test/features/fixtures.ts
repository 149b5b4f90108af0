import type { Course, PlatformData, PlatformEvent, User } from '../../src/data/schema.js';
import { mulberry32 } from '../helpers/mulberry32.js';

export const DAY = 86_400_000;
/** 2026-06-01T00:00:00Z */
export const CUTOFF = Date.UTC(2026, 5, 1);

/** Seeded uniform draws (mulberry32); shared by the tests' fixtures. */
export const rng = mulberry32;

const COMMENTS = ['讲得很好，收获很大', '太水了，不推荐', 'Great course, very clear', 'boring and overpriced', '一般般', 'not bad at all'];
const CITIES = ['北京', '上海', 'Shenzhen', 'Chengdu', 'Hangzhou'];
const OCCUPATIONS = ['engineer', 'student', 'teacher', 'designer'];
const CATEGORIES = ['business', 'tech', 'history', 'psychology'];
const FORMATS = ['video', 'audio', 'article', 'live'] as const;
const LEVELS = ['beginner', 'intermediate', 'advanced'] as const;
const PLANS = ['monthly', 'quarterly', 'yearly'] as const;

/**
 * Hand-made platform data: `users` users, 12 courses, events over the 200 days before the
 * cutoff (and some after it), every event type present. Deterministic for a seed.
 */
export function makeData(users = 40, seed = 1, options: { afterCutoff?: boolean } = {}): PlatformData {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const courses: Course[] = Array.from({ length: 12 }, (_, i) => ({
    courseId: `c${i}`,
    category: CATEGORIES[i % CATEGORIES.length],
    difficulty: LEVELS[i % 3],
    price: 10 + i * 5,
    format: FORMATS[i % 4],
    durationSeconds: 3600,
  }));
  const userList: User[] = [];
  const events: PlatformEvent[] = [];
  const horizon = 30;
  for (let u = 0; u < users; u++) {
    const userId = `u${u}`;
    const signupAt = CUTOFF - Math.floor((20 + rand() * 180) * DAY);
    userList.push({
      userId,
      signupAt,
      age: rand() < 0.2 ? undefined : 18 + Math.floor(rand() * 40),
      gender: rand() < 0.3 ? undefined : pick(['f', 'm']),
      occupation: pick(OCCUPATIONS),
      city: pick(CITIES),
      channel: pick(['ads', 'organic', 'referral']),
    });
    const activity = rand();
    const plan = pick(PLANS);
    const period = plan === 'monthly' ? 30 : plan === 'quarterly' ? 90 : 365;
    if (rand() < 0.7) {
      const subAt = signupAt + Math.floor(rand() * 5 * DAY);
      const auto = rand() < 0.6;
      events.push({ type: 'subscribe', userId, timestamp: subAt, plan, price: period, expiresAt: subAt + period * DAY, autoRenew: auto });
      let expires = subAt + period * DAY;
      while (expires < CUTOFF + horizon * DAY && rand() < 0.8) {
        events.push({ type: 'renew', userId, timestamp: expires - DAY, plan, price: period, expiresAt: expires + period * DAY, autoRenew: auto });
        expires += period * DAY;
      }
      if (rand() < 0.25) events.push({ type: 'cancel', userId, timestamp: expires - 10 * DAY, plan, price: period, expiresAt: expires, autoRenew: false });
    }
    const n = Math.floor(activity * 60);
    for (let i = 0; i < n; i++) {
      const timestamp = signupAt + Math.floor(rand() * (CUTOFF + horizon * DAY - signupAt));
      const course = pick(courses);
      const r = rand();
      if (r < 0.75) events.push({ type: 'view', userId, timestamp, courseId: rand() < 0.05 ? 'ghost' : course.courseId, watchSeconds: Math.floor(rand() * 1800), progress: rand() });
      else if (r < 0.85) events.push({ type: 'purchase', userId, timestamp, courseId: course.courseId, amount: course.price });
      else if (r < 0.97) events.push({ type: 'comment', userId, timestamp, courseId: course.courseId, text: pick(COMMENTS), rating: 1 + Math.floor(rand() * 5) });
      else events.push({ type: 'refund', userId, timestamp, amount: course.price, courseId: course.courseId });
    }
  }
  // Plant events exactly at the cutoff (they belong to the past) for the first user.
  events.push({ type: 'view', userId: 'u0', timestamp: CUTOFF, courseId: 'c1', watchSeconds: 100, progress: 0.5 });
  if (options.afterCutoff === false) return { users: userList, courses, events: events.filter((e) => e.timestamp <= CUTOFF) };
  return { users: userList, courses, events };
}

/** Max |a - b| over two arrays of equal length (Infinity when lengths differ). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (d > max || Number.isNaN(d)) max = Number.isNaN(d) ? Infinity : d;
  }
  return max;
}
