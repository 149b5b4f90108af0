/**
 * Scoring at scale: 1,000,000 simulated users scored by a trained ChurnLSTM (defaults: LSTM(64),
 * both heads) in chunks, so memory stays bounded whatever the user count. Features are generated
 * chunk by chunk (the shape the default FeaturePipeline emits: 12 weekly steps x 8 channels + 6
 * statics, left-padded), scored with model.predict, summarised, and dropped.
 *
 *   node --import tsx bench/score-1m.ts [--users 1000000] [--chunk 20000] [--threads 2] [--backend wasm] [--json]
 *
 * Prints the scoring time (feature generation timed separately), users/s, and the process's peak RSS.
 */
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../src/backend/index.js';
import type { FeatureSet } from '../src/features/feature-set.js';
import { useKernelThreads } from '../src/kernels/index.js';
import { ChurnLSTM } from '../src/models/churn-lstm.js';
import { Random } from '../src/models/random.js';
import { Trainer } from '../src/train/trainer.js';

const argv = process.argv.slice(2);
const value = (name: string, fallback: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const USERS = Number(value('users', '1000000'));
const CHUNK = Number(value('chunk', '20000'));
const THREADS = Number(value('threads', '2'));
const BACKEND = value('backend', 'wasm') as 'wasm' | 'cpu';
const JSON_OUT = argv.includes('--json');
const T = 12;
const F = 8;
const S = 6;

/** `n` simulated users starting at id `offset`: declining activity raises churn (known signal). */
function simulatedFeatures(offset: number, n: number): { features: FeatureSet; churn: Float32Array } {
  const rng = new Random(offset + 1);
  const sequences = new Float32Array(n * T * F);
  const mask = new Float32Array(n * T);
  const statics = new Float32Array(n * S);
  const churn = new Float32Array(n);
  for (let u = 0; u < n; u++) {
    const start = rng.int(T / 2);
    const slope = rng.normal();
    const level = rng.normal();
    for (let t = start; t < T; t++) {
      mask[u * T + t] = 1;
      const x = (t - start) / T;
      for (let f = 0; f < F; f++) sequences[(u * T + t) * F + f] = level + (f < 2 ? slope * x * 3 : 0) + 0.3 * rng.normal();
    }
    for (let s = 0; s < S; s++) statics[u * S + s] = s === 0 ? level + 0.5 * rng.normal() : rng.normal();
    churn[u] = rng.next() < 1 / (1 + Math.exp(2.5 * slope + 0.5 * level)) ? 1 : 0;
  }
  const features: FeatureSet = {
    userIds: Array.from({ length: n }, (_, i) => `u${offset + i}`),
    sequences, mask, statics,
    shape: { users: n, steps: T, sequenceFeatures: F, staticFeatures: S },
    sequenceFeatureNames: Array.from({ length: F }, (_, i) => `channel${i}`),
    staticFeatureNames: Array.from({ length: S }, (_, i) => `static${i}`),
  };
  return { features, churn };
}

await useBackend(BACKEND);
const threads = await useKernelThreads(THREADS);
const train = simulatedFeatures(10_000_000, 4000);
const model = new ChurnLSTM();
await new Trainer({ verbose: 0, epochs: 2 }).fit(model, { features: train.features, churn: train.churn, renew: train.churn });

const rssMb = (): number => process.memoryUsage().rss / 2 ** 20;
const startRss = rssMb();
let peakRss = startRss;
let genMs = 0;
let scoreMs = 0;
let scored = 0;
let sum = 0;
let high = 0;
for (let offset = 0; offset < USERS; offset += CHUNK) {
  const n = Math.min(CHUNK, USERS - offset);
  let t0 = performance.now();
  const { features } = simulatedFeatures(offset, n);
  genMs += performance.now() - t0;
  t0 = performance.now();
  const p = await model.predict(features, { batchSize: 4096 });
  scoreMs += performance.now() - t0;
  for (const v of p.churn) {
    sum += v;
    if (v > 0.5) high++;
  }
  scored += p.churn.length;
  peakRss = Math.max(peakRss, rssMb());
}
const maxRssMb = process.resourceUsage().maxRSS / 1024;
const tensorsWithModel = tf.memory().numTensors;
const encoder = model.encoderKind;
model.dispose();
const result = {
  backend: BACKEND,
  kernelThreads: threads,
  encoder,
  users: scored,
  chunk: CHUNK,
  scoreSeconds: +(scoreMs / 1000).toFixed(2),
  featureGenerationSeconds: +(genMs / 1000).toFixed(2),
  usersPerSecond: Math.round(scored / (scoreMs / 1000)),
  peakRssMb: Math.round(Math.max(peakRss, maxRssMb)),
  rssBeforeScoringMb: Math.round(startRss),
  meanChurnProbability: +(sum / scored).toFixed(4),
  shareAbove05: +(high / scored).toFixed(4),
  tensorsWhileModelLoaded: tensorsWithModel,
  tensorsAfterDispose: tf.memory().numTensors,
};
await useKernelThreads(1);
if (JSON_OUT) process.stdout.write(`${JSON.stringify(result)}\n`);
else {
  console.log(`scored ${result.users.toLocaleString('en-US')} users (${BACKEND}, encoder ${result.encoder}, ${threads} kernel thread(s), chunks of ${CHUNK})`);
  console.log(`scoring ${result.scoreSeconds} s (${result.usersPerSecond.toLocaleString('en-US')} users/s); feature simulation ${result.featureGenerationSeconds} s`);
  console.log(`peak RSS ${result.peakRssMb} MB (${result.rssBeforeScoringMb} MB before scoring); mean churn probability ${result.meanChurnProbability}`);
}
