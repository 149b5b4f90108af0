import type { Course, User } from '../../data/schema.js';
import { ValidationError, type Issue } from '../../errors.js';
import { allocateBatch, float32Columns, float64Array, float64Columns } from './arena.js';
import { DIFFICULTY_CODES, FORMAT_CODES, type EventTables } from './types.js';

/** The rows a FeatureSet will have, and what is known about each. @internal */
export interface UserSelection {
  readonly userIds: string[];
  readonly users: (User | undefined)[];
  readonly signupAt: Float64Array;
  readonly rowOf: Map<string, number>;
}

/**
 * Picks the rows: the explicit `userIds` in their order (ids missing from `users` still get a
 * row, with unknown attributes), or else every user of `users` who signed up at or before the
 * cutoff, in `users` order.
 * @internal
 */
export function selectUsers(users: readonly User[], cutoff: number, userIds?: readonly string[]): UserSelection {
  const issues: Issue[] = [];
  const byId = new Map<string, User>();
  users.forEach((user, i) => {
    if (user == null || typeof user.userId !== 'string') {
      issues.push({ code: 'invalid_type', path: ['users', i, 'userId'], message: 'expected a user with a string userId' });
    } else if (byId.has(user.userId)) {
      issues.push({ code: 'duplicate', path: ['users', i, 'userId'], message: `user ${JSON.stringify(user.userId)} appears twice; give each user once` });
    } else byId.set(user.userId, user);
  });
  let ids: string[];
  if (userIds !== undefined) {
    ids = [];
    const seen = new Set<string>();
    userIds.forEach((id, i) => {
      if (typeof id !== 'string' || id.length === 0) {
        issues.push({ code: 'invalid_type', path: ['userIds', i], message: `expected a non-empty user id string, got ${typeof id}` });
      } else if (seen.has(id)) {
        issues.push({ code: 'duplicate', path: ['userIds', i], message: `user id ${JSON.stringify(id)} is listed twice; list each user once` });
      } else {
        seen.add(id);
        ids.push(id);
      }
    });
  } else {
    ids = [];
    for (const user of byId.values()) if (user.signupAt <= cutoff) ids.push(user.userId);
  }
  if (issues.length > 0) throw new ValidationError(issues, 'PlatformData');
  const signupAt = float64Array(ids.length);
  const rowOf = new Map<string, number>();
  const selected = ids.map((id, row) => {
    rowOf.set(id, row);
    const user = byId.get(id);
    signupAt[row] = user && Number.isFinite(user.signupAt) ? user.signupAt : NaN;
    return user;
  });
  return { userIds: ids, users: selected, signupAt, rowOf };
}

/** What the tables need to know about each course, by position in `courses`. @internal */
export interface CourseLookup {
  readonly indexOf: Map<string, number>;
  readonly category: Int32Array;
  readonly format: Int32Array;
  readonly difficulty: Int32Array;
  /** Distinct categories in first-seen order, plus a final `'unknown'` entry for unknown courses. */
  readonly categoryNames: string[];
}

/** Indexes `courses` once so the hot loops look up integers, not strings. @internal */
export function indexCourses(courses: readonly Course[]): CourseLookup {
  const indexOf = new Map<string, number>();
  const categoryIndex = new Map<string, number>();
  const category = new Int32Array(courses.length + 1);
  const format = new Int32Array(courses.length + 1);
  const difficulty = new Int32Array(courses.length + 1);
  const issues: Issue[] = [];
  courses.forEach((course, i) => {
    if (course == null || typeof course.courseId !== 'string') {
      issues.push({ code: 'invalid_type', path: ['courses', i, 'courseId'], message: 'expected a course with a string courseId' });
      return;
    }
    if (indexOf.has(course.courseId)) {
      issues.push({ code: 'duplicate', path: ['courses', i, 'courseId'], message: `course ${JSON.stringify(course.courseId)} appears twice; give each course once` });
      return;
    }
    indexOf.set(course.courseId, i);
    let c = categoryIndex.get(course.category);
    if (c === undefined) categoryIndex.set(course.category, (c = categoryIndex.size));
    category[i] = c;
    const f = (FORMAT_CODES as readonly string[]).indexOf(course.format);
    const d = (DIFFICULTY_CODES as readonly string[]).indexOf(course.difficulty);
    format[i] = f < 0 ? FORMAT_CODES.length : f;
    difficulty[i] = d < 0 ? DIFFICULTY_CODES.length : d;
  });
  if (issues.length > 0) throw new ValidationError(issues, 'PlatformData');
  const categoryNames = [...categoryIndex.keys(), 'unknown'];
  // The extra slot at courses.length stands for any course id not in `courses`.
  category[courses.length] = categoryNames.length - 1;
  format[courses.length] = FORMAT_CODES.length;
  difficulty[courses.length] = DIFFICULTY_CODES.length;
  return { indexOf, category, format, difficulty, categoryNames };
}

/** Mutable twin of EventTables used while building. @internal */
export type MutableTables = { -readonly [K in keyof EventTables]: EventTables[K] };

/** Allocates zeroed tables for a selection; both sources fill the same layout. @internal */
export function allocateTables(
  selection: UserSelection,
  cutoff: number,
  bucketMs: number,
  timeSteps: number,
  categoryNames: readonly string[],
): MutableTables {
  const n = selection.userIds.length;
  const cells = n * timeSteps;
  // Counts are small integers, exact in float32: kept as float32 so that SequenceChannels can
  // hand them on as feature columns instead of copying them. Sums and instants stay float64.
  const [views, distinctCourses, purchases, comments, cancellations] = float32Columns(5, cells);
  const [watchSeconds, progressSum, spend, bucketExpiry] = float64Columns(4, cells);
  bucketExpiry.fill(-Infinity);
  const [expiryBefore, firstEventAt, lastEventAt, lastPaymentAt, spendTotal, purchaseCount, purchaseAmount, events30,
    watchLast7, watchPrev7, watchLast30, watchPrev30, viewsLast7, viewsPrev7, viewsLast30, viewsPrev30] = float64Columns(16, n);
  expiryBefore.fill(-Infinity);
  firstEventAt.fill(NaN);
  lastEventAt.fill(NaN);
  lastPaymentAt.fill(NaN);
  const [watchByCategory, watchByFormat, watchByDifficulty, lastPlan, lastAutoRenew] = allocateBatch([
    [Float64Array, n * categoryNames.length], [Float64Array, n * (FORMAT_CODES.length + 1)], [Float64Array, n * (DIFFICULTY_CODES.length + 1)],
    [Int8Array, n], [Int8Array, n],
  ] as const);
  lastPlan.fill(-1);
  return {
    cutoff,
    bucketMs,
    timeSteps,
    windowStart: cutoff - timeSteps * bucketMs,
    userIds: selection.userIds,
    users: selection.users,
    signupAt: selection.signupAt,
    views, watchSeconds, progressSum, distinctCourses, purchases, spend, comments, cancellations, bucketExpiry,
    commentRow: new Int32Array(0),
    commentBucket: new Int32Array(0),
    commentText: [],
    expiryBefore, firstEventAt, lastEventAt, lastPaymentAt, spendTotal, purchaseCount, purchaseAmount, events30,
    watchLast7, watchPrev7, watchLast30, watchPrev30, viewsLast7, viewsPrev7, viewsLast30, viewsPrev30,
    lastPlan,
    lastAutoRenew,
    categoryNames,
    watchByCategory,
    watchByFormat,
    watchByDifficulty,
  };
}
