import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformData } from '../../src/data/schema.js';
import { ValidationError } from '../../src/errors.js';
import { writeEventsToDuckDB } from '../../src/features/duckdb/write-events.js';
import { FeaturePipeline, fromDuckDB, type FeatureSet } from '../../src/features/index.js';
import { CUTOFF, makeData, maxAbsDiff } from './fixtures.js';

/** Largest difference relative to the value's size, so float32 rounding of large sums counts as equal. */
function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(a[i])));
  return max;
}

function expectSame(a: FeatureSet, b: FeatureSet): void {
  expect(b.userIds).toEqual(a.userIds);
  expect(b.shape).toEqual(a.shape);
  expect(b.sequenceFeatureNames).toEqual(a.sequenceFeatureNames);
  expect(b.staticFeatureNames).toEqual(a.staticFeatureNames);
  expect(maxAbsDiff(a.mask, b.mask)).toBe(0);
  expect(Array.from(b.categoricals ?? [])).toEqual(Array.from(a.categoricals ?? []));
  console.log(`in-memory vs DuckDB: max abs diff sequences ${maxAbsDiff(a.sequences, b.sequences)}, statics ${maxAbsDiff(a.statics, b.statics)}`);
  expect(maxRelDiff(a.sequences, b.sequences)).toBeLessThan(1e-5);
  expect(maxRelDiff(a.statics, b.statics)).toBeLessThan(1e-5);
}

describe('DuckDB path', () => {
  let instance: DuckDBInstance;
  let data: PlatformData;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    data = makeData(60, 31);
  });
  afterAll(() => instance.closeSync());

  it('gives the same FeatureSet as the in-memory path (fit in SQL, transform in SQL, and mixed)', async () => {
    const connection = await instance.connect();
    await writeEventsToDuckDB(connection, data.events, 'events');
    const source = fromDuckDB(connection, { table: 'events', users: data.users, courses: data.courses });
    const train = data.users.slice(0, 40).map((u) => u.userId);
    for (const options of [{}, { bucket: 'day' as const, timeSteps: 20, scaling: 'robust' as const }]) {
      const memory = FeaturePipeline.default(options).fit(data, { cutoff: CUTOFF, userIds: train });
      const sql = await FeaturePipeline.default(options).fit(source, { cutoff: CUTOFF, userIds: train });
      expect(JSON.stringify(sql.toJSON().fitted)).toBe(JSON.stringify(memory.toJSON().fitted));
      const a = memory.transform(data, { cutoff: CUTOFF });
      const b = await sql.transform(source, { cutoff: CUTOFF });
      const c = await memory.transform(source, { cutoff: CUTOFF });
      expectSame(a, b);
      expectSame(a, c);
    }
    const whole = await FeaturePipeline.default().fitTransform(source, { cutoff: CUTOFF });
    expectSame(FeaturePipeline.default().fitTransform(data, { cutoff: CUTOFF }), whole);
    connection.closeSync();
  });

  it('reads TIMESTAMP columns too, and rejects invalid rows with a path', async () => {
    const connection = await instance.connect();
    await writeEventsToDuckDB(connection, data.events, 'raw');
    await connection.run(`CREATE OR REPLACE TABLE ts_events AS SELECT * REPLACE (make_timestamp(CAST(timestamp * 1000 AS BIGINT)) AS timestamp) FROM raw`);
    const source = fromDuckDB(connection, { table: 'ts_events', users: data.users, courses: data.courses });
    const a = FeaturePipeline.default().fitTransform(data, { cutoff: CUTOFF });
    expectSame(a, await FeaturePipeline.default().fitTransform(source, { cutoff: CUTOFF }));
    await connection.run(`UPDATE raw SET watchSeconds = 'NaN'::DOUBLE WHERE rowid = (SELECT min(rowid) FROM raw WHERE type = 'view')`);
    const bad = fromDuckDB(connection, { table: 'raw', users: data.users, courses: data.courses });
    await expect(FeaturePipeline.default().fit(bad, { cutoff: CUTOFF })).rejects.toThrow(ValidationError);
    await expect(FeaturePipeline.default().fit(bad, { cutoff: CUTOFF })).rejects.toThrow(/events\.watchSeconds/);
    // A NaN or NULL timestamp fails any `ts <= cutoff` filter; it must be reported, not dropped.
    for (const value of [`'NaN'::DOUBLE`, 'NULL']) {
      await writeEventsToDuckDB(connection, data.events, 'raw');
      await connection.run(`UPDATE raw SET timestamp = ${value} WHERE rowid IN (SELECT rowid FROM raw ORDER BY rowid LIMIT 2)`);
      const broken = fromDuckDB(connection, { table: 'raw', users: data.users, courses: data.courses });
      await expect(FeaturePipeline.default().fit(broken, { cutoff: CUTOFF })).rejects.toThrow(/events\.timestamp.*2 events/);
    }
    connection.closeSync();
  });
});
