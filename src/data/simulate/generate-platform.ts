import { simulateCourses } from './catalog.js';
import { resolveSimulateOptions, type SimulateOptions } from './options.js';
import { simulateUser, userContext } from './simulate-user.js';
import type { SimulatedPlatformStream, SimulatedUserChunk } from './types.js';

/**
 * Generates a simulated platform one user at a time, holding only the current user in memory, so
 * millions of users can be written to disk. The courses are available up front; each chunk is one
 * user with their events sorted by timestamp and their truth. Users come in userId order.
 *
 * Each user draws from its own seeded stream, so a user's events do not depend on how many users
 * are generated, and `simulatePlatform` with the same options gives exactly the same users.
 *
 * @example
 * const stream = generatePlatform({ users: 1_000_000, seed: 7 });
 * for (const { user, events } of stream) write(user, events);
 */
export function generatePlatform(options: SimulateOptions = {}): SimulatedPlatformStream {
  const resolved = resolveSimulateOptions(options);
  const courses = simulateCourses(resolved.courses, resolved.seed);
  function* users(): Generator<SimulatedUserChunk> {
    // A fresh context per iteration: two loops over one stream must not share scratch space.
    const ctx = userContext(resolved, courses);
    for (let i = 0; i < resolved.users; i++) yield simulateUser(i, ctx);
  }
  return {
    courses,
    cutoff: resolved.cutoff,
    horizonDays: resolved.horizonDays,
    users: resolved.users,
    [Symbol.iterator]: users,
    async *[Symbol.asyncIterator]() {
      yield* users();
    },
  };
}
