/**
 * Fused-kernel training and inference speed against PyTorch, measured in one run on the same wall
 * clock. Reference workload: 4,096 sequences x 30 steps x 8 features, LSTM(64) + Dense(1), batch 256,
 * Adam, binary cross-entropy. churnkit runs through the encoder seam's FusedEncoder (the path ChurnLSTM
 * takes on cpu/wasm), on one thread and data-parallel over worker threads; PyTorch runs
 * bench/train/torch_side.py (the same reference as bench/train.ts) pinned and unpinned at each of
 * `--torch-threads` (see bench/train/torch.ts); its best figure over all of them is the reference.
 * Kernel-only: no ChurnLSTM fusion layer or Trainer around the LSTM (bench/train.ts measures those).
 *
 *   node --import tsx bench/train-fused.ts [--json] [--backend wasm|cpu] [--epochs 3] [--threads 1|2]
 *                                          [--torch-threads 1,2] [--no-torch]
 */
import * as tf from '@tensorflow/tfjs-core';
// Importing tfjs-layers registers every op's gradient (the library's models import it anyway).
import '@tensorflow/tfjs-layers';
import { useBackend } from '../src/backend/index.js';
import { FusedEncoder } from '../src/models/encoder/fused-encoder.js';
import { Random } from '../src/models/random.js';
import { benchArgs, flopsPerSequence, median, referenceData, REFERENCE } from './train/fused-common.js';
import { useKernelThreads } from '../src/kernels/threads.js';
import { ensureTorch, measureTorchConfigs, torchBest, type TorchConfigResult } from './train/torch.js';

/** Measured figures of one side: by wall clock, and by the process's CPU time (less sensitive to a busy box). */
interface Side {
  trainSeqPerSec: number;
  inferSeqPerSec: number;
  trainSeqPerCpuSec: number;
  inferSeqPerCpuSec: number;
}

/** CPU seconds used by the whole process (all threads) since `start`. */
function cpuSeconds(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
}

const args = benchArgs(process.argv.slice(2));
const { N, T, F, U, BATCH, INFER_BATCH } = REFERENCE;

async function churnkitRun(backend: string, threads: number): Promise<Side> {
  await useBackend(backend as 'wasm' | 'cpu');
  await useKernelThreads(threads);
  const { x, y, mask } = referenceData();
  const rng = new Random(0);
  const encoder = new FusedEncoder({ cell: 'lstm', layers: 1, units: U, recurrentDropout: 0 });
  encoder.build(F, rng);
  const headW = tf.variable(tf.randomUniform([U, 1], -0.3, 0.3, 'float32', 1));
  const headB = tf.variable(tf.zeros([1]));
  const optimizer = tf.train.adam(1e-3);
  const vars = [...encoder.trainableVariables(), headW, headB];
  const batches: { x: tf.Tensor3D; y: tf.Tensor2D; mask: tf.Tensor2D }[] = [];
  for (let i = 0; i < N; i += BATCH) {
    const n = Math.min(BATCH, N - i);
    batches.push({
      x: tf.tensor3d(x.subarray(i * T * F, (i + n) * T * F), [n, T, F]),
      y: tf.tensor2d(y.subarray(i, i + n), [n, 1]),
      mask: tf.tensor2d(mask.subarray(i * T, (i + n) * T), [n, T]),
    });
  }
  const epochTimes: number[] = [];
  const epochCpu: number[] = [];
  for (let e = 0; e < args.epochs; e++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (const b of batches) {
      const cost = optimizer.minimize(() => {
        const h = encoder.apply(b.x, b.mask, { training: true });
        return tf.losses.sigmoidCrossEntropy(b.y, tf.add(tf.matMul(h, headW), headB)) as tf.Scalar;
      }, true, vars);
      cost?.dataSync();
      cost?.dispose();
      encoder.release();
    }
    epochTimes.push(performance.now() - t0);
    epochCpu.push(cpuSeconds(c0));
  }
  const inferTimes: number[] = [];
  const inferCpu: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (let i = 0; i < N; i += INFER_BATCH) {
      const n = Math.min(INFER_BATCH, N - i);
      tf.tidy(() => {
        const xb = tf.tensor3d(x.subarray(i * T * F, (i + n) * T * F), [n, T, F]);
        const mb = tf.tensor2d(mask.subarray(i * T, (i + n) * T), [n, T]);
        const p = tf.sigmoid(tf.add(tf.matMul(encoder.apply(xb, mb, { training: false }), headW), headB));
        p.dataSync();
      });
    }
    inferTimes.push(performance.now() - t0);
    inferCpu.push(cpuSeconds(c0));
  }
  tf.dispose(batches.flatMap((b) => [b.x, b.y, b.mask]));
  tf.dispose([headW, headB]);
  optimizer.dispose();
  encoder.dispose();
  const later = (xs: number[]) => (xs.length > 1 ? xs.slice(1) : xs);
  return {
    trainSeqPerSec: N / (median(later(epochTimes)) / 1000),
    inferSeqPerSec: N / (median(inferTimes) / 1000),
    trainSeqPerCpuSec: N / median(later(epochCpu)),
    inferSeqPerCpuSec: N / median(inferCpu),
  };
}

