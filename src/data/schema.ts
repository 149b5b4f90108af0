import { z } from 'zod';

// One schema, one type: every runtime check below also defines the TypeScript type that the rest
// of churnkit uses (z.infer), so the two can never drift apart.
//
// Validated values are normalised: every instant is a number of milliseconds since the Unix epoch,
// UTC. Input may give an instant as an ISO-8601 string (a date-only string means 00:00 UTC), a
// Date, or epoch milliseconds.

/** Accepts an ISO-8601 string, a Date or epoch milliseconds; yields epoch milliseconds (UTC). */
export const instantSchema = z.union([z.number(), z.string(), z.date()]).transform((value, ctx) => {
  const ms = toEpochMs(value);
  if (ms === undefined) {
    ctx.issues.push({
      code: 'custom',
      message: `expected an ISO-8601 date or time, a Date or epoch milliseconds, got ${JSON.stringify(String(value)).slice(0, 40)}`,
      input: value,
    });
    return z.NEVER;
  }
  return ms;
});

/** Parses one instant the way churnkit does everywhere; `undefined` when it is not one. @internal */
export function toEpochMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (value instanceof Date) {
    const t = value.getTime();
    return Number.isFinite(t) ? t : undefined;
  }
  if (typeof value !== 'string' || value.length < 10) return undefined;
  // A date-only string is 00:00 UTC; a date-time without a zone is read as UTC, never local time.
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? `${value}T00:00:00Z`
    : /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)
      ? `${value.replace(' ', 'T')}Z`
      : value;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : undefined;
}

const id = z.string().min(1).max(256);
const money = z.number().finite().nonnegative();

/** How a course is delivered. */
export const courseFormatSchema = z.enum({
  /** Recorded video lessons. */
  video: 'video',
  /** Audio columns and podcasts. */
  audio: 'audio',
  /** Written articles. */
  article: 'article',
  /** Live sessions. */
  live: 'live',
} as const);
/** How hard a course is. */
export const difficultySchema = z.enum({
  /** No prior knowledge needed. */
  beginner: 'beginner',
  /** Some prior knowledge needed. */
  intermediate: 'intermediate',
  /** For experienced learners. */
  advanced: 'advanced',
} as const);
/** A membership plan's billing period. */
export const planSchema = z.enum({
  /** Billed every month. */
  monthly: 'monthly',
  /** Billed every three months. */
  quarterly: 'quarterly',
  /** Billed every year. */
  yearly: 'yearly',
} as const);

/** A learner or listener on the platform. */
export const userSchema = z.object({
  /** The user's id, 1..256 characters. */
  userId: id,
  /** When the user signed up (epoch ms, UTC). */
  signupAt: instantSchema,
  /** Age in years, 0..120. */
  age: z.number().int().min(0).max(120).optional(),
  /** Gender as the platform records it. */
  gender: z.string().max(64).optional(),
  /** Occupation as the platform records it. */
  occupation: z.string().max(128).optional(),
  /** City. */
  city: z.string().max(128).optional(),
  /** Acquisition channel (search, referral, ads, ...). */
  channel: z.string().max(128).optional(),
});

/** A course, audio column or other paid content item. */
export const courseSchema = z.object({
  /** The course's id, 1..256 characters. */
  courseId: id,
  /** Subject category. */
  category: z.string().min(1).max(128),
  /** beginner, intermediate or advanced. */
  difficulty: difficultySchema,
  /** List price, >= 0. */
  price: money,
  /** video, audio, article or live. */
  format: courseFormatSchema,
  /** Total length in seconds, > 0. */
  durationSeconds: z.number().finite().positive(),
});

const base = {
  /** Whose event it is. */
  userId: id,
  /** When it happened (epoch ms, UTC). */
  timestamp: instantSchema,
};
const membership = {
  ...base,
  /** The membership plan's billing period. */
  plan: planSchema,
  /** What the period costs, >= 0. */
  price: money,
  /** When the membership this event starts, extends or ends stops being valid. */
  expiresAt: instantSchema,
  /** Whether the membership renews itself at `expiresAt`. */
  autoRenew: z.boolean(),
};

