/**
 * churnkit's DEFAULT Node path against PyTorch on the reference workload — 4,096 sequences × 30 steps
 * × 8 features, LSTM(64) + Dense(1), batch 256, Adam — in one run, wall clock on both sides, 2nd+
 * epochs, median of 3. churnkit's side is ChurnLSTM's real training path and `ChurnLSTM.predict`
 * as a user calls them, with no `useKernelThreads` call: whatever thread count the default picks
 * (Node: 'auto', up to 4 cores) is what runs and is printed. PyTorch (Debian's python3-torch) runs
 * pinned (OMP/OPENBLAS/MKL_NUM_THREADS set before Python starts) and unpinned (set_num_threads only),
 * see bench/train/torch.ts; the ratios use the best PyTorch figure over every configuration.
 *
 *   npm run bench:train                       # table with ratios
 *   npm run -s bench:train -- --json          # one JSON object
 *   options: --backends wasm,cpu   --cpu-sequences 512   --no-torch
 *            --threads 1,2          PyTorch thread counts, each measured pinned and unpinned
 *            --kernel-threads N|auto  call useKernelThreads first (not the default path; for comparison)
 *            --encoder auto|layers|fused   (which RecurrentEncoder ChurnLSTM uses; default auto)
 *
 * The cpu backend is ~10× slower than wasm, so by default it runs on 512 sequences.
 */
import { currentBackend, preferEncoder, useBackend, useKernelThreads } from '../src/index.js';
import { measureChurnkit, type SideResult, type Workload } from './train/churnkit.js';
import { flopsPerSequence } from './train/fused-common.js';
import { ensureTorch, measureTorchConfigs, torchBest, type TorchConfigResult } from './train/torch.js';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const value = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const json = flag('json');
const say = (s: string) => {
  if (!json) console.log(s);
};

const workload: Workload = { sequences: 4096, steps: 30, features: 8, units: 64, batchSize: 256, epochs: 4, inferRepeats: 3 };
const backends = value('backends', 'wasm,cpu').split(',').filter(Boolean);
const cpuSequences = Number(value('cpu-sequences', '512'));
const threads = value('threads', '1,2').split(',').map(Number);
const kernelThreadsArg = value('kernel-threads', '');

preferEncoder(value('encoder', 'auto'));
if (kernelThreadsArg) await useKernelThreads(kernelThreadsArg === 'auto' ? 'auto' : Number(kernelThreadsArg));
const results: Record<string, SideResult> = {};
for (const backend of backends) {
  await useBackend(backend);
  const n = backend === 'cpu' ? cpuSequences : workload.sequences;
  say(`churnkit on ${currentBackend()}: ${n} sequences × ${workload.steps} × ${workload.features}, LSTM(${workload.units}), batch ${workload.batchSize}…`);
  results[backend] = await measureChurnkit(workload, n);
}

let torch: TorchConfigResult[] = [];
if (!flag('no-torch') && ensureTorch(say)) {
  torch = measureTorchConfigs({ ...workload, inferBatch: workload.batchSize }, threads, threads, say);
}
const best = torchBest(torch);
const main = results.wasm ?? Object.values(results)[0];
const mainBackend = results.wasm ? 'wasm' : backends[0];
const flops = flopsPerSequence(workload.steps, workload.features, workload.units);
const round = (v: number, d = 0) => (Number.isFinite(v) ? +v.toFixed(d) : null);
const out = {
  backend: mainBackend,
  encoder: main.encoder,
  kernelThreads: main.kernelThreads,
  kernelThreadsSource: kernelThreadsArg ? `useKernelThreads(${kernelThreadsArg})` : 'default',
  workload,
  churnkitTrainSeqPerSec: round(main.trainSeqPerSec),
  churnkitInferSeqPerSec: round(main.inferSeqPerSec),
  torchTrainSeqPerSec: round(best.trainSeqPerSec),
  torchInferSeqPerSec: round(best.inferSeqPerSec),
  trainRatio: round(main.trainSeqPerSec / best.trainSeqPerSec, 3),
  inferRatio: round(main.inferSeqPerSec / best.inferSeqPerSec, 3),
  // The LSTM's arithmetic per sequence (forward; training ≈ 3× forward) times sequences per second.
  gflops: { train: round((main.trainSeqPerSec * flops.train) / 1e9, 2), infer: round((main.inferSeqPerSec * flops.forward) / 1e9, 2) },
  backends: results,
  torchConfigs: torch,
};

if (json) {
  console.log(JSON.stringify(out));
} else {
  const f = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '—');
  const r = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '—');
  const c = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '—');
  console.log('\n| system | sequences | train seq/s | inference seq/s | CPU s per wall s (train / infer) | train vs PyTorch | inference vs PyTorch |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const [name, s] of Object.entries(results)) {
    console.log(`| churnkit ${name} (${s.encoder} encoder, ${s.kernelThreads} kernel thread(s)) | ${s.sequences} | ${f(s.trainSeqPerSec)} | ${f(s.inferSeqPerSec)} | ${c(s.trainCpuPerWall)} / ${c(s.inferCpuPerWall)} | ${r(s.trainSeqPerSec / best.trainSeqPerSec)} | ${r(s.inferSeqPerSec / best.inferSeqPerSec)} |`);
  }
  for (const t of torch) {
    console.log(`| PyTorch ${t.config} (${t.osThreads ?? '?'} OS threads) | ${workload.sequences} | ${f(t.trainSeqPerSec)} | ${f(t.inferSeqPerSec)} | ${c(t.trainCpuPerWall)} / ${c(t.inferCpuPerWall)} | | |`);
  }
  console.log(`\nRatios use PyTorch's best over all configurations (train ${f(best.trainSeqPerSec)}, inference ${f(best.inferSeqPerSec)} seq/s).`);
  console.log(`churnkit arithmetic: train ${out.gflops.train} GFLOP/s, inference ${out.gflops.infer} GFLOP/s (LSTM only).`);
}
