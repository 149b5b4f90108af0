import { describe, expect, it } from 'vitest';
import type { PlatformData, PlatformEvent } from '../../src/data/schema.js';
import { ConfigError, NotFittedError, ValidationError } from '../../src/errors.js';
import {
  ActivitySummary, FeaturePipeline, ImputeMissing, ScaleFeatures, SequenceChannels, makePipeline, type FeatureSet, type FeatureStep,
} from '../../src/features/index.js';
import { CUTOFF, DAY, makeData, maxAbsDiff } from './fixtures.js';

const D = DAY;
/** One active user with known events, one who signed up 2.5 days ago and did nothing. */
function tinyData(): PlatformData {
  const a = 'a';
  const m = { plan: 'monthly' as const, price: 30, autoRenew: true };
  const events: PlatformEvent[] = [
    { type: 'subscribe', userId: a, timestamp: CUTOFF - 10 * D, ...m, expiresAt: CUTOFF - 2.5 * D },
    { type: 'view', userId: a, timestamp: CUTOFF - 0.5 * D, courseId: 'c0', watchSeconds: 100, progress: 0.5 },
    { type: 'view', userId: a, timestamp: CUTOFF - 0.2 * D, courseId: 'c0', watchSeconds: 50, progress: 1 },
    { type: 'view', userId: a, timestamp: CUTOFF - 1.5 * D, courseId: 'c1', watchSeconds: 10, progress: 0.1 },
    { type: 'view', userId: a, timestamp: CUTOFF - 1 * D, courseId: 'c0', watchSeconds: 20, progress: 0.2 },
    { type: 'purchase', userId: a, timestamp: CUTOFF - 2.5 * D, courseId: 'c1', amount: 30 },
    { type: 'refund', userId: a, timestamp: CUTOFF - 2.4 * D, courseId: 'c1', amount: 10 },
    { type: 'comment', userId: a, timestamp: CUTOFF - 0.1 * D, courseId: 'c0', text: 'Great course, very clear' },
    { type: 'renew', userId: a, timestamp: CUTOFF - 1.5 * D, ...m, expiresAt: CUTOFF + 28.5 * D },
    { type: 'cancel', userId: a, timestamp: CUTOFF - 0.3 * D, ...m, autoRenew: false, expiresAt: CUTOFF + 28.5 * D },
    { type: 'view', userId: a, timestamp: CUTOFF + 1, courseId: 'c1', watchSeconds: 999, progress: 1 },
  ];
  const course = (courseId: string, category: string) => ({ courseId, category, difficulty: 'beginner' as const, price: 30, format: 'video' as const, durationSeconds: 600 });
  return {
    users: [{ userId: a, signupAt: CUTOFF - 20 * D }, { userId: 'b', signupAt: CUTOFF - 2.5 * D }],
    courses: [course('c0', 'tech'), course('c1', 'art')],
    events,
  };
}

const channel = (fs: FeatureSet, user: number, name: string) => {
  const f = fs.sequenceFeatureNames.indexOf(name);
  return Array.from({ length: fs.shape.steps }, (_, t) => +fs.sequences[(user * fs.shape.steps + t) * fs.shape.sequenceFeatures + f].toFixed(4));
};
const stat = (fs: FeatureSet, user: number, name: string) => fs.statics[user * fs.shape.staticFeatures + fs.staticFeatureNames.indexOf(name)];

