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
export const courseFormatSchema = z.enum(['video', 'audio', 'article', 'live']);
/** How hard a course is. */
export const difficultySchema = z.enum(['beginner', 'intermediate', 'advanced']);
/** A membership plan's billing period. */
export const planSchema = z.enum(['monthly', 'quarterly', 'yearly']);

/** A learner or listener on the platform. */
export const userSchema = z.object({
  userId: id,
  signupAt: instantSchema,
  age: z.number().int().min(0).max(120).optional(),
  gender: z.string().max(64).optional(),
  occupation: z.string().max(128).optional(),
  city: z.string().max(128).optional(),
  channel: z.string().max(128).optional(),
});

/** A course, audio column or other paid content item. */
export const courseSchema = z.object({
  courseId: id,
  category: z.string().min(1).max(128),
  difficulty: difficultySchema,
  price: money,
  format: courseFormatSchema,
  durationSeconds: z.number().finite().positive(),
});

const base = { userId: id, timestamp: instantSchema };
const membership = {
  ...base,
  plan: planSchema,
  price: money,
  /** When the membership this event starts, extends or ends stops being valid. */
  expiresAt: instantSchema,
  autoRenew: z.boolean(),
};

/** A user starts a membership. */
export const subscribeEventSchema = z.object({ type: z.literal('subscribe'), ...membership });
/** A membership is extended for another period. */
export const renewEventSchema = z.object({ type: z.literal('renew'), ...membership });
/** A user cancels: the membership runs to `expiresAt` and is not renewed. */
export const cancelEventSchema = z.object({ type: z.literal('cancel'), ...membership });
/** A user watches or listens to part of a course. */
export const viewEventSchema = z.object({
  type: z.literal('view'),
  ...base,
  courseId: id,
  watchSeconds: z.number().finite().nonnegative(),
  /** How far into the course the user is after this view, 0..1. */
  progress: z.number().min(0).max(1),
});
/** A user buys a course outright. */
export const purchaseEventSchema = z.object({ type: z.literal('purchase'), ...base, courseId: id, amount: money });
/** A user comments on a course, in any language, with an optional 1..5 rating. */
export const commentEventSchema = z.object({
  type: z.literal('comment'),
  ...base,
  courseId: id,
  text: z.string().max(20_000),
  rating: z.number().int().min(1).max(5).optional(),
});
/** Money goes back to a user, for a purchase (with `courseId`) or a membership (without). */
export const refundEventSchema = z.object({
  type: z.literal('refund'),
  ...base,
  amount: money,
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
export type EventOf<T extends PlatformEventType> = Extract<PlatformEvent, { type: T }>;
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
  readonly users: readonly User[];
  readonly courses: readonly Course[];
  readonly events: readonly PlatformEvent[];
}
