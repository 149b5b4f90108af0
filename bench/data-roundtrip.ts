// Round trip of a large simulated log: simulate N users and write them to NDJSON (and Parquet), then read
// them back through streamEvents, the constant-memory path of readEvents. Prints events/s each way and the
// process's peak RSS, and fails (exit code 1) if the peak reaches 1 GB.
//
//   npm run bench:data -- --users 1000000 --formats ndjson,parquet --dir /tmp
import { rm, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { streamEvents, writeSimulatedPlatform, type WriteFormat } from '../src/data/index.js';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '1000000' },
    formats: { type: 'string', default: 'ndjson,parquet' },
    dir: { type: 'string' },
    seed: { type: 'string', default: '7' },
    keep: { type: 'boolean', default: false },
  },
});
const users = Number(values.users);
const formats = values.formats!.split(',') as WriteFormat[];
const dir = values.dir ?? (await mkdtemp('/tmp/churnkit-bench-'));
const LIMIT_BYTES = 1024 ** 3;

function rssMB(): number {
  // maxRSS is in kilobytes.
  return process.resourceUsage().maxRSS / 1024;
}
function rate(n: number, ms: number): string {
  return `${Math.round(n / (ms / 1000)).toLocaleString('en-US')} events/s`;
}
// CPU time of this process (main thread plus DuckDB's threads), so figures can be compared across a busy box.
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
function cpuRate(n: number, ms: number): string {
  return `${Math.round(n / (ms / 1000)).toLocaleString('en-US')} events per CPU-second`;
}

const { loadavg } = await import('node:os');
console.log(`churnkit data round trip: ${users.toLocaleString('en-US')} users, formats ${formats.join(', ')}, dir ${dir}; load average ${loadavg()[0].toFixed(1)}`);
let failed = false;
for (const format of formats) {
  const path = join(dir, `events-${users}.${format}`);
  let t = performance.now();
  let cpu = cpuMs();
  const written = await writeSimulatedPlatform({
    users,
    seed: Number(values.seed),
    path,
    format,
    onProgress: (p) => {
      if (p.users % 100_000 === 0) console.log(`  … ${p.users.toLocaleString('en-US')} users, ${p.events.toLocaleString('en-US')} events, peak RSS ${rssMB().toFixed(0)} MB`);
    },
  });
  const writeMs = performance.now() - t;
  const writeCpu = cpuMs() - cpu;
  console.log(
    `${format} write (simulate + write): ${written.events.toLocaleString('en-US')} events, ${(written.bytes / 1024 ** 2).toFixed(0)} MiB in ${(writeMs / 1000).toFixed(1)} s = ${rate(written.events, writeMs)} (${cpuRate(written.events, writeCpu)}); peak RSS so far ${rssMB().toFixed(0)} MB`,
  );

  t = performance.now();
  cpu = cpuMs();
  let accepted = 0;
  let last = { read: 0, accepted: 0, rejected: 0, duplicates: 0, unsorted: 0 };
  let nextReport = 1_000_000;
  const onProgress = (s: { read: number }) => {
    if (s.read >= nextReport) {
      nextReport += 1_000_000;
      console.log(`  … read ${s.read.toLocaleString('en-US')} events, peak RSS ${rssMB().toFixed(0)} MB`);
    }
  };
  for await (const batch of streamEvents(path, { mode: 'lenient', now: Infinity, keepRaw: false, onProgress })) {
    accepted += batch.events.length;
    last = batch.stats;
  }
  const readMs = performance.now() - t;
  const readCpu = cpuMs() - cpu;
  console.log(
    `${format} read (streamEvents, validated): ${last.read.toLocaleString('en-US')} read, ${last.accepted.toLocaleString('en-US')} accepted, ${last.rejected} rejected (${last.duplicates} duplicates) in ${(readMs / 1000).toFixed(1)} s = ${rate(last.read, readMs)} (${cpuRate(last.read, readCpu)}); peak RSS so far ${rssMB().toFixed(0)} MB`,
  );
  if (last.read !== written.events || accepted !== last.accepted || last.read !== last.accepted + last.rejected) {
    console.log(`FAIL: counts do not reconcile (written ${written.events}, read ${last.read}, accepted ${accepted})`);
    failed = true;
  }
  if (!values.keep) await rm(path, { force: true });
}
const peak = process.resourceUsage().maxRSS * 1024;
const ok = peak < LIMIT_BYTES;
console.log(`peak RSS ${(peak / 1024 ** 2).toFixed(0)} MB: ${ok ? 'OK' : 'FAIL'} (< 1024 MB)`);
if (!values.dir && !values.keep) await rm(dir, { recursive: true, force: true });
if (!ok || failed) process.exitCode = 1;
