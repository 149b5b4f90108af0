import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { readCourses, readEvents, readPlatform, readUsers, streamEvents, type PlatformEvent } from '../../src/data/index.js';
import { ValidationError } from '../../src/errors.js';
import { expectReconciled, fixture, MARCH_1, NOW, view } from './helpers.js';

const lenient = { mode: 'lenient', now: NOW } as const;
const events = Array.from({ length: 30 }, (_, i) => view({ timestamp: MARCH_1 + i * 60_000, watchSeconds: i, userId: `u${i % 3}` }));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'churnkit-read-'));
  await writeFile(join(dir, 'events.ndjson'), `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readEvents sources', () => {
  it('reads arrays, sync iterables, and async iterables of pages the same way', async () => {
    async function* pages() {
      for (let i = 0; i < events.length; i += 7) yield events.slice(i, i + 7);
    }
    const fromArray = await readEvents(events, lenient);
    const fromIterable = await readEvents(new Set(events), lenient);
    const fromPages = await readEvents(pages(), lenient);
    for (const result of [fromArray, fromIterable, fromPages]) {
      expectReconciled(result);
      expect(result.stats).toMatchObject({ read: 30, accepted: 30, rejected: 0 });
      expect(result.events).toEqual(fromArray.events);
    }
  });

  it('reads an NDJSON file by path, by file:// URL, as a Node stream and as a web stream of tiny byte chunks', async () => {
    const path = join(dir, 'events.ndjson');
    const bytes = await readFile(path);
    // 3-byte chunks split lines (and would split multi-byte characters) at every possible place.
    const tiny = () => Readable.from(Array.from({ length: Math.ceil(bytes.length / 3) }, (_, i) => bytes.subarray(i * 3, i * 3 + 3)));
    const results = [
      await readEvents(path, lenient),
      await readEvents(pathToFileURL(path), lenient),
      await readEvents(createReadStream(path), lenient),
      await readEvents(tiny(), lenient),
      await readEvents(Readable.toWeb(tiny()) as ReadableStream<Uint8Array>, lenient),
    ];
    for (const result of results) {
      expectReconciled(result);
      expect(result.events).toEqual(results[0].events);
      expect(result.stats.accepted).toBe(30);
    }
    expect(results[3].rejects).toEqual([]);
  });

  it('maps column names and event type names, and coerces CSV text by field', async () => {
    const result = await readEvents(fixture('events-mapped.csv'), {
      ...lenient,
      columns: { userId: 'uid', timestamp: 'ts', type: 'kind', courseId: 'course', watchSeconds: 'play_secs', progress: 'pct', text: 'note', rating: 'stars' },
      eventTypes: { play: 'view', post: 'comment' },
    });
    expectReconciled(result);
    expect(result.stats).toMatchObject({ read: 4, accepted: 4, rejected: 0 });
    expect(result.events).toEqual([
      { type: 'view', userId: 'u1', timestamp: Date.UTC(2024, 2, 1, 8), courseId: 'c1', watchSeconds: 120, progress: 0.1 },
      { type: 'view', userId: 'u1', timestamp: Date.UTC(2024, 2, 1, 9), courseId: 'c1', watchSeconds: 300.5, progress: 0.35 },
      { type: 'comment', userId: 'u2', timestamp: Date.UTC(2024, 2, 2), courseId: 'c2', text: '很好的课程, "推荐"\n第二行', rating: 5 },
      { type: 'view', userId: 'u2', timestamp: 1709400000000, courseId: 'c2', watchSeconds: 60, progress: 0.05 },
    ]);
    const unmapped = await readEvents(fixture('events-mapped.csv'), lenient);
    expectReconciled(unmapped);
    expect(unmapped.stats).toMatchObject({ read: 4, accepted: 0, rejected: 4 });
    expect(unmapped.rejects[0]).toMatchObject({ line: 2, field: 'type', code: 'missing' });
    expect(unmapped.rejects[2]).toMatchObject({ line: 4, row: 2 });
  });

  it('streams batches with running counts, in input order', async () => {
    const shuffled = [...events].reverse();
    const batches = [];
    const progress: number[] = [];
    for await (const batch of streamEvents(shuffled, { ...lenient, batchSize: 8, onProgress: (s) => progress.push(s.read) })) batches.push(batch);
    expect(batches.map((b) => b.events.length)).toEqual([8, 8, 8, 6]);
    expect(progress).toEqual([8, 16, 24, 30]);
    const last = batches.at(-1)!;
    expect(last.stats).toEqual({ read: 30, accepted: 30, rejected: 0, duplicates: 0, unsorted: 29 });
    expect(batches.flatMap((b) => b.events.map((e) => e.timestamp))).toEqual(shuffled.map((e) => e.timestamp));
  });

  it('forgets duplicates older than dedupeWindow when streaming, and counts the ones it catches', async () => {
    const input = [view(), view({ watchSeconds: 1 }), view({ watchSeconds: 2 }), view(), view({ watchSeconds: 2 })];
    const batches = [];
    for await (const b of streamEvents(input, { ...lenient, dedupeWindow: 2 })) batches.push(b);
    const stats = batches.at(-1)!.stats;
    // view() (row 0) fell out of a 2-event window before row 3; row 4 repeats row 2, still inside it.
    expect(stats).toMatchObject({ read: 5, accepted: 4, rejected: 1, duplicates: 1 });
    expect(batches.flatMap((b) => b.rejects).map((r) => r.row)).toEqual([4]);
  });

  it('throws a ValidationError from a stream in strict mode at the first bad record', async () => {
    const input = [view(), view({ progress: 2 }), view({ progress: 3 })];
    const seen: PlatformEvent[] = [];
    const run = async () => {
      for await (const b of streamEvents(input, { now: NOW, batchSize: 1 })) seen.push(...b.events);
    };
    await expect(run()).rejects.toThrow(ValidationError);
    await expect(run()).rejects.toThrow(/array row 1: progress/);
    expect(seen.length).toBeGreaterThanOrEqual(1);
  });

  it('rejects bad options with a ConfigError naming the option', async () => {
    await expect(readEvents(events, { mode: 'loose' as 'strict' })).rejects.toThrow(/mode/);
    await expect(readEvents(join(dir, 'events.txt'))).rejects.toThrow(/format/);
    await expect(readEvents(42 as never)).rejects.toThrow(/source/);
  });
});

describe('readEvents over DuckDB and Parquet', () => {
  it('reads SQL over an embedded DuckDB connection, converting BIGINT, TIMESTAMP and NULL', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run(`CREATE TABLE log AS SELECT * FROM (VALUES
        ('view', 'u1', TIMESTAMP '2024-03-01 10:00:00', 'c1', 30::BIGINT, 0.5, NULL),
        ('comment', 'u1', TIMESTAMP '2024-03-01 11:00:00', 'c1', NULL, NULL, '好'),
        ('view', 'u1', TIMESTAMP '2024-03-01 12:00:00', 'c1', -1::BIGINT, 0.5, NULL)
      ) AS t(kind, uid, ts, courseId, secs, progress, text)`);
      const result = await readEvents(
        { duckdb: connection, sql: 'SELECT * FROM log WHERE uid = ? ORDER BY ts', params: ['u1'] },
        { ...lenient, columns: { type: 'kind', userId: 'uid', timestamp: 'ts', watchSeconds: 'secs' } },
      );
      expectReconciled(result);
      expect(result.stats).toMatchObject({ read: 3, accepted: 2, rejected: 1 });
      expect(result.events).toEqual([
        { type: 'view', userId: 'u1', timestamp: Date.UTC(2024, 2, 1, 10), courseId: 'c1', watchSeconds: 30, progress: 0.5 },
        { type: 'comment', userId: 'u1', timestamp: Date.UTC(2024, 2, 1, 11), courseId: 'c1', text: '好' },
      ]);
      expect(result.rejects).toMatchObject([{ source: 'duckdb', row: 2, field: 'watchSeconds', code: 'out_of_range' }]);
      expect(result.rejects[0].line).toBeUndefined();

      const parquet = join(dir, 'log.parquet');
      await connection.run(`COPY (SELECT kind AS type, uid AS userId, ts AS timestamp, courseId, secs AS watchSeconds, progress, text FROM log) TO '${parquet}' (FORMAT parquet)`);
      const fromParquet = await readEvents(parquet, lenient);
      expectReconciled(fromParquet);
      expect(fromParquet.events).toEqual(result.events);
      expect(fromParquet.rejects).toMatchObject([{ source: parquet, row: 2, code: 'out_of_range' }]);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('opens a DuckDB database file by path', async () => {
    const file = join(dir, 'store.duckdb');
    const instance = await DuckDBInstance.create(file);
    const connection = await instance.connect();
    await connection.run(`CREATE TABLE events AS SELECT 'purchase' AS type, 'u' || i AS userId, 1709280000000 + i AS timestamp, 'c1' AS courseId, 9.5 AS amount FROM range(2500) t(i)`);
    connection.closeSync();
    instance.closeSync();
    const result = await readEvents({ duckdb: file, sql: 'SELECT * FROM events' }, lenient);
    expectReconciled(result);
    expect(result.stats).toMatchObject({ read: 2500, accepted: 2500 });
    expect(result.events[2499]).toEqual({ type: 'purchase', userId: 'u2499', timestamp: 1709280002499, courseId: 'c1', amount: 9.5 });
  });
});

describe('readUsers, readCourses, readPlatform', () => {
  it('reads users and courses tables with rejects and duplicate ids', async () => {
    const users = await readUsers(fixture('users.csv'), { mode: 'lenient' });
    expectReconciled(users);
    expect(users.stats).toMatchObject({ read: 4, accepted: 2, rejected: 2, duplicates: 1 });
    expect(users.users[1]).toEqual({ userId: 'u2', signupAt: Date.UTC(2024, 1, 15), gender: 'm', city: 'San Francisco, CA', channel: 'referral' });
    expect(users.rejects.map((r) => [r.line, r.field, r.code])).toEqual([
      [4, '', 'duplicate'],
      [5, 'signupAt', 'invalid_value'],
    ]);
    const courses = await readCourses(fixture('courses.csv'), { mode: 'lenient' });
    expectReconciled(courses);
    expect(courses.courses.map((c) => c.price)).toEqual([99, 199.5]);
    expect(courses.rejects).toMatchObject([{ line: 4, field: 'difficulty', code: 'invalid_value' }]);
  });

  it('reads a whole platform and checks events against its users and courses', async () => {
    const result = await readPlatform(
      {
        users: fixture('users.csv'),
        courses: fixture('courses.csv'),
        events: [view({ userId: 'u1' }), view({ userId: 'u3' }), view({ userId: 'u2', timestamp: Date.UTC(2024, 1, 1) }), view({ courseId: 'c3' })],
      },
      { mode: 'lenient', now: NOW },
    );
    expect(result.data.users).toHaveLength(2);
    expect(result.data.events).toHaveLength(1);
    expect(result.rejects.events.map((r) => r.code)).toEqual(['unknown_user', 'before_signup', 'unknown_course']);
    for (const table of ['users', 'courses', 'events'] as const) expectReconciled({ stats: result.stats[table], rejects: result.rejects[table] });
  });
});
