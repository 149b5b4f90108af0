import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { alignLabels, type UserLabel } from '../../src/labels/index.js';

const labels: UserLabel[] = [
  { userId: 'a', churn: 1, renew: 0 },
  { userId: 'b', churn: 0, renew: null },
  { userId: 'c', churn: 0, renew: 1 },
];

describe('alignLabels', () => {
  it('puts labels in the given user order, NaN where renew is null', () => {
    const { churn, renew } = alignLabels(['c', 'a', 'b'], labels);
    expect(churn).toBeInstanceOf(Float32Array);
    expect(Array.from(churn)).toEqual([0, 1, 0]);
    expect(Array.from(renew)).toEqual([1, 0, Number.NaN]);
  });

  it('names users without a label, or fills NaN when asked', () => {
    expect(() => alignLabels(['a', 'x', 'y'], labels)).toThrow(ValidationError);
    try {
      alignLabels(['a', 'x', 'y'], labels);
    } catch (error) {
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual([['userIds', 1], ['userIds', 2]]);
    }
    const filled = alignLabels(['x', 'b'], labels, { missing: 'nan' });
    expect(Array.from(filled.churn)).toEqual([Number.NaN, 0]);
  });

  it('rejects two labels for one user', () => {
    expect(() => alignLabels(['a'], [...labels, { userId: 'a', churn: 0, renew: null }])).toThrow(/labels\[3\]\.userId/);
  });
});
