import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { readEvents, type User, type Course } from '../../src/data/index.js';
import { expectReconciled, fixture, MARCH_1, NOW, view } from './helpers.js';

const lenient = { mode: 'lenient', now: NOW } as const;

describe('readEvents on hostile input', () => {
  it('reports malformed CSV quoting with the line it starts on and keeps reading', async () => {
    const result = await readEvents(fixture('malformed-quotes.csv'), lenient);
    expectReconciled(result);
    expect(result.stats).toMatchObject({ read: 5, accepted: 2, rejected: 3 });
    expect(result.events.map((e) => (e as { progress: number }).progress)).toEqual([0.1, 0.4]);
    expect(result.rejects.map((r) => [r.line, r.row, r.code])).toEqual([
      [3, 1, 'malformed_csv'],
      [4, 2, 'malformed_csv'],
      [6, 4, 'malformed_csv'],
    ]);
    expect(result.rejects[0].reason).toMatch(/quote inside an unquoted field at line 3, column 7/);
    expect(result.rejects[1].reason).toMatch(/after a closing quote at line 4/);
    expect(result.rejects[2].reason).toMatch(/opened at line 6 is never closed/);
    expect(result.rejects[0].source).toBe(fixture('malformed-quotes.csv'));
    await expect(readEvents(fixture('malformed-quotes.csv'), { now: NOW })).rejects.toThrow(/line 3/);
  });

  it('reports a line that is not JSON and skips blank lines without counting them', async () => {
    const text = `${JSON.stringify(view())}\n\n   \n{"type":"view",\n${JSON.stringify(view({ watchSeconds: 1 }))}\r\n`;
    const result = await readEvents(Readable.from([text]), lenient);
    expectReconciled(result);
    expect(result.stats).toMatchObject({ read: 3, accepted: 2, rejected: 1 });
    expect(result.rejects).toMatchObject([{ line: 4, row: 1, code: 'malformed_json', raw: '{"type":"view",' }]);
  });

  it('rejects wrong types with the field and the value', async () => {
    const input = [view(), view({ userId: 42 }), view({ watchSeconds: '60s' }), view({ timestamp: true }), 'not an object', null];
    const result = await readEvents(input, lenient);
    expectReconciled(result);
    expect(result.stats).toMatchObject({ read: 6, accepted: 1, rejected: 5 });
    expect(result.rejects.map((r) => [r.row, r.field, r.code])).toEqual([
      [1, 'userId', 'invalid_type'],
      [2, 'watchSeconds', 'invalid_type'],
      [3, 'timestamp', 'invalid_value'],
      [4, '', 'not_an_object'],
      [5, '', 'not_an_object'],
    ]);
    expect(result.rejects[1].reason).toContain('"60s"');
    const strict = readEvents(input, { now: NOW });
    await expect(strict).rejects.toBeInstanceOf(ValidationError);
    await expect(strict).rejects.toMatchObject({ issues: [{ path: ['events', 1, 'userId'], code: 'invalid_type' }] });
  });

  it('rejects records missing required fields, naming each field', async () => {
    const { userId: _u, ...noUser } = view();
    const { type: _t, ...noType } = view();
    const { progress: _p, ...noProgress } = view();
    const result = await readEvents([noUser, noType, noProgress, view()], lenient);
    expectReconciled(result);
    expect(result.stats).toMatchObject({ read: 4, accepted: 1, rejected: 3 });
    expect(result.rejects.map((r) => [r.field, r.code])).toEqual([
      ['userId', 'missing'],
      ['type', 'missing'],
      ['progress', 'missing'],
    ]);
  });

  it('rejects an unknown event type, and accepts it once mapped with eventTypes', async () => {
    const input = [view({ type: 'play' }), view({ type: 'View' }), view()];
    const result = await readEvents(input, lenient);
    expectReconciled(result);
    expect(result.rejects.map((r) => [r.row, r.field, r.code])).toEqual([
      [0, 'type', 'unknown_type'],
      [1, 'type', 'unknown_type'],
    ]);
    expect(result.rejects[0].reason).toContain('"play"');
    const mapped = await readEvents(input, { ...lenient, eventTypes: { play: 'view', View: 'view' } });
    expectReconciled(mapped);
    expect(mapped.stats).toMatchObject({ read: 3, accepted: 1, rejected: 2, duplicates: 2 });
  });

  it('rejects NaN and negative watch time from arrays and from CSV text', async () => {
    const result = await readEvents([view({ watchSeconds: Number.NaN }), view({ watchSeconds: -5 }), view({ watchSeconds: Infinity }), view({ watchSeconds: 0 })], lenient);
    expectReconciled(result);
    expect(result.rejects.map((r) => [r.field, r.code])).toEqual([
      ['watchSeconds', 'not_finite'],
      ['watchSeconds', 'out_of_range'],
      ['watchSeconds', 'not_finite'],
    ]);
    expect(result.events).toHaveLength(1);
    const csv = ['type,userId,timestamp,courseId,watchSeconds,progress', 'view,u1,2024-03-01,c1,NaN,0.5', 'view,u1,2024-03-01,c1,-1.5,0.5', 'view,u1,2024-03-01,c1,1.5,0.5'];
    const fromCsv = await readEvents(Readable.from([`${csv.join("\n")}\n`]), { ...lenient, format: "csv" });
    expectReconciled(fromCsv);
    expect(fromCsv.rejects.map((r) => [r.line, r.field, r.code])).toEqual([
      [2, 'watchSeconds', 'not_finite'],
      [3, 'watchSeconds', 'out_of_range'],
    ]);
  });

  it('rejects progress outside 0..1 and accepts both ends', async () => {
    const result = await readEvents([1.5, -0.1, 0, 1, 1.0000001].map((progress, i) => view({ progress, timestamp: MARCH_1 + i })), lenient);
    expectReconciled(result);
    expect(result.stats).toMatchObject({ read: 5, accepted: 2, rejected: 3 });
    expect(result.rejects.map((r) => [r.row, r.field, r.code])).toEqual([
      [0, 'progress', 'out_of_range'],
      [1, 'progress', 'out_of_range'],
      [4, 'progress', 'out_of_range'],
    ]);
  });

  it('rejects timestamps after the injected now, and keeps one exactly at now', async () => {
    const result = await readEvents([view({ timestamp: NOW }), view({ timestamp: NOW + 1 }), view({ timestamp: '2030-01-01' })], lenient);
    expectReconciled(result);
    expect(result.events.map((e) => e.timestamp)).toEqual([NOW]);
    expect(result.rejects.map((r) => [r.field, r.code])).toEqual([
      ['timestamp', 'future_timestamp'],
      ['timestamp', 'future_timestamp'],
    ]);
    const off = await readEvents([view({ timestamp: '2030-01-01' })], { now: Infinity });
    expect(off.stats.accepted).toBe(1);
  });

  it('rejects events before the user signed up when users are given', async () => {
    const users: User[] = [{ userId: 'u1', signupAt: MARCH_1 }];
    const result = await readEvents([view({ timestamp: MARCH_1 - 1 }), view({ timestamp: MARCH_1 })], { ...lenient, users });
    expectReconciled(result);
    expect(result.events.map((e) => e.timestamp)).toEqual([MARCH_1]);
    expect(result.rejects).toMatchObject([{ row: 0, field: 'timestamp', code: 'before_signup' }]);
  });

  it('sorts unsorted input by time, keeps ties in input order, and counts the disorder', async () => {
    const times = [5, 3, 4, 1, 1, 2];
    const input = times.map((t, i) => view({ timestamp: MARCH_1 + t * 1000, watchSeconds: i }));
    const result = await readEvents(input, lenient);
    expectReconciled(result);
    expect(result.events.map((e) => (e.timestamp - MARCH_1) / 1000)).toEqual([1, 1, 2, 3, 4, 5]);
    expect(result.events.slice(0, 2).map((e) => (e as { watchSeconds: number }).watchSeconds)).toEqual([3, 4]);
    // Time goes backwards at 5→3 and 4→1: two descents.
    expect(result.stats.unsorted).toBe(2);
    const sorted = await readEvents(result.events, lenient);
    expect(sorted.stats.unsorted).toBe(0);
  });

  it('counts and removes exact duplicates, also across representations, and keeps near-duplicates', async () => {
    const input = [
      view(),
      view(),
      view({ timestamp: '2024-03-01T00:00:00Z' }),
      view({ watchSeconds: 61 }),
      view({ extra: 'ignored field' }),
      view(),
    ];
    const result = await readEvents(input, lenient);
    expectReconciled(result);
    expect(result.stats).toEqual({ read: 6, accepted: 2, rejected: 4, duplicates: 4, unsorted: 0 });
    expect(result.rejects.map((r) => [r.row, r.code])).toEqual([
      [1, 'duplicate'],
      [2, 'duplicate'],
      [4, 'duplicate'],
      [5, 'duplicate'],
    ]);
    // Duplicates are not errors: strict mode de-duplicates and reports them the same way.
    const strict = await readEvents(input, { now: NOW });
    expect(strict.stats.duplicates).toBe(4);
    expectReconciled(strict);
  });

  it('rejects unknown user and course ids when users and courses are given', async () => {
    const users: User[] = [{ userId: 'u1', signupAt: 0 }];
    const courses: Course[] = [{ courseId: 'c1', category: 'data', difficulty: 'beginner', price: 10, format: 'video', durationSeconds: 60 }];
    const input = [
      view(),
      view({ userId: 'ghost' }),
      view({ courseId: 'c404' }),
      { type: 'refund', userId: 'u1', timestamp: MARCH_1, amount: 5 },
      { type: 'subscribe', userId: 'u1', timestamp: MARCH_1, plan: 'monthly', price: 9, expiresAt: '2024-04-01', autoRenew: true },
    ];
    const result = await readEvents(input, { ...lenient, users, courses });
    expectReconciled(result);
    expect(result.stats).toMatchObject({ read: 5, accepted: 3, rejected: 2 });
    expect(result.rejects.map((r) => [r.row, r.field, r.code])).toEqual([
      [1, 'userId', 'unknown_user'],
      [2, 'courseId', 'unknown_course'],
    ]);
  });

  it('rejects invalid UTF-8 with its line and keeps valid Chinese text and emoji', async () => {
    const result = await readEvents(fixture('invalid-utf8.ndjson'), lenient);
    expectReconciled(result);
    expect(result.stats).toMatchObject({ read: 5, accepted: 4, rejected: 1 });
    expect(result.rejects).toMatchObject([{ line: 3, row: 2, code: 'invalid_utf8' }]);
    expect(result.events.find((e) => e.type === 'comment')).toMatchObject({ text: '讲得很清楚 👍', rating: 5 });
    await expect(readEvents(fixture('invalid-utf8.ndjson'), { now: NOW })).rejects.toThrow(/line 3 is not valid UTF-8/);
  });

  it('rejects a CSV record whose quoted field spans a line with invalid UTF-8', async () => {
    const result = await readEvents(fixture('invalid-utf8.csv'), lenient);
    expectReconciled(result);
    expect(result.stats).toMatchObject({ read: 3, accepted: 2, rejected: 1 });
    expect(result.rejects).toMatchObject([{ line: 3, code: 'invalid_utf8' }]);
    expect(result.rejects[0].reason).toContain('line 4');
    expect(result.events.map((e) => (e as { text: string }).text)).toEqual(['ok, fine', '好']);
  });

  it('handles a __proto__ key without touching Object.prototype', async () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const ndjson = await readEvents(fixture('proto.ndjson'), lenient);
    expectReconciled(ndjson);
    // Line 1 is a valid view with a stray key, line 2 hides its fields behind __proto__, line 3 tries constructor.prototype.
    expect(ndjson.stats).toMatchObject({ read: 3, accepted: 2, rejected: 1 });
    expect(ndjson.rejects).toMatchObject([{ line: 2, code: 'missing' }]);
    for (const e of ndjson.events) {
      expect(Object.getPrototypeOf(e)).toBe(Object.prototype);
      expect(Object.keys(e)).not.toContain('__proto__');
    }
    const csv = await readEvents(fixture('proto.csv'), { ...lenient, columns: { courseId: '__proto__' } });
    expectReconciled(csv);
    expect(csv.events).toHaveLength(1);
    const mapped = await readEvents([JSON.parse('{"__proto__":{"x":1},"type":"view","userId":"u1","timestamp":0,"courseId":"c","watchSeconds":1,"progress":0}')], {
      ...lenient,
      columns: { userId: 'userId' },
      eventTypes: { x: 'view' },
    });
    expectReconciled(mapped);
    expect(mapped.stats.accepted).toBe(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
  });
});
