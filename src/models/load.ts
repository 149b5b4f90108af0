import * as tf from '@tensorflow/tfjs-core';
import { ChurnkitError } from '../errors.js';
import type { BaseModel, FittedInputs } from './base-model.js';
import { loadArtifacts } from './io/artifacts.js';
import { Random } from './random.js';

/**
 * Loads a saved model into a fresh instance made by `make` from the saved config, checking the
 * saved class name. @internal
 */
export async function loadInto<M extends BaseModel<any>>(url: string, className: string, make: (config: any) => M): Promise<M> {
  const { topology, weights } = await loadArtifacts(url);
  try {
    if (topology.className !== className) {
      throw new ChurnkitError(`'${url}' holds a ${topology.className}, not a ${className}. Load it with ${topology.className}.load(), or loadModel().`);
    }
    const model = make(topology.config);
    model.restore(topology.inputs as unknown as FittedInputs, weights, new Random(0));
    return model;
  } finally {
    tf.dispose(Object.values(weights));
  }
}
