export type { FeatureSet, FeatureSetShape } from './feature-set.js';
