import * as tf from '@tensorflow/tfjs-core';
import { ChurnkitError } from '../errors.js';
import { ChurnLSTM } from './churn-lstm.js';
import { loadArtifacts } from './io/artifacts.js';
import { LogisticBaseline } from './logistic-baseline.js';
import { MLPBaseline } from './mlp-baseline.js';
import type { TrainableModel } from './model.js';

/** Loads any churnkit model saved with `save(url)`, whichever class it is. */
export async function loadModel(url: string): Promise<TrainableModel> {
  const { topology, weights } = await loadArtifacts(url);
  tf.dispose(Object.values(weights));
  switch (topology.className) {
    case 'ChurnLSTM':
      return ChurnLSTM.load(url);
    case 'LogisticBaseline':
      return LogisticBaseline.load(url);
    case 'MLPBaseline':
      return MLPBaseline.load(url);
    default:
      throw new ChurnkitError(`'${url}' holds an unknown model class '${topology.className}'.`);
  }
}