describe('FeaturePipeline on hand-made events', () => {
  const pipeline = new FeaturePipeline([['seq', new SequenceChannels()], ['activity', new ActivitySummary()]], { bucket: 'day', timeSteps: 5 });
  const fs = pipeline.fitTransform(tinyData(), { cutoff: CUTOFF });

  it('computes each sequence channel per right-closed bucket (an event at a bucket end is in that bucket)', () => {
    expect(fs.userIds).toEqual(['a', 'b']);
    expect(fs.shape).toEqual({ users: 2, steps: 5, sequenceFeatures: 11, staticFeatures: 16 });
    expect(channel(fs, 0, 'views')).toEqual([0, 0, 0, 2, 2]);
    expect(channel(fs, 0, 'watchSeconds')).toEqual([0, 0, 0, 30, 150]);
    expect(channel(fs, 0, 'completion')).toEqual([0, 0, 0, 0.15, 0.75]);
    expect(channel(fs, 0, 'distinctCourses')).toEqual([0, 0, 0, 2, 1]);
    expect(channel(fs, 0, 'purchases')).toEqual([0, 0, 1, 0, 0]);
    expect(channel(fs, 0, 'spend')).toEqual([0, 0, 20, 30, 0]);
    expect(channel(fs, 0, 'comments')).toEqual([0, 0, 0, 0, 1]);
    expect(channel(fs, 0, 'commentSentiment')[4]).toBeGreaterThan(0.5);
    expect(channel(fs, 0, 'subscriptionActive')).toEqual([1, 1, 0, 1, 1]);
    expect(channel(fs, 0, 'daysToExpiry')).toEqual([1.5, 0.5, 0, 29.5, 28.5]);
    expect(channel(fs, 0, 'cancellations')).toEqual([0, 0, 0, 0, 1]);
  });

  it('computes the aggregates at the cutoff', () => {
    expect(stat(fs, 0, 'recencyDays')).toBeCloseTo(1.5, 5);
    expect(stat(fs, 0, 'frequency30d')).toBe(10);
    expect(stat(fs, 0, 'monetary')).toBe(80);
    expect(stat(fs, 0, 'tenureDays')).toBeCloseTo(20, 5);
    expect(stat(fs, 0, 'daysSinceLastActivity')).toBeCloseTo(0.1, 5);
    expect(stat(fs, 0, 'autoRenew')).toBe(0); // the latest membership event is a cancel
    expect(stat(fs, 0, 'subscriptionActiveAtCutoff')).toBe(1);
    expect(stat(fs, 0, 'daysToExpiryAtCutoff')).toBeCloseTo(28.5, 4);
    expect(stat(fs, 0, 'plan=monthly')).toBe(1);
    expect(stat(fs, 0, 'watchTrend7d')).toBe(1); // all watch time is in the last 7 days
  });

  it('gives a user with no events zero rows, NaN-free sequences and a mask from signup (documented, not an error)', () => {
    expect(Array.from(fs.mask.slice(0, 5))).toEqual([1, 1, 1, 1, 1]);
    expect(Array.from(fs.mask.slice(5, 10))).toEqual([0, 0, 1, 1, 1]);
    expect(Array.from(fs.sequences.slice(55, 110)).every((v) => v === 0)).toBe(true);
    expect(Number.isNaN(stat(fs, 1, 'daysSinceLastActivity'))).toBe(true); // unknown until ImputeMissing fills it
    expect(stat(fs, 1, 'plan=none')).toBe(1);
    const full = FeaturePipeline.default({ bucket: 'day', timeSteps: 5 }).fitTransform(tinyData(), { cutoff: CUTOFF });
    expect(Array.from(full.statics).every(Number.isFinite)).toBe(true);
    expect(full.statics[full.shape.staticFeatures + full.staticFeatureNames.indexOf('daysSinceLastActivity.missing')]).toBe(1);
  });

  it('aligns rows with explicit userIds, in their order, including ids unknown to users', () => {
    const aligned = pipeline.transform(tinyData(), { cutoff: CUTOFF, userIds: ['b', 'zz', 'a'] });
    expect(aligned.userIds).toEqual(['b', 'zz', 'a']);
    expect(channel(aligned, 2, 'watchSeconds')).toEqual(channel(fs, 0, 'watchSeconds'));
    expect(Array.from(aligned.mask.slice(5, 10))).toEqual([0, 0, 0, 0, 1]); // no history at all: last bucket only
  });
});

