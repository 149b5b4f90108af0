// Events per second for fit + transform of FeaturePipeline.default() on simulated users, on three
// inputs: events packed in EventColumns (the fast in-memory path), events as objects (packing
// included, cold), and events held in DuckDB. Usage:
//   npm run bench:features -- [--users 100000] [--runs 3] [--skip-duckdb] [--skip-objects]
// The script runs with --expose-gc so that garbage left by the simulator is collected before the
// timed sections instead of inside them.
import { DuckDBInstance } from '@duckdb/node-api';
import { EventColumns, simulatePlatform, type PlatformEvent } from '../src/data/index.js';
import { writeEventsToDuckDB } from '../src/features/duckdb/write-events.js';
import { FeaturePipeline, fromDuckDB } from '../src/features/index.js';
import { dropPooledMemory } from '../src/features/tables/arena.js';
import { median } from './train/fused-common.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const users = Number(arg('users', '100000'));
const skipDuckDB = process.argv.includes('--skip-duckdb');
const skipObjects = process.argv.includes('--skip-objects');
const runs = Number(arg('runs', '3'));
const fmt = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** CPU time of this process in ms (all threads: V8's GC helpers count too). */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

let t = performance.now();
const simulated = await simulatePlatform({ users, seed: 7 });
const { cutoff, users: userRecords, courses } = simulated;
// The only reference to the event objects, dropped once they are packed.
let events: readonly PlatformEvent[] = simulated.events;
const eventCount = events.length;
const sim = { users: userRecords, courses };
console.log(`simulated ${fmt(users)} users, ${fmt(eventCount)} events in ${((performance.now() - t) / 1000).toFixed(1)} s (node ${process.version}, one thread)`);
const train = sim.users.filter((_, i) => i % 5 !== 0).map((u) => u.userId);

function time<T>(label: string, fn: () => T): { out: T; ms: number; cpu: number } {
  const start = performance.now();
  const cpu = cpuMs();
  const out = fn();
  const ms = performance.now() - start;
  const c = cpuMs() - cpu;
  console.log(`  ${label.padEnd(44)} wall ${ms.toFixed(0).padStart(6)} ms ${fmt(eventCount / (ms / 1000)).padStart(11)} ev/s | cpu ${c.toFixed(0).padStart(6)} ms ${fmt(eventCount / (c / 1000)).padStart(11)} ev/s`);
  return { out, ms, cpu: c };
}

// How fast this machine touches fresh memory right now: every fit and transform writes its
// tables and columns, and on some VMs a fresh page costs far more than the arithmetic on it.
{
  const fresh = cpuMs();
  const block = new Float64Array(32 * 1024 * 1024);
  block.fill(1);
  const f = cpuMs() - fresh;
  console.log(`calibration: filling a fresh 256 MB typed array: ${fmt(256 / (f / 1000))} MB/s cpu (${block[7] === 1 ? 'ok' : ''})`);
}

if (!skipDuckDB) {
  console.log('DuckDB path:');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  t = performance.now();
  await writeEventsToDuckDB(connection, events, 'events');
  console.log(`  loaded events into DuckDB in ${((performance.now() - t) / 1000).toFixed(1)} s (not counted)`);
  const source = fromDuckDB(connection, { table: 'events', users: sim.users, courses: sim.courses });
  const start = performance.now();
  const cpu = cpuMs();
  const pipeline = await FeaturePipeline.default().fit(source, { cutoff, userIds: train });
  const fitMs = performance.now() - start;
  const fs = await pipeline.transform(source, { cutoff });
  const ms = performance.now() - start;
  const c = cpuMs() - cpu;
  console.log(`  fit ${fitMs.toFixed(0)} ms, transform ${(ms - fitMs).toFixed(0)} ms; fit + transform wall ${ms.toFixed(0)} ms = ${fmt(eventCount / (ms / 1000))} events/s (DuckDB uses its own threads; process cpu ${c.toFixed(0)} ms)`);
  const memory = pipeline.transform({ users: sim.users, courses: sim.courses, events }, { cutoff });
  let diff = 0;
  for (let i = 0; i < memory.statics.length; i++) diff = Math.max(diff, Math.abs(memory.statics[i] - fs.statics[i]));
  for (let i = 0; i < memory.sequences.length; i++) diff = Math.max(diff, Math.abs(memory.sequences[i] - fs.sequences[i]));
  console.log(`  max |in-memory - DuckDB| over the FeatureSet: ${diff.toExponential(2)}`);
  connection.closeSync();
  instance.closeSync();
}

if (!skipObjects) {
  console.log('events as objects (cold: includes packing them, ~once per events array):');
  // A fresh copy of the array so the packing cache starts cold.
  const data = { users: sim.users, courses: sim.courses, events: events.slice() };
  gc();
  const start = performance.now();
  const cpu = cpuMs();
  const pipeline = time('fit (80% of users)', () => FeaturePipeline.default().fit(data, { cutoff, userIds: train })).out;
  time('transform (all users)', () => pipeline.transform(data, { cutoff }));
  const ms = performance.now() - start;
  const c = cpuMs() - cpu;
  console.log(`  fit + transform wall ${ms.toFixed(0)} ms = ${fmt(eventCount / (ms / 1000))} events/s, cpu ${c.toFixed(0)} ms = ${fmt(eventCount / (c / 1000))} events/s`);
}

console.log('EventColumns (the fast in-memory path):');
const packed = time('pack: EventColumns.from(events) (once)', () => EventColumns.from(events)).out;
const data = { users: sim.users, courses: sim.courses, events: packed };
// Only the packed form stays alive from here on, as in an application that packs once.
events = [];
(simulated as { events: unknown }).events = [];
// Run 1 starts cold, as the first call of a fresh process would: no memory pooled by the
// sections above. Later runs reuse the buffers earlier runs gave back.
dropPooledMemory();
gc();
const figures: number[] = [];
const cpuFigures: number[] = [];
for (let run = 1; run <= runs; run++) {
  const start = performance.now();
  const cpu = cpuMs();
  const pipeline = time(`run ${run}: fit (80% of users)`, () => FeaturePipeline.default().fit(data, { cutoff, userIds: train })).out;
  const fs = time(`run ${run}: transform (all users)`, () => pipeline.transform(data, { cutoff })).out;
  const ms = performance.now() - start;
  const c = cpuMs() - cpu;
  figures.push(eventCount / (ms / 1000));
  cpuFigures.push(eventCount / (c / 1000));
  console.log(`  run ${run}: fit + transform wall ${ms.toFixed(0)} ms = ${fmt(eventCount / (ms / 1000))} events/s, cpu ${c.toFixed(0)} ms = ${fmt(eventCount / (c / 1000))} events/s; FeatureSet [${fs.shape.users}, ${fs.shape.steps}, ${fs.shape.sequenceFeatures}] + [${fs.shape.users}, ${fs.shape.staticFeatures}]`);
}
console.log(`EventColumns fit + transform, median of ${runs}: ${fmt(median(figures))} events/s wall, ${fmt(median(cpuFigures))} events/s cpu (target 2,000,000 on one core)`);
