// Run by save-load.test.ts in a fresh Node process: load a saved model, predict, print JSON.
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import { ChurnLSTM, useBackend, type FeatureSet } from '../../src/index.js';

async function main(): Promise<void> {
  const [url, input] = process.argv.slice(2);
  await useBackend('wasm');
  const raw = JSON.parse(await readFile(input, 'utf8'));
  const features: FeatureSet = { ...raw, sequences: Float32Array.from(raw.sequences), mask: Float32Array.from(raw.mask), statics: Float32Array.from(raw.statics) };
  const before = tf.memory().numTensors;
  const model = await ChurnLSTM.load(url);
  const p = await model.predict(features);
  model.dispose();
  console.log(JSON.stringify({ churn: Array.from(p.churn), renew: Array.from(p.renew ?? []), leaked: tf.memory().numTensors - before }));
}

void main();
