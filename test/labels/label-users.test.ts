import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, ValidationError } from '../../src/errors.js';
import type { PlatformEvent } from '../../src/data/schema.js';
import { simulatePlatform, type SimulatedPlatform } from '../../src/data/index.js';
import { labelUsers } from '../../src/labels/index.js';

const DAY = 86_400_000;
const CUTOFF = Date.UTC(2025, 0, 31);
const at = (days: number) => CUTOFF + days * DAY;
const view = (userId: string, timestamp: number): PlatformEvent => ({ type: 'view', userId, timestamp, courseId: 'c1', watchSeconds: 60, progress: 0.1 });
const membership = (type: 'subscribe' | 'renew' | 'cancel', userId: string, timestamp: number, expiresAt: number, autoRenew = true): PlatformEvent => ({
  type, userId, timestamp, plan: 'monthly', price: 30, expiresAt, autoRenew,
});

describe('labelUsers, activity definition (KDD Cup 2015)', () => {
  const options = { cutoff: CUTOFF, horizonDays: 30, definition: 'activity' as const };

  it('labels users active or subscribed at the cutoff, churn = no activity in the horizon, sorted by userId', () => {
    const events: PlatformEvent[] = [
      view('stay', at(-3)), view('stay', at(12)),
      view('leave', at(-1)), { type: 'refund', userId: 'leave', timestamp: at(5), amount: 9 },
      view('dormant', at(-45)), view('dormant', at(3)), // not active in the 30 days before the cutoff
      membership('subscribe', 'member', at(-10), at(20)), // subscribed, never viewed
      view('late', at(31)), view('late', at(-2)), // activity only after the horizon
      view('newcomer', at(2)), // not there at the cutoff
    ];
    const labels = labelUsers(events, options);
    expect(labels.map((l) => l.userId)).toEqual(['late', 'leave', 'member', 'stay']);
    expect(Object.fromEntries(labels.map((l) => [l.userId, l.churn]))).toEqual({ late: 1, leave: 1, member: 1, stay: 0 });
  });

  it('puts an event at exactly the cutoff in the past, never in the horizon', () => {
    const exactly = labelUsers([view('u', CUTOFF)], options);
    expect(exactly).toEqual([{ userId: 'u', churn: 1, renew: null }]); // active at the cutoff, and churned
    const oneMsLater = labelUsers([view('u', CUTOFF), view('u', CUTOFF + 1)], options);
    expect(oneMsLater).toEqual([{ userId: 'u', churn: 0, renew: null }]);
    const horizonEnd = labelUsers([view('u', CUTOFF), view('u', at(30))], options);
    expect(horizonEnd[0].churn).toBe(0); // the horizon's last instant is inside it
    const activeEdge = labelUsers([view('u', at(-30))], options);
    expect(activeEdge).toEqual([]); // (cutoff - activeDays, cutoff]: the left edge is out
  });

  it('gives the same labels for shuffled input', () => {
    const events = [view('b', at(-1)), view('a', at(-2)), view('a', at(4)), membership('subscribe', 'c', at(-20), at(10)), membership('renew', 'c', at(9), at(40))];
    expect(labelUsers([...events].reverse(), options)).toEqual(labelUsers(events, options));
  });
});

describe('labelUsers, subscription definition (KKBox WSDM Cup)', () => {
  const options = { cutoff: CUTOFF, horizonDays: 30, definition: 'subscription' as const, graceDays: 7 };

  it('churn = no renewal within graceDays after the membership in force expires; renew null when none expires', () => {
    const events: PlatformEvent[] = [
      membership('subscribe', 'renewed', at(-20), at(10)), membership('renew', 'renewed', at(10), at(40)),
      membership('subscribe', 'lapsed', at(-20), at(10)),
      membership('subscribe', 'graceOk', at(-20), at(10)), membership('subscribe', 'graceOk', at(17), at(47)),
      membership('subscribe', 'graceLate', at(-20), at(10)), membership('subscribe', 'graceLate', at(17) + 1, at(47)),
      membership('subscribe', 'yearly', at(-20), at(345)),
      membership('subscribe', 'expired', at(-40), at(-10)), view('expired', at(-1)),
      membership('subscribe', 'cancelled', at(-20), at(10)), membership('cancel', 'cancelled', at(-5), at(10), false),
      membership('subscribe', 'renewedEarly', at(-20), at(10)), membership('renew', 'renewedEarly', at(-1), at(40)),
    ];
    const labels = Object.fromEntries(labelUsers(events, options).map((l) => [l.userId, [l.churn, l.renew]]));
    expect(labels).toEqual({
      renewed: [0, 1],
      lapsed: [1, 0],
      graceOk: [0, 1],
      graceLate: [1, 0],
      yearly: [0, null],
      cancelled: [1, 0],
      renewedEarly: [0, null], // the renewal before the cutoff put the expiry past the horizon
    });
    const activity = Object.fromEntries(labelUsers(events, { ...options, definition: 'activity' }).map((l) => [l.userId, l.renew]));
    expect(activity.graceOk).toBe(1);
    expect(activity.expired).toBeNull(); // active, not subscribed: labelled under 'activity' only
  });
});