describe('leakage', () => {
  it('events after the cutoff change no feature', () => {
    const past = makeData(60, 3, { afterCutoff: false });
    const withFuture = makeData(60, 3);
    expect(withFuture.events.length).toBeGreaterThan(past.events.length);
    // Plant one more event of every type after the cutoff, for every user.
    const planted: PlatformEvent[] = past.users.flatMap((u) => [
      { type: 'view', userId: u.userId, timestamp: CUTOFF + 1, courseId: 'c1', watchSeconds: 5000, progress: 1 },
      { type: 'purchase', userId: u.userId, timestamp: CUTOFF + 0.5, courseId: 'c2', amount: 99 },
      { type: 'comment', userId: u.userId, timestamp: CUTOFF + DAY, courseId: 'c2', text: 'terrible' },
      { type: 'refund', userId: u.userId, timestamp: CUTOFF + DAY, amount: 5 },
      { type: 'cancel', userId: u.userId, timestamp: CUTOFF + 2 * DAY, plan: 'yearly', price: 1, expiresAt: CUTOFF + 9 * DAY, autoRenew: false },
    ]);
    const future = { ...withFuture, events: [...withFuture.events, ...planted] };
    const a = FeaturePipeline.default().fitTransform(past, { cutoff: CUTOFF });
    const b = FeaturePipeline.default().fitTransform(future, { cutoff: CUTOFF });
    expect(b.staticFeatureNames).toEqual(a.staticFeatureNames);
    expect(maxAbsDiff(a.sequences, b.sequences)).toBe(0);
    expect(maxAbsDiff(a.statics, b.statics)).toBe(0);
    expect(maxAbsDiff(a.mask, b.mask)).toBe(0);
    // ...while the same events before the cutoff do change features.
    const early = planted.map((e) => ({ ...e, timestamp: CUTOFF - DAY }));
    const c = FeaturePipeline.default().fitTransform({ ...past, events: [...past.events, ...early] }, { cutoff: CUTOFF });
    expect(maxAbsDiff(a.sequences, c.sequences)).toBeGreaterThan(0.1);
  });
});

describe('fit statistics come from the training users only', () => {
  it('transforming other users does not move fitted statistics, and fitting on them would', () => {
    const data = makeData(80, 5);
    const train = data.users.slice(0, 50).map((u) => u.userId);
    const test = data.users.slice(50).map((u) => u.userId);
    const pipeline = FeaturePipeline.default().fit(data, { cutoff: CUTOFF, userIds: train });
    const saved = JSON.stringify(pipeline.toJSON());
    const onTest = pipeline.transform(data, { cutoff: CUTOFF, userIds: test });
    pipeline.transform(data, { cutoff: CUTOFF });
    expect(JSON.stringify(pipeline.toJSON())).toBe(saved);
    expect(onTest.userIds).toEqual(test);
    // The same test users' rows computed inside the full transform are identical: rows never see each other.
    const all = pipeline.transform(data, { cutoff: CUTOFF });
    const S = all.shape.staticFeatures;
    expect(maxAbsDiff(onTest.statics, all.statics.slice(50 * S))).toBe(0);
    const other = FeaturePipeline.default().fit(data, { cutoff: CUTOFF, userIds: test });
    expect(JSON.stringify(other.toJSON())).not.toBe(saved);
  });

  it('standardised training features have mean 0 and std 1 over training users', () => {
    const data = makeData(80, 6);
    const fs = FeaturePipeline.default().fitTransform(data, { cutoff: CUTOFF });
    const s = fs.staticFeatureNames.indexOf('tenureDays');
    const col = Array.from({ length: fs.shape.users }, (_, r) => fs.statics[r * fs.shape.staticFeatures + s]);
    const mean = col.reduce((x, y) => x + y, 0) / col.length;
    const std = Math.sqrt(col.reduce((x, y) => x + (y - mean) ** 2, 0) / col.length);
    expect(Math.abs(mean)).toBeLessThan(1e-5);
    expect(std).toBeCloseTo(1, 4);
  });
});

