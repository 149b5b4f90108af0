import type { PlatformEvent } from '../schema.js';
import { eventSpec } from './stream-events.js';
import { streamRecords } from './stream-records.js';
import type { ReadEventsOptions, ReadResult, ReadSource, ReadStats, Reject } from './types.js';

/**
 * Reads, validates and de-duplicates platform events from any source, and sorts them by timestamp.
 * Strict mode (the default) throws a `ValidationError` naming source, line, field and reason at the first bad
 * record; lenient mode returns every bad record as a {@link Reject}. `stats.read = stats.accepted + stats.rejected`
 * always; duplicates are rejects with code `'duplicate'`, also counted in `stats.duplicates`.
 * For logs too large for memory use {@link streamEvents}.
 *
 * @example
 * const { events, rejects, stats } = await readEvents('events.csv', {
 *   mode: 'lenient',
 *   columns: { userId: 'uid', timestamp: 'ts', watchSeconds: 'play_secs' },
 *   eventTypes: { play: 'view' },
 * });
 */
export async function readEvents(source: ReadSource, options: ReadEventsOptions = {}): Promise<ReadResult<PlatformEvent>> {
  const events: PlatformEvent[] = [];
  const rejects: Reject[] = [];
  let stats: ReadStats = { read: 0, accepted: 0, rejected: 0, duplicates: 0, unsorted: 0 };
  for await (const batch of streamRecords(source, options, eventSpec(options, options.dedupeWindow ?? Infinity))) {
    for (const e of batch.events) events.push(e);
    for (const r of batch.rejects) rejects.push(r);
    stats = { ...batch.stats };
  }
  // Array.prototype.sort is stable, so events with equal timestamps keep input order.
  if (stats.unsorted > 0) events.sort((a, b) => a.timestamp - b.timestamp);
  return { events, rejects, stats };
}
