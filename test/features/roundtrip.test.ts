import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FeaturePipeline } from '../../src/features/index.js';
import { CUTOFF, makeData, maxAbsDiff } from './fixtures.js';

describe('toJSON / fromJSON', () => {
  it('a pipeline fitted here and loaded in another Node process gives identical numbers', () => {
    const data = makeData(50, 11);
    const pipeline = FeaturePipeline.default({ scaling: 'robust' }).fit(data, { cutoff: CUTOFF, userIds: data.users.slice(0, 30).map((u) => u.userId) });
    const here = pipeline.transform(data, { cutoff: CUTOFF });
    const dir = mkdtempSync(join(tmpdir(), 'churnkit-features-'));
    const jsonPath = join(dir, 'pipeline.json');
    const outPath = join(dir, 'features.json');
    writeFileSync(jsonPath, JSON.stringify(pipeline.toJSON()));
    const child = fileURLToPath(new URL('./roundtrip-child.ts', import.meta.url));
    execFileSync(process.execPath, ['--import', 'tsx', child, jsonPath, outPath], { stdio: 'inherit' });
    const there = JSON.parse(readFileSync(outPath, 'utf8'));
    expect(there.pid).not.toBe(process.pid);
    expect(there.userIds).toEqual(here.userIds);
    expect(there.names).toEqual([here.sequenceFeatureNames, here.staticFeatureNames]);
    expect(there.sequences.length).toBe(here.sequences.length);
    expect(maxAbsDiff(there.sequences, here.sequences)).toBe(0);
    expect(maxAbsDiff(there.statics, here.statics)).toBe(0);
    expect(maxAbsDiff(there.mask, here.mask)).toBe(0);
    expect(there.categoricals).toEqual(Array.from(here.categoricals ?? []));
  });

  it('in one process: JSON text round trip is identical, unfitted pipelines stay unfitted', () => {
    const data = makeData(30, 12);
    const pipeline = FeaturePipeline.default({ bucket: 'day', timeSteps: 9, scaling: 'minmax' }).fit(data, { cutoff: CUTOFF });
    const restored = FeaturePipeline.fromJSON(JSON.stringify(pipeline.toJSON()));
    const a = pipeline.transform(data, { cutoff: CUTOFF });
    const b = restored.transform(data, { cutoff: CUTOFF });
    expect(b.shape).toEqual(a.shape);
    expect(maxAbsDiff(a.statics, b.statics)).toBe(0);
    expect(maxAbsDiff(a.sequences, b.sequences)).toBe(0);
    expect(JSON.stringify(restored.toJSON())).toBe(JSON.stringify(pipeline.toJSON()));
    const unfitted = FeaturePipeline.fromJSON(FeaturePipeline.default().toJSON());
    expect(() => unfitted.transform(data, { cutoff: CUTOFF })).toThrow(/before fit/);
  });

  it('fromConfig(getConfig()) is an unfitted twin that fits to the same numbers', () => {
    const data = makeData(30, 14);
    const pipeline = FeaturePipeline.default({ bucket: 'day', timeSteps: 7, maxCategories: 3 }).fit(data, { cutoff: CUTOFF });
    const twin = FeaturePipeline.fromConfig(JSON.parse(JSON.stringify(pipeline.getConfig())));
    expect(() => twin.transform(data, { cutoff: CUTOFF })).toThrow(/before fit/);
    const a = pipeline.transform(data, { cutoff: CUTOFF });
    const b = twin.fit(data, { cutoff: CUTOFF }).transform(data, { cutoff: CUTOFF });
    expect(b.shape).toEqual(a.shape);
    expect(maxAbsDiff(a.statics, b.statics)).toBe(0);
  });

  it('a custom scorer is found by name on load, and a missing one is a clear error', () => {
    const shouty = { name: 'shouty', score: (text: string) => (text.includes('!') ? 1 : -1) };
    const data = makeData(20, 13);
    const pipeline = FeaturePipeline.default({ scorer: shouty }).fit(data, { cutoff: CUTOFF });
    const json = pipeline.toJSON();
    expect(() => FeaturePipeline.fromJSON(json)).toThrow(/shouty/);
    const restored = FeaturePipeline.fromJSON(json, { scorers: { shouty } });
    expect(maxAbsDiff(restored.transform(data, { cutoff: CUTOFF }).sequences, pipeline.transform(data, { cutoff: CUTOFF }).sequences)).toBe(0);
  });
});
