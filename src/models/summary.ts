import type { FeatureSet } from '../features/feature-set.js';

/**
 * The flat table the baselines learn from: every static feature, then for each sequence channel
 * its mean over the user's real steps, its value at the last step and its mean over the last
 * quarter of steps (recent activity against the user's average), then the fraction of steps
 * that are real (tenure within the window). Width S + 3·F + 1. @internal
 */
export function summarize(features: FeatureSet): FeatureSet {
  const { users, steps: T, sequenceFeatures: F, staticFeatures: S } = features.shape;
  const width = S + 3 * F + 1;
  const out = new Float32Array(users * width);
  const recentFrom = T - Math.max(1, Math.round(T / 4));
  for (let u = 0; u < users; u++) {
    const row = u * width;
    for (let s = 0; s < S; s++) out[row + s] = features.statics[u * S + s];
    let real = 0;
    let recentReal = 0;
    for (let t = 0; t < T; t++) {
      if (features.mask[u * T + t] === 0) continue;
      real++;
      if (t >= recentFrom) recentReal++;
      const base = (u * T + t) * F;
      for (let f = 0; f < F; f++) {
        const v = features.sequences[base + f];
        out[row + S + f] += v;
        if (t >= recentFrom) out[row + S + 2 * F + f] += v;
      }
    }
    for (let f = 0; f < F; f++) {
      out[row + S + f] = real > 0 ? out[row + S + f] / real : 0;
      out[row + S + F + f] = features.mask[u * T + T - 1] === 1 ? features.sequences[(u * T + T - 1) * F + f] : 0;
      out[row + S + 2 * F + f] = recentReal > 0 ? out[row + S + 2 * F + f] / recentReal : 0;
    }
    out[row + width - 1] = T > 0 ? real / T : 0;
  }
  const names = [
    ...features.staticFeatureNames,
    ...features.sequenceFeatureNames.map((n) => `${n}.mean`),
    ...features.sequenceFeatureNames.map((n) => `${n}.last`),
    ...features.sequenceFeatureNames.map((n) => `${n}.recentMean`),
    'activeStepFraction',
  ];
  return {
    userIds: features.userIds,
    sequences: new Float32Array(0),
    mask: new Float32Array(0),
    statics: out,
    shape: { users, steps: 0, sequenceFeatures: 0, staticFeatures: width },
    sequenceFeatureNames: [],
    staticFeatureNames: names,
  };
}

// Batches come from the same FeatureSet many times per fit; summarise each one once.
const cache = new WeakMap<FeatureSet, FeatureSet>();

/** {@link summarize}, cached per FeatureSet object (FeatureSets are immutable). @internal */
export function summarized(features: FeatureSet): FeatureSet {
  let table = cache.get(features);
  if (!table) {
    table = summarize(features);
    cache.set(features, table);
  }
  return table;
}
