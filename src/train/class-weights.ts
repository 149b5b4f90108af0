import type { LossConfig } from './config.js';

/**
 * The weight of a stayer (index 0) and a churner (index 1). `'balanced'` gives each class the same
 * total weight, n / (2 · n_class), as scikit-learn's `class_weight='balanced'`. @internal
 */
export function resolveClassWeights(config: LossConfig['classWeight'], churn: ArrayLike<number>): [number, number] {
  if (config === 'none') return [1, 1];
  if (config === 'balanced') {
    let positives = 0;
    for (let i = 0; i < churn.length; i++) positives += churn[i];
    const n = churn.length;
    const negatives = n - positives;
    return [negatives > 0 ? n / (2 * negatives) : 1, positives > 0 ? n / (2 * positives) : 1];
  }
  return [config[0], config[1]];
}
