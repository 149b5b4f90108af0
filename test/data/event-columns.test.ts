import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventColumns, labelUsers, readEvents, simulatePlatform, streamEvents, ValidationError, type PlatformEvent } from '../../src/index.js';

/** `events` grouped by user in order of first appearance, each user's events in input order. */
function groupedByUser(events: readonly PlatformEvent[]): PlatformEvent[] {
  const groups = new Map<string, PlatformEvent[]>();
  for (const e of events) {
    let g = groups.get(e.userId);
    if (!g) groups.set(e.userId, (g = []));
    g.push(e);
  }
  return [...groups.values()].flat();
}

const T0 = Date.UTC(2026, 0, 1);
/** One of every shape an event can take, optional fields present and absent. */
const EVERY_SHAPE: PlatformEvent[] = [
  { type: 'subscribe', userId: 'a', timestamp: T0, plan: 'monthly', price: 30, expiresAt: T0 + 30 * 864e5, autoRenew: true },
  { type: 'view', userId: 'b', timestamp: T0 + 1, courseId: 'c1', watchSeconds: 12.5, progress: 0.25 },
  { type: 'renew', userId: 'a', timestamp: T0 + 2, plan: 'yearly', price: 298, expiresAt: T0 + 400 * 864e5, autoRenew: false },
  { type: 'comment', userId: 'b', timestamp: T0 + 3, courseId: 'c1', text: '讲得很好', rating: 5 },
  { type: 'comment', userId: 'a', timestamp: T0 + 4, courseId: 'c2', text: '' },
  { type: 'purchase', userId: 'c', timestamp: T0 + 5, courseId: 'c2', amount: 99 },
  { type: 'refund', userId: 'c', timestamp: T0 + 6, amount: 99, courseId: 'c2' },
  { type: 'refund', userId: 'a', timestamp: T0 + 7, amount: 30 },
  { type: 'cancel', userId: 'a', timestamp: T0 + 8, plan: 'quarterly', price: 0, expiresAt: T0 + 90 * 864e5, autoRenew: true },
];

describe('EventColumns', () => {
  it('packs every event shape and gives the same events back, grouped by user', () => {
    const columns = EventColumns.from(EVERY_SHAPE);
    expect(columns.length).toBe(EVERY_SHAPE.length);
    expect(columns.userIds).toEqual(['a', 'b', 'c']);
    expect(columns.courseIds).toEqual(['c1', 'c2']);
    expect(columns.toEvents()).toEqual(groupedByUser(EVERY_SHAPE));
    expect(columns.eventsOf('c')).toEqual(EVERY_SHAPE.filter((e) => e.userId === 'c'));
    expect(columns.eventsOf('nobody')).toEqual([]);
  });

  it('round-trips simulated data, from an array and from a generator spanning several chunks', async () => {
    const data = await simulatePlatform({ users: 800, seed: 3 });
    expect(data.events.length).toBeGreaterThan(70_000); // more than one 65,536-event chunk
    const fromArray = EventColumns.from(data.events);
    const fromIterable = EventColumns.from((function* () { yield* data.events; })());
    const expected = groupedByUser(data.events);
    expect(fromArray.toEvents()).toEqual(expected);
    expect(fromIterable.toEvents()).toEqual(expected);
    expect(fromIterable.records).toEqual(fromArray.records);
    expect(fromArray.userCount).toBe(new Set(data.events.map((e) => e.userId)).size);
  });

  it('iterates as event objects, so labelUsers labels packed events exactly as it labels objects', async () => {
    const data = await simulatePlatform({ users: 300, seed: 11 });
    const columns = EventColumns.from(data.events);
    expect([...columns]).toEqual(columns.toEvents());
    const options = { cutoff: data.cutoff, horizonDays: data.horizonDays, definition: 'subscription' as const };
    const byUser = (labels: ReturnType<typeof labelUsers>) => [...labels].sort((a, b) => (a.userId < b.userId ? -1 : 1));
    const fromObjects = byUser(labelUsers(data.events, options));
    expect(fromObjects.length).toBeGreaterThan(100);
    expect(byUser(labelUsers(columns, options))).toEqual(fromObjects);
  });

  it('needs no reorder for a log already grouped by user, and keeps it identical', () => {
    const grouped = groupedByUser(EVERY_SHAPE);
    expect(EventColumns.from(grouped).toEvents()).toEqual(grouped);
  });

  it('rejects bad events with one error naming each position and field', () => {
    const bad = [
      EVERY_SHAPE[0],
      { type: 'view', userId: 'b', timestamp: T0, courseId: 'c1', watchSeconds: -1, progress: 2 },
      { type: 'purchase', userId: 'c', timestamp: Number.NaN, courseId: 'c2', amount: 5 },
      { type: 'teleport', userId: 'd', timestamp: T0 },
    ] as unknown as PlatformEvent[];
    let error: unknown;
    try {
      EventColumns.from(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const paths = (error as ValidationError).issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(['events.1.watchSeconds', 'events.1.progress', 'events.2.timestamp', 'events.3.type']);
    expect((error as Error).message).toContain('events[1].watchSeconds');
  });

  describe('fromStream', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'churnkit-columns-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('packs a stream of batches and keeps its rejects and counts', async () => {
      const lines = EVERY_SHAPE.map((e) => JSON.stringify(e));
      lines.splice(3, 0, '{"type":"view","userId":"b","timestamp":"not a time"}', 'not json');
      const file = join(dir, 'events.ndjson');
      await writeFile(file, lines.join('\n') + '\n');
      const { events, rejects, stats } = await EventColumns.fromStream(streamEvents(file, { mode: 'lenient', batchSize: 3 }));
      const reference = await readEvents(file, { mode: 'lenient' });
      expect(stats.read).toBe(EVERY_SHAPE.length + 2);
      expect(stats.read).toBe(stats.accepted + stats.rejected);
      expect(rejects.length).toBe(2);
      expect(events.length).toBe(stats.accepted);
      expect(events.toEvents()).toEqual(groupedByUser(reference.events));
    });
  });
});
