import { describe, expect, it } from 'vitest';
import { EventColumns } from '../../src/data/index.js';
import { FeaturePipeline } from '../../src/features/index.js';
import { CUTOFF, DAY, makeData, maxAbsDiff } from './fixtures.js';

describe('FeaturePipeline on EventColumns', () => {
  // 200 users: sequences of 105 KB, above the size from which memory is pooled.
  const data = makeData(200, 5);
  const packed = { users: data.users, courses: data.courses, events: EventColumns.from(data.events) };
  const train = data.users.filter((_, i) => i % 4 !== 0).map((u) => u.userId);

  it('gives exactly the FeatureSet the event objects give (fit and transform)', () => {
    const fromObjects = FeaturePipeline.default().fit(data, { cutoff: CUTOFF, userIds: train });
    const fromColumns = FeaturePipeline.default().fit(packed, { cutoff: CUTOFF, userIds: train });
    expect(JSON.stringify(fromColumns.toJSON())).toBe(JSON.stringify(fromObjects.toJSON()));
    const a = fromObjects.transform(data, { cutoff: CUTOFF });
    const b = fromColumns.transform(packed, { cutoff: CUTOFF });
    expect(b.userIds).toEqual(a.userIds);
    expect(maxAbsDiff(a.sequences, b.sequences)).toBe(0);
    expect(maxAbsDiff(a.statics, b.statics)).toBe(0);
    expect(maxAbsDiff(a.mask, b.mask)).toBe(0);
    expect([...(b.categoricals ?? [])]).toEqual([...(a.categoricals ?? [])]);
    expect(a.sequences.length).toBeGreaterThan(0);
  });

  it('never lets a later call overwrite a FeatureSet already returned (pooled memory)', () => {
    const pipeline = FeaturePipeline.default().fit(packed, { cutoff: CUTOFF, userIds: train });
    const first = pipeline.transform(packed, { cutoff: CUTOFF });
    const snapshot = { sequences: first.sequences.slice(), statics: first.statics.slice(), mask: first.mask.slice() };
    // Same sizes, other numbers: the pool would hand back the same buffers if first's escaped it.
    const later = pipeline.transform(packed, { cutoff: CUTOFF - 20 * DAY });
    FeaturePipeline.default().fitTransform(packed, { cutoff: CUTOFF - 40 * DAY });
    expect(later.sequences.buffer).not.toBe(first.sequences.buffer);
    // Arrays handed out own their whole buffer, as if made with new Float32Array(n).
    for (const array of [first.sequences, first.statics, first.mask, later.sequences]) expect(array.buffer.byteLength).toBe(array.byteLength);
    expect(maxAbsDiff(first.sequences, later.sequences)).toBeGreaterThan(0);
    expect(maxAbsDiff(first.sequences, snapshot.sequences)).toBe(0);
    expect(maxAbsDiff(first.statics, snapshot.statics)).toBe(0);
    expect(maxAbsDiff(first.mask, snapshot.mask)).toBe(0);
    // And reused memory is zeroed: a second identical call matches the first exactly.
    const again = pipeline.transform(packed, { cutoff: CUTOFF });
    expect(maxAbsDiff(again.sequences, first.sequences)).toBe(0);
    expect(maxAbsDiff(again.statics, first.statics)).toBe(0);
  });
});
