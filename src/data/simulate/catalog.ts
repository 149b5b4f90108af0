import type { Course, CourseFormat, Difficulty, User } from '../schema.js';
import { Random, streamSeed } from './random.js';

// The fixed vocabularies the simulator draws from: course catalogue, user profile values and the
// comment templates keyed by sentiment, in Chinese and English.

const CATEGORIES = ['programming', 'finance', 'language', 'psychology', 'history', 'parenting', 'career', 'health', 'design', 'business'];
const DIFFICULTIES: readonly Difficulty[] = ['beginner', 'intermediate', 'advanced'];
const FORMATS: readonly CourseFormat[] = ['video', 'audio', 'article', 'live'];
/** Course prices in CNY, as such platforms price them (free taster, 9.9, 19.9, ... 399). */
const PRICES = [0, 9.9, 19.9, 29.9, 49, 99, 129, 199, 299, 399];
/** Typical running time by format, [min, max] seconds. */
const DURATION: Record<CourseFormat, readonly [number, number]> = {
  video: [3600, 36_000],
  audio: [1800, 18_000],
  article: [600, 3600],
  live: [3600, 7200],
};

/** The course catalogue: deterministic in the seed, independent of the number of users. */
export function simulateCourses(count: number, seed: number): Course[] {
  const rng = new Random(streamSeed(seed, -1));
  const width = Math.max(4, String(count).length);
  const courses: Course[] = [];
  for (let i = 0; i < count; i++) {
    const format = rng.pick(FORMATS);
    const [lo, hi] = DURATION[format];
    courses.push({
      courseId: `c${String(i + 1).padStart(width, '0')}`,
      category: rng.pick(CATEGORIES),
      difficulty: rng.pick(DIFFICULTIES),
      price: rng.pick(PRICES),
      format,
      durationSeconds: Math.round(rng.uniform(lo, hi)),
    });
  }
  return courses;
}

const GENDERS = ['female', 'male'];
const OCCUPATIONS = ['student', 'engineer', 'teacher', 'designer', 'manager', 'sales', 'civil servant', 'freelancer', 'retired'];
const CITIES = ['Beijing', 'Shanghai', 'Shenzhen', 'Guangzhou', 'Hangzhou', 'Chengdu', 'Wuhan', 'Nanjing', "Xi'an", 'Singapore', 'London', 'New York'];
/** Acquisition channels; `ads` users are the least committed (see the churn equation in docs/simulator.md). */
export const CHANNELS = ['app_store', 'wechat', 'weibo', 'referral', 'search', 'ads'] as const;

/** The profile part of a {@link User}. */
export function simulateProfile(rng: Random): Pick<User, 'age' | 'gender' | 'occupation' | 'city' | 'channel'> {
  return {
    age: Math.min(70, Math.max(16, Math.round(32 + 9 * rng.normal()))),
    gender: rng.pick(GENDERS),
    occupation: rng.pick(OCCUPATIONS),
    city: rng.pick(CITIES),
    channel: rng.pick(CHANNELS),
  };
}

/** Sentiment of a comment, from the commenter's satisfaction at the time. */
export type Sentiment = 'positive' | 'neutral' | 'negative';

const TEXTS: Record<'zh' | 'en', Record<Sentiment, readonly string[]>> = {
  zh: {
    positive: [
      '讲得非常清楚，收获很大！',
      '老师讲解深入浅出，强烈推荐。',
      '内容很实用，已经用到工作中了。',
      '每天通勤听一集，很有收获。',
      '物超所值，期待更新～',
      '第二遍听了，还是有新体会。',
    ],
    neutral: [
      '内容还可以，有些地方有点啰嗦。',
      '一般般吧，适合入门。',
      '更新有点慢，内容中规中矩。',
      '有几节不错，整体普通。',
    ],
    negative: [
      '内容太水了，不值这个价。',
      '讲得很乱，听不下去。',
      '和宣传的不一样，想退款。',
      '更新太慢了，很失望。',
      '音质很差，体验不好。',
    ],
  },
  en: {
    positive: [
      'Crystal clear explanations, learned a lot!',
      'Great course, highly recommended.',
      'Very practical, already using it at work.',
      'I listen on my commute every day. Worth every cent.',
      'Excellent value, looking forward to more.',
    ],
    neutral: [
      'It is okay, a bit long-winded in places.',
      'Fine for beginners, nothing special.',
      'Some good lessons, overall average.',
      'Updates are slow, content is decent.',
    ],
    negative: [
      'Too shallow, not worth the price.',
      'Confusing and hard to follow.',
      'Not what was advertised, I want a refund.',
      'Audio quality is poor, disappointing.',
    ],
  },
};

/** A comment text for a sentiment in a language. */
export function commentText(rng: Random, language: 'zh' | 'en', sentiment: Sentiment): string {
  return rng.pick(TEXTS[language][sentiment]);
}
