import { describe, expect, it } from 'vitest';
import {
  ActivitySummary, CourseMix, FeaturePipeline, ImputeMissing, ScaleFeatures, SequenceChannels, StepContractError, UserAttributes,
  checkStep, makePipeline, type FeatureFrame, type FeatureStep, type Json, type StepJSON,
} from '../../src/features/index.js';
import { CUTOFF, makeData } from './fixtures.js';

const data = makeData(30, 21);
const withImpute = () => [new SequenceChannels(), new ActivitySummary(), new UserAttributes(), new CourseMix(), new ImputeMissing()];
const extract = () => [new SequenceChannels(), new ActivitySummary()];

const cases: [string, () => FeatureStep, (() => FeatureStep[]) | undefined][] = [
  ['SequenceChannels', () => new SequenceChannels(), () => []],
  ['ActivitySummary', () => new ActivitySummary(), () => []],
  ['UserAttributes', () => new UserAttributes({ minCount: 1 }), () => []],
  ['CourseMix', () => new CourseMix({ maxCategories: 2 }), () => []],
  ['ImputeMissing', () => new ImputeMissing(), extract],
  ['ScaleFeatures standard', () => new ScaleFeatures(), withImpute],
  ['ScaleFeatures robust', () => new ScaleFeatures({ method: 'robust' }), withImpute],
  ['ScaleFeatures minmax', () => new ScaleFeatures({ method: 'minmax', log1p: false }), withImpute],
  ['FeaturePipeline', () => makePipeline(new SequenceChannels(), new ImputeMissing(), new ScaleFeatures()), () => []],
];

describe('checkStep: every built-in step passes the contract battery', () => {
  for (const [name, factory, upstream] of cases) {
    it(name, () => {
      const passed = checkStep(factory, { data, cutoff: CUTOFF, upstream });
      expect(passed).toHaveLength(10);
    });
  }
  it('the default pipeline passes', () => {
    expect(checkStep(() => FeaturePipeline.default({ timeSteps: 6 }), { data, cutoff: CUTOFF, upstream: () => [] })).toHaveLength(10);
  });
});

/** A step that learns at transform time: the battery must catch it. */
class LeakyStep implements FeatureStep {
  private seen = 0;
  fit(_frame: FeatureFrame): this { this.seen = 0; return this; }
  transform(frame: FeatureFrame): FeatureFrame {
    this.seen++;
    const col = new Float32Array(frame.tables.userIds.length).fill(this.seen);
    return { ...frame, statics: { names: [...frame.statics.names, 'seen'], kinds: [...frame.statics.kinds, 'count'], columns: [...frame.statics.columns, col] } };
  }
  getConfig(): Json { return {}; }
  toJSON(): StepJSON { return { type: 'LeakyStep', config: {}, fitted: null }; }
}

describe('checkStep catches broken steps', () => {
  it('reports the failed rule by name', () => {
    try {
      checkStep(() => new LeakyStep(), { data, cutoff: CUTOFF, upstream: () => [] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(StepContractError);
      expect((error as StepContractError).check).toBe('unfitted use throws NotFittedError');
    }
  });
});

describe('ScaleFeatures and ImputeMissing details', () => {
  it('NaN reaching ScaleFeatures is a ValidationError naming the column', () => {
    const p = makePipeline(new ActivitySummary(), new ScaleFeatures());
    const userIds = [...data.users.map((u) => u.userId), 'nobody'];
    expect(() => p.fit(data, { cutoff: CUTOFF, userIds })).toThrow(/statics\.recencyDays/);
  });
  it('robust scaling centres the training median at 0', () => {
    const fs = makePipeline(new ActivitySummary(), new ImputeMissing(), new ScaleFeatures({ method: 'robust', log1p: false })).fitTransform(data, { cutoff: CUTOFF });
    const s = fs.staticFeatureNames.indexOf('tenureDays');
    const col = Array.from({ length: fs.shape.users }, (_, r) => fs.statics[r * fs.shape.staticFeatures + s]).sort((a, b) => a - b);
    const median = (col[(col.length - 1) >> 1] + col[col.length >> 1]) / 2;
    expect(Math.abs(median)).toBeLessThan(1e-6);
  });
  it('unknown categories at transform go to the explicit unknown bucket (index 0)', () => {
    const p = makePipeline(new UserAttributes({ attributes: ['city'], minCount: 1, age: false })).fit(data, { cutoff: CUTOFF });
    const moved = { ...data, users: data.users.map((u, i) => (i === 0 ? { ...u, city: 'Atlantis' } : u)) };
    const fs = p.transform(moved, { cutoff: CUTOFF });
    expect(fs.categoricals?.[0]).toBe(0);
    expect(fs.statics[fs.staticFeatureNames.indexOf('city=unknown')]).toBe(1);
    expect(fs.categoricalCardinalities).toEqual([fs.staticFeatureNames.length]);
  });
});