describe('bad input', () => {
  const data = makeData(20, 2);
  it('transform before fit throws NotFittedError', () => {
    expect(() => FeaturePipeline.default().transform(data, { cutoff: CUTOFF })).toThrow(NotFittedError);
    expect(() => new ScaleFeatures().transform({} as never)).toThrow(NotFittedError);
  });
  it('T = 0 is a ConfigError naming timeSteps', () => {
    expect(() => FeaturePipeline.default({ timeSteps: 0 })).toThrow(ConfigError);
    expect(() => new FeaturePipeline([], { timeSteps: 0 })).toThrow(/timeSteps/);
    expect(() => FeaturePipeline.default({ bucket: 'month' as never })).toThrow(/bucket/);
    expect(() => FeaturePipeline.default({ unknown: 1 } as never)).toThrow(/unknown/);
  });
  it('a missing or bad cutoff is a ConfigError', () => {
    expect(() => FeaturePipeline.default().fit(data, {} as never)).toThrow(/cutoff/);
    expect(() => FeaturePipeline.default().fit(data, { cutoff: 'soon' })).toThrow(ConfigError);
  });
  it('NaN in an event is a ValidationError with the event path', () => {
    const events = data.events.map((e, i) => (i === 3 && e.type === 'view' ? { ...e, watchSeconds: NaN } : e));
    const i = data.events.findIndex((e) => e.type === 'view');
    const poisoned = data.events.map((e, j) => (j === i ? { ...e, watchSeconds: NaN } : e)) as PlatformEvent[];
    expect(events.length).toBe(data.events.length);
    try {
      FeaturePipeline.default().fit({ ...data, events: poisoned }, { cutoff: CUTOFF });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0].path).toEqual(['events', i, 'watchSeconds']);
      expect((error as Error).message).toContain(`events[${i}].watchSeconds`);
    }
  });
  it('fitting on no users is a ValidationError with path users; transforming none gives an empty set', () => {
    expect(() => FeaturePipeline.default().fit(data, { cutoff: CUTOFF, userIds: [] })).toThrow(ValidationError);
    const fitted = FeaturePipeline.default().fit(data, { cutoff: CUTOFF });
    const empty = fitted.transform(data, { cutoff: CUTOFF, userIds: [] });
    expect(empty.shape.users).toBe(0);
    expect(empty.sequences.length).toBe(0);
  });
  it('duplicate userIds are a ValidationError naming the position', () => {
    expect(() => FeaturePipeline.default().fit(data, { cutoff: CUTOFF, userIds: ['u1', 'u1'] })).toThrow(/userIds\[1\]/);
  });
});

describe('composition', () => {
  it('rejects duplicate names and bad steps by name at construction', () => {
    expect(() => new FeaturePipeline([['a', new SequenceChannels()], ['a', new ActivitySummary()]])).toThrow(/steps\.a/);
    expect(() => new FeaturePipeline([['scale', {} as FeatureStep]])).toThrow(/steps\.scale/);
  });
  it('makePipeline names steps after their classes', () => {
    const p = makePipeline(new SequenceChannels(), new ActivitySummary(), new ImputeMissing(), new ImputeMissing());
    expect(p.steps.map(([n]) => n)).toEqual(['sequenceChannels', 'activitySummary', 'imputeMissing', 'imputeMissing-2']);
  });
  it('nested pipelines give the same features as the flat pipeline', () => {
    // 300 users: columns large enough to come from the memory pool, whose buffers a pipeline
    // hands back as soon as a step replaces them (and never those of the frame it was given).
    const data = makeData(300, 4);
    const flat = makePipeline(new SequenceChannels(), new ActivitySummary(), new ImputeMissing(), new ScaleFeatures());
    const nested = new FeaturePipeline([
      ['extract', makePipeline(new SequenceChannels(), new ActivitySummary())],
      ['prepare', makePipeline(new ImputeMissing(), new ScaleFeatures())],
    ]);
    const a = flat.fitTransform(data, { cutoff: CUTOFF });
    const b = nested.fitTransform(data, { cutoff: CUTOFF });
    expect(b.staticFeatureNames).toEqual(a.staticFeatureNames);
    expect(maxAbsDiff(a.statics, b.statics)).toBe(0);
    expect(maxAbsDiff(a.sequences, b.sequences)).toBe(0);
    const restored = FeaturePipeline.fromJSON(JSON.parse(JSON.stringify(nested.toJSON())));
    expect(maxAbsDiff(restored.transform(data, { cutoff: CUTOFF }).statics, b.statics)).toBe(0);
  });
  it('fitTransform equals fit then transform', () => {
    const data = makeData(30, 8);
    const a = FeaturePipeline.default().fitTransform(data, { cutoff: CUTOFF });
    const b = FeaturePipeline.default().fit(data, { cutoff: CUTOFF }).transform(data, { cutoff: CUTOFF });
    expect(maxAbsDiff(a.sequences, b.sequences)).toBe(0);
    expect(maxAbsDiff(a.statics, b.statics)).toBe(0);
    expect(Array.from(a.categoricals ?? [])).toEqual(Array.from(b.categoricals ?? []));
  });
});
