import { ValidationError } from '../errors.js';
import { Random, streamSeed } from '../data/simulate/random.js';
import type { UserLabel } from './types.js';

/** Something that names a user: a userId or a label. */
export type UserItem = string | UserLabel;

/** The userId of an item. @internal */
export function userIdOf(item: UserItem, index: number, name: string): string {
  const id = typeof item === 'string' ? item : item?.userId;
  if (typeof id !== 'string' || id === '') {
    throw new ValidationError([{ code: 'invalid_type', path: [name, index], message: `expected a userId string or a label with a userId, got ${JSON.stringify(item)}` }], name);
  }
  return id;
}

/**
 * Deals the distinct users of `items` into `buckets` groups: users are shuffled (seeded) within
 * each stratum (churn 0 / churn 1 when stratifying, else one stratum), then dealt round-robin,
 * continuing across strata so bucket sizes differ by at most one. Every item of a user lands in that
 * user's bucket. Returns the bucket of each item, in input order. @internal
 */
export function dealUsers(items: readonly UserItem[], name: string, buckets: number, seed: number, stratify: boolean, sizes?: readonly number[]): Int32Array {
  const firstIndex = new Map<string, number>();
  const ids = items.map((item, i) => {
    const id = userIdOf(item, i, name);
    if (!firstIndex.has(id)) firstIndex.set(id, i);
    return id;
  });
  const strata: string[][] = stratify ? [[], []] : [[]];
  for (const [id, i] of firstIndex) {
    const item = items[i];
    strata[stratify && typeof item !== 'string' && item.churn === 1 ? 1 : 0].push(id);
  }
  const bucketOf = new Map<string, number>();
  let dealt = 0;
  strata.forEach((users, s) => {
    shuffle(users, new Random(streamSeed(seed, s)));
    if (sizes) {
      // Fixed shares (a train/test split): the first round(share * n) users of each stratum go to bucket 1.
      const first = Math.round(sizes[1] * users.length);
      users.forEach((id, k) => bucketOf.set(id, k < first ? 1 : 0));
    } else {
      users.forEach((id) => bucketOf.set(id, dealt++ % buckets));
    }
  });
  return Int32Array.from(ids, (id) => bucketOf.get(id)!);
}

function shuffle<T>(items: T[], rng: Random): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
}

/** The number of distinct users in `items`. @internal */
export function countUsers(items: readonly UserItem[], name: string): number {
  return new Set(items.map((item, i) => userIdOf(item, i, name))).size;
}
