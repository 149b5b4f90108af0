/** Shared pieces of the fused-kernel benches: the reference workload, its data, and argument parsing. */

/** The reference workload of issue 8. */
export const REFERENCE = { N: 4096, T: 30, F: 8, U: 64, BATCH: 256, INFER_BATCH: 512 } as const;

/** Parsed command line of bench/train-fused.ts. */
export interface BenchArgs {
  json: boolean;
  backend: string;
  epochs: number;
  /** Threads for the data-parallel run (1 = single-thread only). */
  workers: number;
  torchThreads: string;
  torch: boolean;
}

/** Parses `--json --backend wasm --epochs 3 --threads 2 --torch-threads 1,2 --no-torch`. */
export function benchArgs(argv: string[]): BenchArgs {
  const value = (name: string, fallback: string): string => {
    const i = argv.indexOf(name);
    return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
  };
  return {
    json: argv.includes('--json'),
    backend: value('--backend', 'wasm'),
    epochs: Number(value('--epochs', '3')),
    workers: Number(value('--threads', '2')),
    torchThreads: value('--torch-threads', '1,2'),
    torch: !argv.includes('--no-torch'),
  };
}

/** Deterministic uniform data: x in [-1, 1), 30% positives, full masks (PyTorch has no masking). */
export function referenceData(seed = 1): { x: Float32Array; y: Float32Array; mask: Float32Array } {
  const { N, T, F } = REFERENCE;
  let s = seed >>> 0;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const x = new Float32Array(N * T * F).map(() => next() * 2 - 1);
  const y = new Float32Array(N).map(() => (next() < 0.3 ? 1 : 0));
  const mask = new Float32Array(N * T).fill(1);
  return { x, y, mask };
}

/** Floating-point operations per sequence of one LSTM layer: forward, and forward + backward (~3x). */
export function flopsPerSequence(T: number, F: number, U: number): { forward: number; train: number } {
  const forward = T * (2 * F * 4 * U + 2 * U * 4 * U);
  return { forward, train: 3 * forward };
}

/** Median of a non-empty list. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  // Even counts average the two middle values: taking the upper one would favour the higher of two ratios.
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
