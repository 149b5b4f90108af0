import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { NotFittedError, ValidationError, ConfigError } from '../../src/errors.js';
import { DailyActivityFeatures, readDailyActivity, selectEntities, activityStaticNames } from '../../src/adapters/index.js';

const DIR = fileURLToPath(new URL('../fixtures/kdd-mini/', import.meta.url));

async function tableOf(text: string) {
  return (await readDailyActivity({ name: 't.csv', source: Readable.from([text]) }, { group: 'course' })).table;
}

const TINY = [
  'enrollment_id,time,course,event_a,event_b',
  // e1: active on days 1 and 3 of a 5-day window (2020-01-01..05).
  'e1,2020-01-01,c,0,0', 'e1,2020-01-02,c,2,1', 'e1,2020-01-03,c,0,0', 'e1,2020-01-04,c,4,0', 'e1,2020-01-05,c,0,0',
  // e2: first row on day 3, active on the last day only.
  'e2,2020-01-03,c,0,0', 'e2,2020-01-04,c,0,0', 'e2,2020-01-05,c,1,1',
  // e3: another course whose window ends later.
  'e3,2020-01-09,d,1,0', 'e3,2020-01-10,d,0,0',
].join('\n');

function statics(fs: { statics: Float32Array; shape: { staticFeatures: number }; staticFeatureNames: readonly string[] }, row: number, name: string) {
  return fs.statics[row * fs.shape.staticFeatures + fs.staticFeatureNames.indexOf(name)];
}

describe('DailyActivityFeatures', () => {
  it('lays days onto the group window with a mask and computes the aggregates', async () => {
    const table = await tableOf(TINY);
    const f = new DailyActivityFeatures({ steps: 5, groupContext: false });
    const raw = f.aggregates(table);
    const fs = { statics: raw.values, shape: { staticFeatures: raw.names.length }, staticFeatureNames: raw.names };
    expect(statics(fs, 0, 'active_days')).toBe(2);
    expect(statics(fs, 0, 'days_since_last_active')).toBe(1);
    expect(statics(fs, 0, 'first_active_day')).toBe(1);
    expect(statics(fs, 0, 'longest_inactive_run')).toBe(1);
    expect(statics(fs, 0, 'log_total_events')).toBeCloseTo(Math.log1p(7), 5);
    expect(statics(fs, 0, 'log_total_event_a')).toBeCloseTo(Math.log1p(6), 5);
    expect(statics(fs, 1, 'days_since_last_active')).toBe(0);
    expect(statics(fs, 1, 'observed_days')).toBe(3);
    expect(statics(fs, 1, 'active_last_day')).toBe(1);
    // e3's window ends on its own course's last day, so its activity sits 2 days from the end.
    expect(statics(fs, 2, 'days_since_last_active')).toBe(1);
    const out = f.fit(table).transform(table);
    expect(out.shape).toEqual({ users: 3, steps: 5, sequenceFeatures: 4, staticFeatures: activityStaticNames(['event_a', 'event_b'], false).length });
    expect(Array.from(out.mask.subarray(5, 10))).toEqual([0, 0, 1, 1, 1]);
    expect(Array.from(out.mask.subarray(10, 15))).toEqual([0, 0, 0, 1, 1]);
    // Padding stays exactly zero; observed days are standardized.
    expect(Array.from(out.sequences.subarray(5 * 4, 7 * 4))).toEqual(new Array(8).fill(0));
    expect(out.sequenceFeatureNames).toEqual(['log1p_event_a', 'log1p_event_b', 'log1p_total', 'active']);
  });

  it('fits on training entities only: transform never changes what was learned', async () => {
    const { table } = await readDailyActivity(DIR, { include: 'course*.csv' });
    const train = selectEntities(table, (_, g) => g === 'courseAlpha');
    const test = selectEntities(table, (_, g) => g === 'courseBeta');
    const f = new DailyActivityFeatures().fit(train);
    const before = JSON.stringify(f.toJSON());
    const a = f.transform(test);
    expect(JSON.stringify(f.toJSON())).toBe(before);
    // Training rows are standardized by their own statistics: mean ~0, sd ~1 per static feature.
    const tr = f.transform(train);
    const S = tr.shape.staticFeatures;
    const col = tr.staticFeatureNames.indexOf('active_days');
    let m = 0;
    for (let i = 0; i < tr.shape.users; i++) m += tr.statics[i * S + col];
    expect(Math.abs(m / tr.shape.users)).toBeLessThan(1e-5);
    // A different training set gives a different scaling of the same test rows.
    const g = new DailyActivityFeatures().fit(test);
    expect(g.transform(test).statics[col]).not.toBeCloseTo(a.statics[col], 3);
    expect(a.userIds).toEqual(test.entityIds);
  });

  it('group context depends only on the group, not on other groups in the table', async () => {
    const { table } = await readDailyActivity(DIR, { include: 'course*.csv' });
    const f = new DailyActivityFeatures();
    const both = f.aggregates(table);
    const alphaOnly = f.aggregates(selectEntities(table, (_, g) => g === 'courseAlpha'));
    const S = both.names.length;
    const rank = both.names.indexOf('group_activity_rank');
    for (let i = 0; i < 36; i++) expect(both.values[i * S + rank]).toBeCloseTo(alphaOnly.values[i * S + rank], 6);
    const ranks = Array.from({ length: 64 }, (_, i) => both.values[i * S + rank]);
    expect(Math.min(...ranks)).toBeGreaterThan(0);
    expect(Math.max(...ranks)).toBeLessThan(1);
  });

  it('round-trips through JSON with identical output, and refits identically', async () => {
    const { table } = await readDailyActivity(DIR, { include: 'course*.csv' });
    const f = new DailyActivityFeatures({ steps: 14 }).fit(table);
    const g = DailyActivityFeatures.fromJSON(JSON.parse(JSON.stringify(f.toJSON())));
    const a = f.transform(table);
    const b = g.transform(table);
    expect(b.sequences).toEqual(a.sequences);
    expect(b.statics).toEqual(a.statics);
    expect(new DailyActivityFeatures({ steps: 14 }).fit(table).transform(table).statics).toEqual(a.statics);
    expect(DailyActivityFeatures.fromConfig(f.getConfig()).getConfig()).toEqual({ steps: 14, alignTo: 'group', groupContext: true });
  });

  it('throws typed errors: unfitted use, bad options, mismatched columns, empty tables', async () => {
    const table = await tableOf(TINY);
    expect(() => new DailyActivityFeatures().transform(table)).toThrow(NotFittedError);
    expect(() => new DailyActivityFeatures({ steps: 1 })).toThrow(ConfigError);
    expect(() => new DailyActivityFeatures({ alignTo: 'week' as never })).toThrow(/alignTo/);
    const { table: other } = await readDailyActivity(DIR, { include: 'course*.csv' });
    const f = new DailyActivityFeatures().fit(other);
    expect(() => f.transform(table)).toThrow(ValidationError);
    expect(() => f.transform(selectEntities(other, () => false))).toThrow(/no entities/);
  });
});