describe('labelUsers and planted future events', () => {
  let platform: SimulatedPlatform;
  beforeAll(async () => {
    platform = await simulatePlatform({ users: 400, seed: 77, days: 60 });
  });

  it('uses events after the cutoff for labels while the feature input (events at or before the cutoff) is unchanged', () => {
    const { cutoff, horizonDays } = platform;
    const options = { cutoff, horizonDays, definition: 'activity' as const };
    const before = labelUsers(platform.events, options);
    const churners = before.filter((l) => l.churn === 1).map((l) => l.userId);
    expect(churners.length).toBeGreaterThan(50);
    const planted = churners.slice(0, 20);
    const inHorizon = planted.map((userId, i) => view(userId, cutoff + 1 + i * 3_600_000));
    const atCutoff = churners.slice(20, 40).map((userId) => view(userId, cutoff));
    const events = [...platform.events, ...inHorizon, ...atCutoff].sort((a, b) => a.timestamp - b.timestamp);
    const after = labelUsers(events, options);

    const changed = after.filter((l, i) => l.churn !== before[i].churn).map((l) => l.userId);
    expect(changed).toEqual([...planted].sort());
    expect(after.filter((l) => planted.includes(l.userId)).every((l) => l.churn === 0)).toBe(true);
    // The events at exactly the cutoff are history: they change no label...
    expect(after.filter((l) => churners.slice(20, 40).includes(l.userId)).every((l) => l.churn === 1)).toBe(true);
    // ...but do join the feature input, which the horizon plants never touch.
    const featureInput = (list: readonly PlatformEvent[]) => list.filter((e) => e.timestamp <= cutoff);
    expect(featureInput(events.filter((e) => !atCutoff.includes(e)))).toEqual(featureInput(platform.events));
    expect(featureInput(events).length).toBe(featureInput(platform.events).length + atCutoff.length);
  });
});

describe('labelUsers reproduces the simulator', () => {
  let platform: SimulatedPlatform;
  beforeAll(async () => {
    platform = await simulatePlatform({ users: 3000, seed: 5 });
  });

  it.each([0, 7, 30])('activity labels equal the drawn outcomes (graceDays %i)', (graceDays) => {
    const labels = labelUsers(platform.events, { cutoff: platform.cutoff, horizonDays: platform.horizonDays, definition: 'activity', graceDays });
    expect(labels.length).toBe(platform.users.length);
    for (const label of labels) {
      const truth = platform.truth.get(label.userId)!;
      expect([label.userId, label.churn, label.renew]).toEqual([label.userId, truth.churn, truth.renew]);
    }
  });

  it('still reproduces the draws with unusual options (short history and horizon, one course, activeDays 7)', async () => {
    const small = await simulatePlatform({ users: 300, seed: 3, days: 14, horizonDays: 3, courses: 1, noiseShare: 0.5, process: { activeDays: 7, signal: 2 } });
    const labels = labelUsers(small.events, { cutoff: small.cutoff, horizonDays: 3, definition: 'activity', activeDays: 7 });
    expect(labels.length).toBe(300);
    expect(labels.map((l) => [l.churn, l.renew])).toEqual(labels.map((l) => [small.truth.get(l.userId)!.churn, small.truth.get(l.userId)!.renew]));
    const subscription = labelUsers(small.events, { cutoff: small.cutoff, horizonDays: 3, definition: 'subscription', graceDays: 0 });
    expect(subscription.map((l) => l.churn)).toEqual(subscription.map((l) => small.truth.get(l.userId)!.subscriptionChurn));
  });

  it('subscription labels equal the drawn subscription outcomes', () => {
    const labels = labelUsers(platform.events, { cutoff: platform.cutoff, horizonDays: platform.horizonDays, definition: 'subscription' });
    const members = [...platform.truth].filter(([, t]) => t.membershipExpiresAt !== null);
    expect(labels.map((l) => l.userId)).toEqual(members.map(([id]) => id));
    for (const label of labels) expect(label.churn).toBe(platform.truth.get(label.userId)!.subscriptionChurn);
    expect(labels.some((l) => l.churn === 1) && labels.some((l) => l.renew === null)).toBe(true);
  });
});

describe('labelUsers input checks', () => {
  it('names every bad event with its path', () => {
    const bad = [view('a', at(-1)), { ...view('b', at(-1)), timestamp: '2025-01-01' }, { type: 'renew', userId: 'c', timestamp: at(-1), plan: 'monthly', price: 1, autoRenew: true }, { type: 'wave', userId: 'd', timestamp: 1 }];
    try {
      labelUsers(bad as unknown as PlatformEvent[], { cutoff: CUTOFF, horizonDays: 30, definition: 'activity' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual([['events', 1, 'timestamp'], ['events', 2, 'expiresAt'], ['events', 3, 'type']]);
    }
  });

  it('rejects bad options with a ConfigError naming the option', () => {
    expect(() => labelUsers([], { cutoff: 'later', horizonDays: 30, definition: 'activity' })).toThrow(ConfigError);
    expect(() => labelUsers([], { cutoff: CUTOFF, horizonDays: 0, definition: 'activity' })).toThrow(/horizonDays/);
    expect(() => labelUsers([], { cutoff: CUTOFF, horizonDays: 30, definition: 'usage' as never })).toThrow(/definition/);
    expect(() => labelUsers([], { cutoff: CUTOFF, horizonDays: 30, definition: 'activity', graceDays: -1 })).toThrow(/graceDays/);
    expect(labelUsers([], { cutoff: '2025-01-31', horizonDays: 30, definition: 'activity' })).toEqual([]);
  });
});
