/**
 * churnkit's DEFAULT Node path against PyTorch on the reference workload — 4,096 sequences × 30 steps
 * × 8 features, LSTM(64) + Dense(1), batch 256, Adam — in one run, wall clock on both sides, 2nd+
 * epochs, median of 3. churnkit's side is ChurnLSTM's real training path and `ChurnLSTM.predict`
 * as a user calls them, with no `useKernelThreads` call: whatever thread count the default picks
 * (Node: 'auto', up to 4 cores) is what runs and is printed. PyTorch (Debian's python3-torch) runs
 * pinned (OMP/OPENBLAS/MKL_NUM_THREADS set before Python starts) and unpinned (set_num_threads only),
 * see bench/train/torch.ts; the ratios use the best PyTorch figure over every configuration.
 * Both sides run back to back in each of `--rounds` rounds (default 3): this VM's speed drifts by tens
 * of percent within minutes, so each round gives its own ratio and the ratios printed are the medians
 * of those (churnkit's and PyTorch's seq/s are medians over rounds too; every round is printed).
 *
 *   npm run bench:train                       # table with ratios
 *   npm run -s bench:train -- --json          # one JSON object
 *   options: --backends wasm,cpu   --cpu-sequences 4096   --no-torch   --rounds 3
 *            --threads 1,2          PyTorch thread counts, each measured pinned and unpinned
 *            --kernel-threads N|auto  call useKernelThreads first (not the default path; for comparison)
 *            --encoder auto|layers|fused   (which RecurrentEncoder ChurnLSTM uses; default auto)
 *
 * Both backends run the reference 4,096 sequences: with the fused kernel and the host ops around it the cpu
 * backend trains and scores ChurnLSTM at about wasm's speed (it used to be ~10× slower and ran 512, whose
 * two batches per epoch made its row read faster than wasm's).
 */
