// Runs every benchmark in turn, each in its own Node process so their memory and JIT state do not
// mix. Pass `--quick` for smaller workloads. Each bench prints its own figures.
import { spawnSync } from 'node:child_process';

const quick = process.argv.includes('--quick');
const benches: [string, string[]][] = [
  ['bench/features.ts', quick ? ['--users', '20000'] : []],
  ['bench/data-roundtrip.ts', quick ? ['--users', '50000'] : []],
  ['bench/train.ts', []],
  ['bench/train-fused.ts', []],
  ['bench/score-1m.ts', quick ? ['--users', '100000'] : []],
];

let failed = 0;
for (const [file, args] of benches) {
  console.log(`\n=== ${file} ${args.join(' ')}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file, ...args], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.log(`!!! ${file} exited with ${r.status}`);
  }
}
process.exit(failed ? 1 : 0);
