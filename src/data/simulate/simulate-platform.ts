import type { PlatformEvent, User } from '../schema.js';
import { generatePlatform } from './generate-platform.js';
import type { SimulateOptions } from './options.js';
import type { SimulatedPlatform, SimulatedTruth } from './types.js';

/**
 * Simulates a paid-knowledge platform with a known answer: users, courses and events from the
 * latent process in docs/simulator.md, with each user's churn and renewal in the horizon drawn
 * from probabilities the process defines, and those probabilities returned as `truth`.
 *
 * Events are sorted by timestamp (ties: by userId, then in each user's own order). Same options,
 * same platform. Holds everything in memory; for millions of users use {@link generatePlatform}.
 *
 * @example
 * const platform = await simulatePlatform({ users: 2000, seed: 1 });
 * const labels = labelUsers(platform.events, { cutoff: platform.cutoff, horizonDays: platform.horizonDays, definition: 'activity' });
 */
export async function simulatePlatform(options: SimulateOptions = {}): Promise<SimulatedPlatform> {
  const stream = generatePlatform(options);
  const users: User[] = [];
  const perUser: (readonly PlatformEvent[])[] = [];
  const truth = new Map<string, SimulatedTruth>();
  for (const chunk of stream) {
    users.push(chunk.user);
    perUser.push(chunk.events);
    truth.set(chunk.user.userId, chunk.truth);
  }
  return { users, courses: stream.courses, events: mergeByTime(perUser), cutoff: stream.cutoff, horizonDays: stream.horizonDays, truth };
}

/**
 * Concatenates per-user lists (each sorted by timestamp) and sorts them by timestamp, stably, so
 * ties keep user order then each user's own order. A bucket sort over the time range (about four
 * events per bucket, then insertion sort within each bucket) is linear: a comparator sort or heap
 * merge of millions of polymorphic event objects is several times slower.
 */
function mergeByTime(lists: readonly (readonly PlatformEvent[])[]): PlatformEvent[] {
  let total = 0;
  for (const list of lists) total += list.length;
  const flat: PlatformEvent[] = new Array(total);
  const time = new Float64Array(total);
  let k = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const list of lists) {
    for (const event of list) {
      flat[k] = event;
      const t = event.timestamp;
      time[k++] = t;
      if (t < min) min = t;
      if (t > max) max = t;
    }
  }
  if (total === 0) return flat;
  const buckets = Math.max(1, total >> 2);
  const width = (max - min) / buckets + 1e-9;
  const bucketOf = new Uint32Array(total);
  const start = new Uint32Array(buckets + 1);
  for (let i = 0; i < total; i++) {
    const b = Math.min(buckets - 1, Math.floor((time[i] - min) / width));
    bucketOf[i] = b;
    start[b + 1]++;
  }
  for (let b = 0; b < buckets; b++) start[b + 1] += start[b];
  const fill = start.slice(0, buckets);
  const order = new Uint32Array(total);
  for (let i = 0; i < total; i++) order[fill[bucketOf[i]]++] = i; // stable: input order within a bucket
  for (let b = 0; b < buckets; b++) {
    for (let i = start[b] + 1; i < start[b + 1]; i++) {
      const item = order[i];
      const t = time[item];
      let j = i - 1;
      while (j >= start[b] && time[order[j]] > t) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = item;
    }
  }
  const out: PlatformEvent[] = new Array(total);
  for (let i = 0; i < total; i++) out[i] = flat[order[i]];
  return out;
}