import { currentBackend, preferEncoder, useBackend, useKernelThreads } from '../src/index.js';
import { measureChurnkit, type SideResult, type Workload } from './train/churnkit.js';
import { flopsPerSequence, median } from './train/fused-common.js';
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
const cpuSequences = Number(value('cpu-sequences', '4096'));
const threads = value('threads', '1,2').split(',').map(Number);
const kernelThreadsArg = value('kernel-threads', '');
const rounds = Number(value('rounds', '3'));
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer, got ${value('rounds', '3')}`);

preferEncoder(value('encoder', 'auto'));
if (kernelThreadsArg) await useKernelThreads(kernelThreadsArg === 'auto' ? 'auto' : Number(kernelThreadsArg));
const withTorch = !flag('no-torch') && ensureTorch(say);
const mainBackend = backends.includes('wasm') ? 'wasm' : backends[0];

/**
 * One round: churnkit on every backend, then every PyTorch configuration, back to back. The VM's
 * speed drifts by tens of percent within minutes (other tenants), so the two sides are compared
 * round by round and the ratios reported are the medians of the per-round ratios.
 */
interface Round {
  readonly churnkit: Record<string, SideResult>;
  readonly torch: TorchConfigResult[];
  readonly trainRatio: number;
  readonly inferRatio: number;
}
const roundResults: Round[] = [];
for (let r = 0; r < rounds; r++) {
  const churnkit: Record<string, SideResult> = {};
  const measure = async (backend: string) => {
    await useBackend(backend);
    const n = backend === 'cpu' ? cpuSequences : workload.sequences;
    say(`round ${r + 1}/${rounds}: churnkit on ${currentBackend()}: ${n} sequences × ${workload.steps} × ${workload.features}, LSTM(${workload.units}), batch ${workload.batchSize}…`);
    churnkit[backend] = await measureChurnkit(workload, n);
  };
  // The ratios pair the main backend with PyTorch, measured right after it; other backends run in
  // the first round only, after PyTorch, so they never stand between the two.
  await measure(mainBackend);
  const torch = withTorch ? measureTorchConfigs({ ...workload, inferBatch: workload.batchSize }, threads, threads, say) : [];
  if (r === 0) for (const backend of backends.filter((b) => b !== mainBackend)) await measure(backend);
  const best = torchBest(torch);
  const mine = churnkit[mainBackend];
  roundResults.push({ churnkit, torch, trainRatio: mine.trainSeqPerSec / best.trainSeqPerSec, inferRatio: mine.inferSeqPerSec / best.inferSeqPerSec });
}

/** Median of the finite values (NaN when there are none, e.g. PyTorch figures under --no-torch). */
const med = (xs: number[]) => {
  const finite = xs.filter(Number.isFinite);
  return finite.length > 0 ? median(finite) : Number.NaN;
};
const medianSide = (backend: string): SideResult => {
  const sides = roundResults.map((x) => x.churnkit[backend]).filter((x): x is SideResult => x !== undefined);
  return {
    ...sides[sides.length - 1],
    trainSeqPerSec: med(sides.map((x) => x.trainSeqPerSec)),
    inferSeqPerSec: med(sides.map((x) => x.inferSeqPerSec)),
    trainCpuPerWall: med(sides.map((x) => x.trainCpuPerWall)),
    inferCpuPerWall: med(sides.map((x) => x.inferCpuPerWall)),
  };
};
const results: Record<string, SideResult> = Object.fromEntries(backends.map((b) => [b, medianSide(b)]));
const torch = roundResults.flatMap((x) => x.torch);
const bestPerRound = roundResults.map((x) => torchBest(x.torch));
const best = { trainSeqPerSec: med(bestPerRound.map((b) => b.trainSeqPerSec)), inferSeqPerSec: med(bestPerRound.map((b) => b.inferSeqPerSec)) };
const main = results[mainBackend];
const flops = flopsPerSequence(workload.steps, workload.features, workload.units);
const round = (v: number, d = 0) => (Number.isFinite(v) ? +v.toFixed(d) : null);
const out = {
  backend: mainBackend,
  encoder: main.encoder,
  kernelThreads: main.kernelThreads,
  kernelThreadsSource: kernelThreadsArg ? `useKernelThreads(${kernelThreadsArg})` : 'default',
  workload,
  rounds,
  // Medians over rounds; the ratios are medians of each round's ratio (both sides measured back to back).
  churnkitTrainSeqPerSec: round(main.trainSeqPerSec),
  churnkitInferSeqPerSec: round(main.inferSeqPerSec),
  torchTrainSeqPerSec: round(best.trainSeqPerSec),
  torchInferSeqPerSec: round(best.inferSeqPerSec),
  trainRatio: round(med(roundResults.map((x) => x.trainRatio)), 3),
  inferRatio: round(med(roundResults.map((x) => x.inferRatio)), 3),
  // The LSTM's arithmetic per sequence (forward; training ≈ 3× forward) times sequences per second.
  gflops: { train: round((main.trainSeqPerSec * flops.train) / 1e9, 2), infer: round((main.inferSeqPerSec * flops.forward) / 1e9, 2) },
  perRound: roundResults.map((x) => ({
    churnkitTrainSeqPerSec: round(x.churnkit[mainBackend].trainSeqPerSec),
    churnkitInferSeqPerSec: round(x.churnkit[mainBackend].inferSeqPerSec),
    torchTrainSeqPerSec: round(torchBest(x.torch).trainSeqPerSec),
    torchInferSeqPerSec: round(torchBest(x.torch).inferSeqPerSec),
    trainRatio: round(x.trainRatio, 3),
    inferRatio: round(x.inferRatio, 3),
    // Under ~2 while churnkit's threads both run: lower marks a spell when the VM took part of a vCPU.
    churnkitTrainCpuPerWall: round(x.churnkit[mainBackend].trainCpuPerWall, 2),
  })),
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
    console.log(`| churnkit ${name} (${s.encoder} encoder, ${s.kernelThreads} kernel thread(s)), median | ${s.sequences} | ${f(s.trainSeqPerSec)} | ${f(s.inferSeqPerSec)} | ${c(s.trainCpuPerWall)} / ${c(s.inferCpuPerWall)} | ${r(s.trainSeqPerSec / best.trainSeqPerSec)} | ${r(s.inferSeqPerSec / best.inferSeqPerSec)} |`);
  }
  for (const t of torch) {
    console.log(`| PyTorch ${t.config} (${t.osThreads ?? '?'} OS threads) | ${workload.sequences} | ${f(t.trainSeqPerSec)} | ${f(t.inferSeqPerSec)} | ${c(t.trainCpuPerWall)} / ${c(t.inferCpuPerWall)} | | |`);
  }
  console.log('\n| round | churnkit train / inference seq/s | churnkit CPU s per wall s (train) | PyTorch best train / inference | ratio train / inference |');
  console.log('|---:|---:|---:|---:|---:|');
  out.perRound.forEach((x, i) => console.log(`| ${i + 1} | ${f(x.churnkitTrainSeqPerSec ?? NaN)} / ${f(x.churnkitInferSeqPerSec ?? NaN)} | ${(x.churnkitTrainCpuPerWall ?? NaN).toFixed(2)} | ${f(x.torchTrainSeqPerSec ?? NaN)} / ${f(x.torchInferSeqPerSec ?? NaN)} | ${r(x.trainRatio ?? NaN)} / ${r(x.inferRatio ?? NaN)} |`));
  console.log(`\nchurnkit figures are medians over ${rounds} round(s); PyTorch's is its best configuration per round, median over rounds (train ${f(best.trainSeqPerSec)}, inference ${f(best.inferSeqPerSec)} seq/s).`);
  console.log(`Ratios: medians of the per-round ratios, train ${r(out.trainRatio ?? NaN)}, inference ${r(out.inferRatio ?? NaN)}.`);
  console.log(`churnkit arithmetic: train ${out.gflops.train} GFLOP/s, inference ${out.gflops.infer} GFLOP/s (LSTM only).`);
}
