// churnkit side of bench/train.ts: the reference workload through ChurnLSTM's real training path
// (model.makeBatch → forward through the encoder seam → loss → tf.variableGrads → clip → Adam) and
// its real predict(). Wall clock and process CPU time; 2nd+ epochs; median.
// The package entry, so whatever encoder and thread count churnkit uses by default is what runs.
import { ChurnLSTM, Random, kernelThreads, type FeatureSet } from '../../src/index.js';
import { TRAINER_DEFAULTS } from '../../src/train/config.js';
import { trainEpoch } from '../../src/train/loop.js';
import { makeOptimizer } from '../../src/train/optimizers.js';
import { median } from './fused-common.js';

/** The reference workload's sizes. */
export interface Workload {
  readonly sequences: number;
  readonly steps: number;
  readonly features: number;
  readonly units: number;
  readonly batchSize: number;
  readonly epochs: number;
  readonly inferRepeats: number;
}

/** Training and inference speed of one backend. */
export interface SideResult {
  readonly trainSeqPerSec: number;
  readonly inferSeqPerSec: number;
  /** Process CPU seconds per wall second (all threads: ≈ cores kept busy). */
  readonly trainCpuPerWall: number;
  readonly inferCpuPerWall: number;
  readonly encoder: string;
  /** Kernel threads in use at the end of the run (the default pool starts during the first epoch). */
  readonly kernelThreads: number;
  readonly sequences: number;
}

/** Uniform(-1, 1) sequences, no padding, no statics, 30% churners (as torch_side.py). */
export function referenceData(w: Workload, n: number) {
  const rng = new Random(0);
  const features: FeatureSet = {
    userIds: Array.from({ length: n }, (_, i) => `u${i}`),
    sequences: Float32Array.from({ length: n * w.steps * w.features }, () => rng.next() * 2 - 1),
    mask: new Float32Array(n * w.steps).fill(1),
    statics: new Float32Array(0),
    shape: { users: n, steps: w.steps, sequenceFeatures: w.features, staticFeatures: 0 },
    sequenceFeatureNames: Array.from({ length: w.features }, (_, i) => `f${i}`),
    staticFeatureNames: [],
  };
  const churn = Float32Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0));
  return { features, churn };
}

/** Wall and CPU seconds of one async call. */
async function timed(f: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await f();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1e6 };
}

/** Measures the current backend on `n` sequences. */
export async function measureChurnkit(w: Workload, n: number): Promise<SideResult> {
  const data = referenceData(w, n);
  const model = new ChurnLSTM({ units: w.units, dropout: 0, l2: 0, heads: { churn: true, renew: false } });
  model.initialize(data.features, new Random(1));
  const optimizer = makeOptimizer({ ...TRAINER_DEFAULTS.optimizer, learningRate: 1e-3 });
  const rng = new Random(2);
  const train: { wall: number; cpu: number }[] = [];
  try {
    for (let e = 0; e < w.epochs; e++) {
      train.push(await timed(() => trainEpoch({
        model, data, batchSize: w.batchSize, optimizer, optimizerConfig: TRAINER_DEFAULTS.optimizer,
        loss: TRAINER_DEFAULTS.loss, classWeights: [1, 1], rng, onBatch: async () => {},
      })));
    }
    model.markFitted();
    const infer: { wall: number; cpu: number }[] = [];
    for (let r = 0; r <= w.inferRepeats; r++) infer.push(await timed(() => model.predict(data.features, { batchSize: w.batchSize })));
    const later = (xs: { wall: number; cpu: number }[]) => xs.slice(1);
    const ratio = (xs: { wall: number; cpu: number }[]) => xs.reduce((s, x) => s + x.cpu, 0) / xs.reduce((s, x) => s + x.wall, 0);
    return {
      trainSeqPerSec: n / median(later(train).map((x) => x.wall)),
      inferSeqPerSec: n / median(later(infer).map((x) => x.wall)),
      trainCpuPerWall: ratio(later(train)),
      inferCpuPerWall: ratio(later(infer)),
      encoder: model.encoderKind ?? 'layers',
      kernelThreads: kernelThreads(),
      sequences: n,
    };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}
