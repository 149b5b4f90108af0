import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { simulatePlatform, type SimulatedPlatform } from '../../src/data/index.js';
import { labelUsers, splitByTime } from '../../src/labels/index.js';

const DAY = 86_400_000;

describe('splitByTime', () => {
  let platform: SimulatedPlatform;
  beforeAll(async () => {
    platform = await simulatePlatform({ users: 300, seed: 8, days: 120 });
  });

  it('labels an earlier and a later cutoff, the train label window ending at the test cutoff', () => {
    const split = splitByTime(platform.events, { testCutoff: platform.cutoff - 14 * DAY, horizonDays: 14, definition: 'activity', graceDays: 7 });
    expect(split.test.cutoff).toBe(platform.cutoff - 14 * DAY);
    expect(split.train.cutoff).toBe(split.test.cutoff - 21 * DAY);
    expect(split.train.labelWindowEnd).toBeLessThanOrEqual(split.test.cutoff);
    expect(split.test.labels).toEqual(labelUsers(platform.events, { cutoff: split.test.cutoff, horizonDays: 14, definition: 'activity', graceDays: 7 }));
    expect(split.train.labels).toEqual(labelUsers(platform.events, { cutoff: split.train.cutoff, horizonDays: 14, definition: 'activity', graceDays: 7 }));
    expect(split.train.labels.length).toBeGreaterThan(100);
    expect(split.test.labels.length).toBeGreaterThan(split.train.labels.length);
  });

  it('accepts an earlier train cutoff and refuses one whose labels would look past the test cutoff', () => {
    const testCutoff = platform.cutoff;
    const ok = splitByTime(platform.events, { testCutoff, trainCutoff: testCutoff - 80 * DAY, horizonDays: 30, definition: 'subscription' });
    expect(ok.train.cutoff).toBe(testCutoff - 80 * DAY);
    expect(() => splitByTime(platform.events, { testCutoff, trainCutoff: testCutoff - 59 * DAY, horizonDays: 30, definition: 'subscription' })).toThrow(ConfigError);
    expect(() => splitByTime(platform.events, { testCutoff, trainCutoff: testCutoff - 59 * DAY, horizonDays: 30, definition: 'subscription' })).toThrow(/trainCutoff/);
  });
});
