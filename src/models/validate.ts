import { ValidationError, type Issue } from '../errors.js';
import type { FeatureSet, FeatureSetShape } from '../features/feature-set.js';

/**
 * Checks a FeatureSet's arrays against its shape, that every value is finite and that the mask is
 * 0/1, collecting every issue (up to a limit per array) before failing. `expected` additionally
 * pins the widths a fitted model was built for. @internal
 */
export function validateFeatureSet(features: FeatureSet, expected?: FeatureSetShape, source = 'features'): void {
  const issues: Issue[] = [];
  if (features == null || typeof features !== 'object' || features.shape == null) {
    throw new ValidationError([{ code: 'invalid_type', path: [], message: 'expected a FeatureSet from FeaturePipeline.transform()' }], source);
  }
  const { users, steps, sequenceFeatures: F, staticFeatures: S } = features.shape;
  const sizes: [keyof FeatureSet, number][] = [
    ['sequences', users * steps * F],
    ['mask', users * steps],
    ['statics', users * S],
  ];
  for (const [name, size] of sizes) {
    const array = features[name] as Float32Array;
    if (!(array instanceof Float32Array)) {
      issues.push({ code: 'invalid_type', path: [name], message: `expected a Float32Array, got ${typeof array}` });
    } else if (array.length !== size) {
      issues.push({ code: 'invalid_size', path: [name], message: `has length ${array.length}, expected ${size} from shape ${JSON.stringify(features.shape)}` });
    }
  }
  if (users === 0) issues.push({ code: 'empty', path: ['shape', 'users'], message: 'the FeatureSet has no users; pass at least one' });
  if (expected) {
    for (const key of ['steps', 'sequenceFeatures', 'staticFeatures'] as const) {
      if (expected[key] !== features.shape[key]) {
        issues.push({
          code: 'shape_mismatch',
          path: ['shape', key],
          message: `is ${features.shape[key]}, but the model was trained with ${expected[key]}; transform with the same FeaturePipeline`,
        });
      }
    }
  }
  if (issues.length > 0) throw new ValidationError(issues, source);
  // predict validates every call: a tight scan first, the issue-collecting pass only when it finds something.
  if (allFinite(features.sequences) && allFinite(features.statics) && allBinary(features.mask)) return;
  for (const name of ['sequences', 'statics', 'mask'] as const) {
    const array = features[name];
    const width = name === 'sequences' ? steps * F : name === 'statics' ? S : steps;
    let found = 0;
    for (let i = 0; i < array.length && found < 5; i++) {
      const v = array[i];
      const bad = name === 'mask' ? v !== 0 && v !== 1 : !Number.isFinite(v);
      if (bad) {
        found++;
        const row = Math.floor(i / width);
        const col = i % width;
        const path = name === 'sequences' ? [name, row, Math.floor(col / F), col % F] : [name, row, col];
        issues.push({ code: name === 'mask' ? 'invalid_mask' : 'not_finite', path, message: `is ${v}, expected ${name === 'mask' ? '0 or 1' : 'a finite number'} (user ${features.userIds?.[row] ?? row})` });
      }
    }
  }
  if (issues.length > 0) throw new ValidationError(issues, source);
}

function allFinite(array: Float32Array): boolean {
  // v - v is 0 for every finite v and NaN for ±Infinity and NaN.
  for (let i = 0; i < array.length; i++) if (array[i] - array[i] !== 0) return false;
  return true;
}

function allBinary(array: Float32Array): boolean {
  for (let i = 0; i < array.length; i++) if (array[i] !== 0 && array[i] !== 1) return false;
  return true;
}
