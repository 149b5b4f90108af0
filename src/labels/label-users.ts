import { ValidationError, type Issue } from '../errors.js';
import type { PlatformEvent } from '../data/schema.js';
import { ACTIVITY_EVENT_TYPES, resolveLabelOptions, type ResolvedLabelOptions } from './label-options.js';
import type { LabelOptions, UserLabel } from './types.js';

const DAY = 86_400_000;
const KNOWN_TYPES = new Set(['subscribe', 'renew', 'cancel', 'view', 'purchase', 'comment', 'refund']);
const ACTIVITY = new Set(ACTIVITY_EVENT_TYPES);

/**
 * Labels every user who is active or subscribed at the cutoff with churn and renewal in the
 * horizon after it. Events may come in any order.
 *
 * - History is every event with `timestamp <= cutoff`; the future is `timestamp > cutoff`. An event
 *   at exactly the cutoff is history only, so it can feed features and never a label.
 * - The membership in force at the cutoff is the one the latest subscribe / renew / cancel event at
 *   or before the cutoff describes (ties: the later in input order); it is in force when its
 *   `expiresAt` is after the cutoff.
 * - `renew`: when that membership expires in the horizon (`expiresAt <= cutoff + horizonDays`),
 *   1 if a subscribe or renew event falls in `(cutoff, expiresAt + graceDays]`, else 0; `null`
 *   when no membership expires in the horizon.
 * - `'activity'`: labels users with a view, purchase or comment in `(cutoff - activeDays, cutoff]`
 *   or a membership in force; churn = 1 when they have no view, purchase or comment in
 *   `(cutoff, cutoff + horizonDays]`.
 * - `'subscription'`: labels users with a membership in force; churn = 1 - renew when it expires
 *   in the horizon, 0 when it outlasts the horizon.
 *
 * @returns One label per labelled user, sorted by userId (code-unit order, as `<` compares strings).
 * @throws ValidationError listing every event without a usable userId, type, timestamp or expiresAt.
 * @throws ConfigError on bad options.
 */
export function labelUsers(events: Iterable<PlatformEvent>, options: LabelOptions): readonly UserLabel[] {
  const resolved = resolveLabelOptions(options);
  return _labelUsers(events, resolved);
}

interface UserState {
  activeAtCutoff: boolean;
  membershipAt: number;
  expiresAt: number;
  activeInHorizon: boolean;
  firstRenewal: number;
}

/** {@link labelUsers} after its options are checked. @internal */
export function _labelUsers(events: Iterable<PlatformEvent>, options: ResolvedLabelOptions): readonly UserLabel[] {
  const { cutoff, definition } = options;
  const activeFrom = cutoff - options.activeDays * DAY;
  const horizonEnd = cutoff + options.horizonDays * DAY;
  const users = new Map<string, UserState>();
  const issues: Issue[] = [];
  let index = -1;
  for (const event of events) {
    index++;
    const problem = check(event);
    if (problem) {
      if (issues.length < 100) issues.push({ ...problem, path: ['events', index, ...problem.path] });
      continue;
    }
    let state = users.get(event.userId);
    if (!state) {
      state = { activeAtCutoff: false, membershipAt: Number.NEGATIVE_INFINITY, expiresAt: Number.NaN, activeInHorizon: false, firstRenewal: Number.POSITIVE_INFINITY };
      users.set(event.userId, state);
    }
    const t = event.timestamp;
    const activity = ACTIVITY.has(event.type);
    if (t <= cutoff) {
      if (activity && t > activeFrom) state.activeAtCutoff = true;
      if ((event.type === 'subscribe' || event.type === 'renew' || event.type === 'cancel') && t >= state.membershipAt) {
        state.membershipAt = t;
        state.expiresAt = event.expiresAt;
      }
    } else {
      if (activity && t <= horizonEnd) state.activeInHorizon = true;
      if ((event.type === 'subscribe' || event.type === 'renew') && t < state.firstRenewal) state.firstRenewal = t;
    }
  }
  if (issues.length > 0) throw new ValidationError(issues, 'events');

  const ids = [...users.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const labels: UserLabel[] = [];
  const grace = options.graceDays * DAY;
  for (const userId of ids) {
    const s = users.get(userId)!;
    const subscribed = s.expiresAt > cutoff;
    const expiring = subscribed && s.expiresAt <= horizonEnd;
    const renew = expiring ? (s.firstRenewal <= s.expiresAt + grace ? 1 : 0) : null;
    if (definition === 'activity') {
      if (s.activeAtCutoff || subscribed) labels.push({ userId, churn: s.activeInHorizon ? 0 : 1, renew });
    } else if (subscribed) {
      labels.push({ userId, churn: renew === 0 ? 1 : 0, renew });
    }
  }
  return labels;
}

type Problem = Omit<Issue, 'path'> & { path: (string | number)[] };

function check(event: unknown): Problem | undefined {
  if (event === null || typeof event !== 'object') return { code: 'invalid_type', path: [], message: `expected an event object, got ${typeof event}; validate input with readEvents first` };
  const e = event as Record<string, unknown>;
  if (typeof e.userId !== 'string' || e.userId === '') return { code: 'invalid_type', path: ['userId'], message: `expected a non-empty string userId, got ${JSON.stringify(e.userId)}` };
  if (typeof e.type !== 'string' || !KNOWN_TYPES.has(e.type)) return { code: 'invalid_value', path: ['type'], message: `expected one of ${[...KNOWN_TYPES].join(', ')}, got ${JSON.stringify(e.type)}` };
  if (typeof e.timestamp !== 'number' || !Number.isFinite(e.timestamp)) {
    return { code: 'invalid_type', path: ['timestamp'], message: `expected epoch milliseconds (a finite number), got ${JSON.stringify(e.timestamp)}; parse instants with readEvents or platformEventSchema first` };
  }
  if ((e.type === 'subscribe' || e.type === 'renew' || e.type === 'cancel') && (typeof e.expiresAt !== 'number' || !Number.isFinite(e.expiresAt))) {
    return { code: 'invalid_type', path: ['expiresAt'], message: `expected epoch milliseconds (a finite number) on a ${e.type} event, got ${JSON.stringify(e.expiresAt)}` };
  }
  return undefined;
}
