import { describe, expect, it } from 'vitest';
import { platformEventSchema } from '../../src/data/schema.js';
import { fastEvent } from '../../src/data/read/fast-event.js';
import { mulberry32 } from '../helpers/mulberry32.js';

// A small deterministic generator, so a failure is reproducible.

const JUNK: unknown[] = [
  undefined, null, NaN, Infinity, -Infinity, -1, -0, 0, 0.5, 1, 1.0000001, 2, 3, 5, 6, 2.5, 1e300, -1e-9,
  '', 'x', 'view', 'monthly', 'yearly', 'weekly', '2024-03-01', '2024-03-01T10:00:00Z', '2024-03-01 10:00', 'not a date', '12',
  true, false, 'true', {}, [], [1], new Date('2024-03-01T00:00:00Z'), new Date(NaN), 'a'.repeat(256), 'a'.repeat(257), 'b'.repeat(20_001), 10n,
];
const TYPES = ['subscribe', 'renew', 'cancel', 'view', 'purchase', 'comment', 'refund', 'play', undefined];

function validEvent(r: () => number): Record<string, unknown> {
  const type = TYPES[Math.floor(r() * 7)]!;
  const base = { type, userId: `u${Math.floor(r() * 1000)}`, timestamp: r() < 0.8 ? Math.floor(1.7e12 + r() * 1e10) : '2024-02-03T04:05:06.789Z' };
  switch (type) {
    case 'view':
      return { ...base, courseId: 'c1', watchSeconds: r() * 3600, progress: r() };
    case 'purchase':
      return { ...base, courseId: 'c2', amount: Math.round(r() * 10000) / 100 };
    case 'comment':
      return r() < 0.5 ? { ...base, courseId: 'c3', text: '很好 great' } : { ...base, courseId: 'c3', text: '', rating: 1 + Math.floor(r() * 5) };
    case 'refund':
      return r() < 0.5 ? { ...base, amount: 9.9 } : { ...base, amount: 0, courseId: 'c4' };
    default:
      return { ...base, plan: r() < 0.5 ? 'monthly' : 'yearly', price: 30, expiresAt: Math.floor(1.8e12 + r() * 1e9), autoRenew: r() < 0.5 };
  }
}

function mutate(event: Record<string, unknown>, r: () => number): Record<string, unknown> {
  const out = { ...event };
  const fields = [...Object.keys(out), 'rating', 'courseId', 'extra', 'type'];
  const mutations = 1 + Math.floor(r() * 2);
  for (let m = 0; m < mutations; m++) {
    const field = fields[Math.floor(r() * fields.length)];
    if (field === 'type') out.type = TYPES[Math.floor(r() * TYPES.length)];
    else if (r() < 0.15) delete out[field];
    else out[field] = JUNK[Math.floor(r() * JUNK.length)];
  }
  return out;
}

function show(record: unknown): string {
  return JSON.stringify(record, (_k, v) => (typeof v === 'bigint' ? `${v}n` : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}

describe('fastEvent, the hand-written fast path', () => {
  it('accepts exactly what platformEventSchema accepts, with equal output, on 20,000 generated records', () => {
    const r = mulberry32(20240301);
    let agreedValid = 0;
    let agreedInvalid = 0;
    for (let i = 0; i < 20_000; i++) {
      const valid = validEvent(r);
      const record = i % 4 === 0 ? valid : mutate(valid, r);
      const fast = fastEvent(record);
      const slow = platformEventSchema.safeParse(record);
      if (slow.success) {
        expect(fast, show(record)).toStrictEqual(slow.data);
        agreedValid++;
      } else {
        expect(fast, show(record)).toBeUndefined();
        agreedInvalid++;
      }
    }
    // Both sides of the equivalence are exercised in bulk.
    expect(agreedValid).toBeGreaterThan(6_000);
    expect(agreedInvalid).toBeGreaterThan(6_000);
  });
});
