import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCourses, readEvents, readUsers, simulatePlatform, writeEvents, writeSimulatedPlatform, type PlatformEvent } from '../../src/data/index.js';
import { expectReconciled, MARCH_1 } from './helpers.js';

const nasty: PlatformEvent[] = [
  { type: 'comment', userId: 'u,1', timestamp: MARCH_1, courseId: 'c"1', text: '好课，"强烈"推荐\n第二行, with comma', rating: 5 },
  { type: 'comment', userId: 'u2', timestamp: MARCH_1 + 1, courseId: 'c1', text: '' },
  { type: 'subscribe', userId: 'u2', timestamp: MARCH_1 + 2, plan: 'yearly', price: 199.5, expiresAt: MARCH_1 + 365 * 86_400_000, autoRenew: false },
  { type: 'refund', userId: 'u2', timestamp: MARCH_1 + 3, amount: 0 },
  { type: 'refund', userId: 'u2', timestamp: MARCH_1 + 4, amount: 12.25, courseId: 'c1' },
  { type: 'view', userId: 'u 3 ', timestamp: MARCH_1 + 5, courseId: 'c1', watchSeconds: 0.125, progress: 1 },
  { type: 'purchase', userId: 'u3', timestamp: MARCH_1 + 6, courseId: 'c1', amount: 99 },
];
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'churnkit-write-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeEvents', () => {
  for (const format of ['ndjson', 'csv', 'parquet'] as const) {
    it(`round-trips awkward events through ${format} exactly`, async () => {
      const path = join(dir, `nasty.${format}`);
      async function* batches() {
        yield nasty.slice(0, 3);
        yield* nasty.slice(3);
      }
      const summary = await writeEvents(batches(), path, { format });
      expect(summary.events).toBe(nasty.length);
      expect(summary.bytes).toBeGreaterThan(100);
      const back = await readEvents(path, { now: Infinity });
      expectReconciled(back);
      expect(back.stats).toMatchObject({ read: 7, accepted: 7, rejected: 0 });
      expect(back.events).toEqual(nasty);
    });
  }

  it('writes NDJSON with epoch-millisecond instants, one event a line', async () => {
    const path = join(dir, 'plain.ndjson');
    await writeEvents(nasty, path);
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(7);
    expect(JSON.parse(lines[2])).toEqual(nasty[2]);
  });
});

describe('writeSimulatedPlatform', () => {
  it('writes what simulatePlatform generates, with users and courses, and reads it all back', async () => {
    const options = { users: 40, seed: 11 };
    const sim = await simulatePlatform(options);
    for (const format of ['ndjson', 'parquet'] as const) {
      const path = join(dir, `sim.${format}`);
      const written = await writeSimulatedPlatform({ ...options, path, format, usersPath: join(dir, `users.${format}`), coursesPath: join(dir, `courses.${format}`) });
      expect(written.users).toBe(40);
      expect(written.events).toBe(sim.events.length);
      expect(written.cutoff).toBe(sim.cutoff);
      const back = await readEvents(path, { now: Infinity, users: sim.users, courses: sim.courses });
      expectReconciled(back);
      expect(back.stats.accepted).toBe(sim.events.length);
      expect(back.events).toEqual([...sim.events].sort((a, b) => a.timestamp - b.timestamp));
      expect((await readUsers(join(dir, `users.${format}`))).users).toEqual(sim.users);
      expect((await readCourses(join(dir, `courses.${format}`))).courses).toEqual(sim.courses);
    }
  });
});
