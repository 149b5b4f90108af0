import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { splitByUser, type UserLabel } from '../../src/labels/index.js';

const labels: UserLabel[] = Array.from({ length: 1000 }, (_, i) => ({ userId: `u${i}`, churn: i % 4 === 0 ? 1 : 0, renew: null }));
const churnRate = (list: readonly UserLabel[]) => list.reduce((s, l) => s + l.churn, 0) / list.length;

describe('splitByUser', () => {
  it('puts every user on exactly one side, with the asked share, stratified on churn', () => {
    const { train, test } = splitByUser(labels, { testFraction: 0.2, seed: 3 });
    expect(train.length + test.length).toBe(1000);
    expect(test.length).toBe(200);
    const trainIds = new Set(train.map((l) => l.userId));
    expect(test.some((l) => trainIds.has(l.userId))).toBe(false);
    expect(churnRate(test)).toBe(0.25);
    expect(churnRate(train)).toBe(0.25);
    // input order kept within each side
    const index = (l: UserLabel) => Number(l.userId.slice(1));
    expect(test.map(index)).toEqual([...test.map(index)].sort((a, b) => a - b));
  });

  it('is deterministic under a seed and changes with it', () => {
    const a = splitByUser(labels, { seed: 1 }).test.map((l) => l.userId);
    expect(splitByUser(labels, { seed: 1 }).test.map((l) => l.userId)).toEqual(a);
    expect(splitByUser(labels, { seed: 2 }).test.map((l) => l.userId)).not.toEqual(a);
  });

  it('keeps all items of one user on one side when userIds repeat', () => {
    const ids = Array.from({ length: 300 }, (_, i) => `u${i % 60}`);
    const { train, test } = splitByUser(ids, { testFraction: 0.25, seed: 9 });
    expect(train.length + test.length).toBe(300);
    const testUsers = new Set(test);
    expect(train.some((id) => testUsers.has(id))).toBe(false);
    expect(testUsers.size).toBe(15);
  });

  it('rejects bad options', () => {
    expect(() => splitByUser(labels, { testFraction: 1 })).toThrow(ConfigError);
    expect(() => splitByUser(['a', 'b'], { stratify: true })).toThrow(/stratify/);
    expect(() => splitByUser([{ churn: 1 } as unknown as UserLabel])).toThrow(/items\[0\]/);
  });
});
