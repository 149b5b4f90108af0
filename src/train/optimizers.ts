import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerConfig } from './config.js';
import { FusedAdam } from './fused-adam.js';

/**
 * Makes the optimizer with every constant explicit. Epsilon especially: left out, tfjs uses the
 * backend's epsilon (1e-4 on WebGL with 16-bit floats, 1e-7 elsewhere), so the same training would
 * differ between backends. @internal
 */
export function makeOptimizer(config: OptimizerConfig): tf.Optimizer {
  switch (config.name) {
    case 'adam':
      // tfjs's Adam, computed on plain arrays with clipping fused in on the cpu and wasm backends.
      return new FusedAdam(config.learningRate, 0.9, 0.999, config.epsilon);
    case 'rmsprop':
      return tf.train.rmsprop(config.learningRate, 0.9, 0, config.epsilon, false);
    case 'sgd':
      return tf.train.sgd(config.learningRate);
  }
}

/** Changes the learning rate of a live optimizer (sgd keeps it in a tensor). @internal */
export function setLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  const o = optimizer as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
  if (typeof o.setLearningRate === 'function') o.setLearningRate(learningRate);
  else o.learningRate = learningRate;
}