function torch(threads: string): { best: Side; configs: TorchConfigResult[] } | undefined {
  if (!ensureTorch()) {
    process.stderr.write('PyTorch reference skipped: /usr/bin/python3 cannot import torch (install python3-torch).\n');
    return undefined;
  }
  const list = threads.split(',').map(Number);
  const configs = measureTorchConfigs({ sequences: N, steps: T, features: F, units: U, batchSize: BATCH, epochs: args.epochs, inferRepeats: 3, inferBatch: INFER_BATCH }, list, list, (s) => process.stderr.write(`${s}\n`));
  return configs.length ? { best: torchBest(configs), configs } : undefined;
}

const backend = args.backend;
const single = await churnkitRun(backend, 1);
const pool = args.workers > 1 ? await churnkitRun(backend, args.workers) : undefined;
await useKernelThreads(1);
const churnkit = pool
  ? { trainSeqPerSec: Math.max(single.trainSeqPerSec, pool.trainSeqPerSec), inferSeqPerSec: Math.max(single.inferSeqPerSec, pool.inferSeqPerSec) }
  : single;
const round = (s: Side) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, Math.round(v)]));
const ref = args.torch ? torch(args.torchThreads) : undefined;
const flops = flopsPerSequence(T, F, U);
const result = {
  backend,
  workload: `${N} seq x ${T} steps x ${F} features, LSTM(${U}) + Dense(1), batch ${BATCH}, Adam`,
  churnkitTrainSeqPerSec: Math.round(churnkit.trainSeqPerSec),
  churnkitInferSeqPerSec: Math.round(churnkit.inferSeqPerSec),
  singleThread: round(single),
  workers: pool ? { count: args.workers, trainSeqPerSec: Math.round(pool.trainSeqPerSec), inferSeqPerSec: Math.round(pool.inferSeqPerSec) } : null,
  torchTrainSeqPerSec: ref ? Math.round(ref.best.trainSeqPerSec) : null,
  torchInferSeqPerSec: ref ? Math.round(ref.best.inferSeqPerSec) : null,
  torchConfigs: ref ? ref.configs : null,
  // Single thread against PyTorch's best by process CPU time: what each side gets done per core-second.
  trainRatioCpu: ref ? +(single.trainSeqPerCpuSec / ref.best.trainSeqPerCpuSec).toFixed(3) : null,
  inferRatioCpu: ref ? +(single.inferSeqPerCpuSec / ref.best.inferSeqPerCpuSec).toFixed(3) : null,
  trainRatio: ref ? +(churnkit.trainSeqPerSec / ref.best.trainSeqPerSec).toFixed(3) : null,
  inferRatio: ref ? +(churnkit.inferSeqPerSec / ref.best.inferSeqPerSec).toFixed(3) : null,
  trainGflops: +((churnkit.trainSeqPerSec * flops.train) / 1e9).toFixed(2),
  inferGflops: +((churnkit.inferSeqPerSec * flops.forward) / 1e9).toFixed(2),
};
if (args.json) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const f = (v: number | null) => (v === null ? 'n/a' : v.toLocaleString('en-US'));
  console.log(`workload: ${result.workload}; backend ${backend}; wall clock, same run`);
  console.log(`churnkit fused (1 thread)  train ${f(result.singleThread.trainSeqPerSec)} seq/s  infer ${f(result.singleThread.inferSeqPerSec)} seq/s  (per CPU second: ${f(result.singleThread.trainSeqPerCpuSec)} / ${f(result.singleThread.inferSeqPerCpuSec)})`);
  if (result.workers) console.log(`churnkit fused (${result.workers.count} threads) train ${f(result.workers.trainSeqPerSec)} seq/s  infer ${f(result.workers.inferSeqPerSec)} seq/s`);
  for (const s of result.torchConfigs ?? []) {
    console.log(`PyTorch ${s.config.padEnd(10)} train ${f(Math.round(s.trainSeqPerSec))} seq/s  infer ${f(Math.round(s.inferSeqPerSec))} seq/s  (per CPU second: ${f(Math.round(s.trainSeqPerCpuSec))} / ${f(Math.round(s.inferSeqPerCpuSec))}; CPU/wall ${s.trainCpuPerWall.toFixed(2)} / ${s.inferCpuPerWall.toFixed(2)})`);
  }
  console.log(`per CPU second, 1 thread vs PyTorch's best: train ${result.trainRatioCpu ?? 'n/a'}x  inference ${result.inferRatioCpu ?? 'n/a'}x`);
  console.log(`ratio vs PyTorch's best: train ${result.trainRatio ?? 'n/a'}x  inference ${result.inferRatio ?? 'n/a'}x`);
  console.log(`arithmetic reached: train ${result.trainGflops} GFLOP/s, inference ${result.inferGflops} GFLOP/s`);
}