/** A user starts a membership. */
export const subscribeEventSchema = z.object({
  /** The event type. */
  type: z.literal('subscribe'),
  ...membership,
});
/** A membership is extended for another period. */
export const renewEventSchema = z.object({
  /** The event type. */
  type: z.literal('renew'),
  ...membership,
});
/** A user cancels: the membership runs to `expiresAt` and is not renewed. */
export const cancelEventSchema = z.object({
  /** The event type. */
  type: z.literal('cancel'),
  ...membership,
});
/** A user watches or listens to part of a course. */
export const viewEventSchema = z.object({
  /** The event type. */
  type: z.literal('view'),
  ...base,
  /** The course watched or listened to. */
  courseId: id,
  /** Seconds watched or listened in this view, >= 0. */
  watchSeconds: z.number().finite().nonnegative(),
  /** How far into the course the user is after this view, 0..1. */
  progress: z.number().min(0).max(1),
});
/** A user buys a course outright. */
export const purchaseEventSchema = z.object({
  /** The event type. */
  type: z.literal('purchase'),
  ...base,
  /** The course bought. */
  courseId: id,
  /** What was paid, >= 0. */
  amount: money,
});
/** A user comments on a course, in any language, with an optional 1..5 rating. */
export const commentEventSchema = z.object({
  /** The event type. */
  type: z.literal('comment'),
  ...base,
  /** The course commented on. */
  courseId: id,
  /** The comment, in any language, up to 20,000 characters (may be empty). */
  text: z.string().max(20_000),
  /** An optional 1..5 star rating. */
  rating: z.number().int().min(1).max(5).optional(),
});
/** Money goes back to a user, for a purchase (with `courseId`) or a membership (without). */
export const refundEventSchema = z.object({
  /** The event type. */
  type: z.literal('refund'),
  ...base,
  /** What was refunded, >= 0. */
  amount: money,
  /** The course refunded; absent for a membership refund. */
  courseId: id.optional(),
});

/** Every event a paid-knowledge platform logs, discriminated on `type`. */
export const platformEventSchema = z.discriminatedUnion('type', [
  subscribeEventSchema,
  renewEventSchema,
  cancelEventSchema,
  viewEventSchema,
  purchaseEventSchema,
  commentEventSchema,
  refundEventSchema,
]);

/** A learner or listener; `signupAt` is epoch milliseconds (UTC). */
export type User = z.output<typeof userSchema>;
/** A course, audio column or other paid content item. */
export type Course = z.output<typeof courseSchema>;
/** One validated platform event; `timestamp` (and `expiresAt`) are epoch milliseconds (UTC). */
export type PlatformEvent = z.output<typeof platformEventSchema>;
/** The `type` of a {@link PlatformEvent}. */
export type PlatformEventType = PlatformEvent['type'];
/** The event of one `type`, e.g. `EventOf<'view'>`. */
export type EventOf<T extends PlatformEventType> = Extract<
  PlatformEvent,
  {
    /** The event type. */
    type: T;
  }
>;
/** What input may look like before validation: instants as strings, Dates or numbers. */
export type PlatformEventInput = z.input<typeof platformEventSchema>;
/** A membership plan's billing period. */
export type Plan = z.output<typeof planSchema>;
/** How a course is delivered. */
export type CourseFormat = z.output<typeof courseFormatSchema>;
/** How hard a course is. */
export type Difficulty = z.output<typeof difficultySchema>;

/** The shape every stage after ingestion takes: users, courses and their events. Read-only. */
export interface PlatformData {
  /** Everyone on the platform. */
  readonly users: readonly User[];
  /** The course catalogue. */
  readonly courses: readonly Course[];
  /** The behaviour log. */
  readonly events: readonly PlatformEvent[];
}
