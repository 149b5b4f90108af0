// Run by roundtrip.test.ts in a separate Node process: loads a saved pipeline, transforms the
// same fixture users and writes the FeatureSet's arrays as JSON.
import { readFileSync, writeFileSync } from 'node:fs';
import { FeaturePipeline } from '../../src/features/index.js';
import { CUTOFF, makeData } from './fixtures.js';

const [jsonPath, outPath] = process.argv.slice(2);
const pipeline = FeaturePipeline.fromJSON(readFileSync(jsonPath, 'utf8'));
const fs = pipeline.transform(makeData(50, 11), { cutoff: CUTOFF });
writeFileSync(outPath, JSON.stringify({
  pid: process.pid,
  userIds: fs.userIds,
  sequences: Array.from(fs.sequences),
  statics: Array.from(fs.statics),
  mask: Array.from(fs.mask),
  categoricals: Array.from(fs.categoricals ?? []),
  names: [fs.sequenceFeatureNames, fs.staticFeatureNames],
}));
