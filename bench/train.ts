/**
 * Training and inference speed on the reference workload — 4,096 sequences × 30 steps × 8 features,
 * LSTM(64) + Dense(1), batch 256, Adam — for each tfjs backend available in Node, against the same
 * model in PyTorch (Debian's python3-torch) at 1 and 2 threads, in the same run, wall clock on both
 * sides, 2nd+ epochs, median of 3.
 *
 *   npm run bench:train                       # table with ratios
 *   npm run -s bench:train -- --json          # one JSON object
 *   options: --backends wasm,cpu  --cpu-sequences 512  --no-torch  --threads 1,2
 *            --encoder auto|layers|fused   (which RecurrentEncoder ChurnLSTM uses; default auto)
 *
 * churnkit's side is ChurnLSTM's real training path (with its small fusion layer between the LSTM
 * and the head); the cpu backend is ~10× slower than wasm, so by default it runs on 512 sequences.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { currentBackend, preferEncoder, useBackend } from '../src/index.js';
import { measureChurnkit, type SideResult, type Workload } from './train/churnkit.js';

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
const PYTHON = '/usr/bin/python3';

interface TorchResult {
  threads: number;
  trainSeqPerSec: number;
  inferSeqPerSec: number;
}

function ensureTorch(): boolean {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status === 0) return true;
  say('python3-torch is missing; installing it with apt-get (needs root)…');
  const install = spawnSync('apt-get', ['install', '-y', 'python3-torch'], { stdio: json ? 'ignore' : 'inherit' });
  return install.status === 0 && spawnSync(PYTHON, ['-c', 'import torch']).status === 0;
}

function measureTorch(n: number): TorchResult | undefined {
  const script = fileURLToPath(new URL('./train/torch_side.py', import.meta.url));
  const w = workload;
  const run = spawnSync(PYTHON, [script, String(n), String(w.sequences), String(w.steps), String(w.features), String(w.units), String(w.batchSize), String(w.epochs), String(w.inferRepeats)], { encoding: 'utf8' });
  if (run.status !== 0) {
    say(`torch (${n} threads) failed: ${run.stderr.split('\n').slice(-3).join(' ')}`);
    return undefined;
  }
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as TorchResult;
}

preferEncoder(value('encoder', 'auto'));
const results: Record<string, SideResult> = {};
for (const backend of backends) {
  await useBackend(backend);
  const n = backend === 'cpu' ? cpuSequences : workload.sequences;
  say(`churnkit on ${currentBackend()}: ${n} sequences × ${workload.steps} × ${workload.features}, LSTM(${workload.units}), batch ${workload.batchSize}…`);
  results[backend] = await measureChurnkit(workload, n);
}

const torch: TorchResult[] = [];
if (!flag('no-torch') && existsSync(PYTHON) && ensureTorch()) {
  for (const t of threads) {
    say(`PyTorch, ${t} thread(s)…`);
    const r = measureTorch(t);
    if (r) torch.push(r);
  }
}
const bestTrain = torch.length ? Math.max(...torch.map((t) => t.trainSeqPerSec)) : Number.NaN;
const bestInfer = torch.length ? Math.max(...torch.map((t) => t.inferSeqPerSec)) : Number.NaN;
const main = results.wasm ?? Object.values(results)[0];
const mainBackend = results.wasm ? 'wasm' : backends[0];
const out = {
  backend: mainBackend,
  encoder: main.encoder,
  workload,
  churnkitTrainSeqPerSec: main.trainSeqPerSec,
  churnkitInferSeqPerSec: main.inferSeqPerSec,
  torchTrainSeqPerSec: bestTrain,
  torchInferSeqPerSec: bestInfer,
  trainRatio: main.trainSeqPerSec / bestTrain,
  inferRatio: main.inferSeqPerSec / bestInfer,
  backends: results,
  torch,
};

if (json) {
  console.log(JSON.stringify(out));
} else {
  const f = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '—');
  const r = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '—');
  console.log('\n| system | sequences | train seq/s | inference seq/s | train vs PyTorch | inference vs PyTorch |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [name, s] of Object.entries(results)) {
    console.log(`| churnkit ${name} (${s.encoder} encoder) | ${s.sequences} | ${f(s.trainSeqPerSec)} | ${f(s.inferSeqPerSec)} | ${r(s.trainSeqPerSec / bestTrain)} | ${r(s.inferSeqPerSec / bestInfer)} |`);
  }
  for (const t of torch) console.log(`| PyTorch, ${t.threads} thread(s) | ${workload.sequences} | ${f(t.trainSeqPerSec)} | ${f(t.inferSeqPerSec)} | | |`);
  console.log(`\nRatios use PyTorch's better thread count (train ${f(bestTrain)}, inference ${f(bestInfer)} seq/s).`);
}
