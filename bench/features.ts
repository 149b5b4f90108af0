// Events per second for fit + transform of FeaturePipeline.default() on simulated users, for
// the in-memory path and the DuckDB path. Usage:
//   npm run bench:features -- [--users 100000] [--runs 2] [--skip-duckdb]
import { DuckDBInstance } from '@duckdb/node-api';
import { simulatePlatform } from '../src/data/index.js';
import { writeEventsToDuckDB } from '../src/features/duckdb/write-events.js';
import { FeaturePipeline, fromDuckDB } from '../src/features/index.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const users = Number(arg('users', '100000'));
const skipDuckDB = process.argv.includes('--skip-duckdb');
const runs = Number(arg('runs', '2'));
const fmt = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 0 });

let t = performance.now();
const data = await simulatePlatform({ users, seed: 7 });
console.log(`simulated ${fmt(users)} users, ${fmt(data.events.length)} events in ${((performance.now() - t) / 1000).toFixed(1)} s`);
const cutoff = data.cutoff;
const train = data.users.filter((_, i) => i % 5 !== 0).map((u) => u.userId);

/** CPU time of this process in ms: on a shared, busy machine wall time mostly measures the neighbours. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function time<T>(label: string, fn: () => T): T {
  const start = performance.now();
  const cpu = cpuMs();
  const out = fn();
  const ms = performance.now() - start;
  const c = cpuMs() - cpu;
  console.log(`  ${label.padEnd(40)} wall ${ms.toFixed(0).padStart(6)} ms ${fmt(data.events.length / (ms / 1000)).padStart(11)} ev/s | cpu ${c.toFixed(0).padStart(6)} ms ${fmt(data.events.length / (c / 1000)).padStart(11)} ev/s`);
  return out;
}

// Calibration: a loop reading one field of every event object. On a shared, overloaded machine
// this shows how slow the box is right now; the feature figures should be read relative to it.
{
  const cpu = cpuMs();
  let sum = 0;
  for (let i = 0; i < data.events.length; i++) sum += data.events[i].timestamp;
  const c = cpuMs() - cpu;
  console.log(`calibration: reading one field of each event object: ${fmt(data.events.length / (c / 1000))} events/s cpu (${sum > 0 ? 'ok' : ''})`);
  // Writing fresh memory: on some VMs first-touch page faults make this orders of magnitude
  // slower than on bare metal, and every fit/transform must write its columns and outputs.
  const fresh = cpuMs();
  const block = new Float64Array(32 * 1024 * 1024);
  block.fill(1);
  const f = cpuMs() - fresh;
  console.log(`calibration: filling a fresh 256 MB typed array: ${fmt(256 / (f / 1000))} MB/s cpu (${block[7] === 1 ? 'ok' : ''})`);
}
console.log(`in-memory path (node ${process.version}, one thread):`);
for (let run = 1; run <= runs; run++) {
  // A fresh copy of the events array each run so the columnar cache starts cold.
  const fresh = { ...data, events: data.events.slice() };
  const start = performance.now();
  const cpu = cpuMs();
  const pipeline = time(`run ${run}: fit (80% of users)`, () => FeaturePipeline.default().fit(fresh, { cutoff, userIds: train }));
  const fs = time(`run ${run}: transform (all users)`, () => pipeline.transform(fresh, { cutoff }));
  const ms = performance.now() - start;
  const c = cpuMs() - cpu;
  console.log(`  run ${run}: fit + transform wall ${ms.toFixed(0)} ms = ${fmt(fresh.events.length / (ms / 1000))} events/s, cpu ${c.toFixed(0)} ms = ${fmt(fresh.events.length / (c / 1000))} events/s; FeatureSet [${fs.shape.users}, ${fs.shape.steps}, ${fs.shape.sequenceFeatures}] + [${fs.shape.users}, ${fs.shape.staticFeatures}]`);
}
const warm = FeaturePipeline.default().fit(data, { cutoff, userIds: train });
time('transform again (columns cached)', () => warm.transform(data, { cutoff }));

if (!skipDuckDB) {
  console.log('DuckDB path:');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  t = performance.now();
  await writeEventsToDuckDB(connection, data.events, 'events');
  console.log(`  loaded events into DuckDB in ${((performance.now() - t) / 1000).toFixed(1)} s (not counted)`);
  const source = fromDuckDB(connection, { table: 'events', users: data.users, courses: data.courses });
  const start = performance.now();
  const cpu = cpuMs();
  const pipeline = await FeaturePipeline.default().fit(source, { cutoff, userIds: train });
  const fitMs = performance.now() - start;
  const fs = await pipeline.transform(source, { cutoff });
  const ms = performance.now() - start;
  const c = cpuMs() - cpu;
  console.log(`  fit ${fitMs.toFixed(0)} ms, transform ${(ms - fitMs).toFixed(0)} ms; fit + transform wall ${ms.toFixed(0)} ms = ${fmt(data.events.length / (ms / 1000))} events/s (DuckDB uses its own threads; process cpu ${c.toFixed(0)} ms)`);
  const memory = warm.transform(data, { cutoff });
  let diff = 0;
  for (let i = 0; i < memory.statics.length; i++) diff = Math.max(diff, Math.abs(memory.statics[i] - fs.statics[i]));
  for (let i = 0; i < memory.sequences.length; i++) diff = Math.max(diff, Math.abs(memory.sequences[i] - fs.sequences[i]));
  console.log(`  max |in-memory - DuckDB| over the FeatureSet: ${diff.toExponential(2)}`);
  connection.closeSync();
  instance.closeSync();
}
