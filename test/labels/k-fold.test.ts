import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { kFold, type UserLabel } from '../../src/labels/index.js';

const labels: UserLabel[] = Array.from({ length: 103 }, (_, i) => ({ userId: `u${i}`, churn: i % 3 === 0 ? 1 : 0, renew: null }));

describe('kFold', () => {
  it('puts each user in exactly one test fold, folds differing by at most one user, stratified', () => {
    const folds = kFold(labels, { k: 5, seed: 4 });
    expect(folds).toHaveLength(5);
    const seen = new Map<string, number>();
    for (const { train, test } of folds) {
      expect(train.length + test.length).toBe(103);
      const testIds = new Set(test.map((l) => l.userId));
      expect(train.some((l) => testIds.has(l.userId))).toBe(false);
      for (const l of test) seen.set(l.userId, (seen.get(l.userId) ?? 0) + 1);
      const churners = test.filter((l) => l.churn === 1).length;
      expect(churners).toBeGreaterThanOrEqual(6);
      expect(churners).toBeLessThanOrEqual(7);
    }
    expect(seen.size).toBe(103);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    const sizes = folds.map((f) => f.test.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('is deterministic under a seed and works on bare userIds', () => {
    const ids = labels.map((l) => l.userId);
    expect(kFold(ids, { k: 3, seed: 1 })).toEqual(kFold(ids, { k: 3, seed: 1 }));
    expect(kFold(ids, { k: 3, seed: 1 })[0].test).not.toEqual(kFold(ids, { k: 3, seed: 2 })[0].test);
  });

  it('rejects bad k', () => {
    expect(() => kFold(labels, { k: 1 })).toThrow(ConfigError);
    expect(() => kFold(['a', 'b'], { k: 3 })).toThrow(/distinct users \(2\)/);
  });
});
