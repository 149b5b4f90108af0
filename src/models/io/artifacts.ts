import * as tf from '@tensorflow/tfjs-core';
import { ChurnkitError, NotSupportedError } from '../../errors.js';
import type { SaveResult } from '../model.js';
import { fileHandler } from './file-handler.js';

/** The JSON churnkit stores as a saved model's `modelTopology`. @internal */
export interface ModelTopology {
  readonly format: 'churnkit-model';
  readonly version: 1;
  readonly className: string;
  readonly config: object;
  readonly inputs: Record<string, unknown>;
}

function handlerFor(url: string, mode: 'save' | 'load'): tf.io.IOHandler {
  if (typeof url !== 'string' || url.length === 0) {
    throw new ChurnkitError(`${mode}: url must be a string such as 'file://./models/churn', got ${String(url)}.`);
  }
  if (url.startsWith('file://')) return fileHandler(url);
  const handlers = mode === 'save' ? tf.io.getSaveHandlers(url) : tf.io.getLoadHandlers(url);
  if (handlers.length === 0) {
    throw new NotSupportedError(
      `No tfjs IO handler for '${url}' here. Use file://<dir> in Node, indexeddb://<name> or http(s)://<url> in a browser.`,
    );
  }
  return handlers[0];
}

/** Writes a churnkit model to `url`. @internal */
export async function saveArtifacts(url: string, topology: ModelTopology, weights: tf.NamedTensorMap): Promise<SaveResult> {
  const { data, specs } = await tf.io.encodeWeights(weights);
  const handler = handlerFor(url, 'save');
  if (!handler.save) throw new NotSupportedError(`The IO handler for '${url}' cannot save.`);
  await handler.save({
    modelTopology: topology as unknown as tf.io.ModelJSON['modelTopology'],
    format: 'churnkit-model',
    generatedBy: 'churnkit',
    weightSpecs: specs,
    weightData: data,
  });
  return { url, weightBytes: data.byteLength };
}

/** Reads a churnkit model from `url`: its topology and its weights as tensors (caller disposes). @internal */
export async function loadArtifacts(url: string): Promise<{ topology: ModelTopology; weights: tf.NamedTensorMap }> {
  const handler = handlerFor(url, 'load');
  if (!handler.load) throw new NotSupportedError(`The IO handler for '${url}' cannot load.`);
  const artifacts = await handler.load();
  const topology = artifacts.modelTopology as unknown as ModelTopology;
  if (!topology || topology.format !== 'churnkit-model') {
    throw new ChurnkitError(`'${url}' is not a churnkit model (no churnkit-model topology). Save it with model.save(url).`);
  }
  const weights = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs ?? []);
  return { topology, weights };
}
