// A behaviour log too large to hold as event objects. It simulates users straight to NDJSON on
// disk, in constant memory. Then it packs the log with EventColumns.fromStream(streamEvents(file)),
// which holds only one batch of event objects at a time. From the packed log it labels users and
// fits FeaturePipeline.default() on 80% of them, then transforms everyone. It prints one JSON
// object: the counts that reconcile (read = accepted + rejected; packed = accepted), the time of
// each stage, the feature shape and peak memory.
//
//   npm run example:large-log -- [--users 200000] [--seed 7] [--dir .tmp/large-log]
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  EventColumns, FeaturePipeline, labelUsers, readCourses, readUsers, splitByUser, streamEvents, writeSimulatedPlatform,
} from '../src/index.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
};
const userCount = Number(arg('users', '200000'));
const seed = Number(arg('seed', '7'));
const dir = arg('dir', '.tmp/large-log');
await mkdir(dir, { recursive: true });

let peakRss = 0;
const sampleRss = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 100);
const seconds = (since: number) => Math.round((performance.now() - since) / 10) / 100;

let t = performance.now();
const written = await writeSimulatedPlatform({
  users: userCount, seed, path: join(dir, 'events.ndjson'), usersPath: join(dir, 'users.ndjson'), coursesPath: join(dir, 'courses.ndjson'),
});
const writeSeconds = seconds(t);

t = performance.now();
const { users } = await readUsers(join(dir, 'users.ndjson'), { mode: 'strict' });
const { courses } = await readCourses(join(dir, 'courses.ndjson'), { mode: 'strict' });
const { events, rejects, stats } = await EventColumns.fromStream(streamEvents(written.path, { mode: 'lenient' }));
const packSeconds = seconds(t);

const { cutoff, horizonDays } = written;
t = performance.now();
const labels = labelUsers(events, { cutoff, horizonDays, definition: 'subscription' }); // iterates the packed log
const { train } = splitByUser(labels.map((l) => l.userId), { testFraction: 0.2, seed });
const labelSeconds = seconds(t);

t = performance.now();
const data = { users, courses, events };
const pipeline = FeaturePipeline.default().fit(data, { cutoff, userIds: train });
const features = pipeline.transform(data, { cutoff, userIds: labels.map((l) => l.userId) });
const featureSeconds = seconds(t);
clearInterval(sampleRss);
peakRss = Math.max(peakRss, process.memoryUsage().rss);

console.log(JSON.stringify({
  users: userCount,
  eventsWritten: written.events,
  read: stats.read,
  accepted: stats.accepted,
  rejected: stats.rejected,
  rejectsKept: rejects.length,
  packed: events.length,
  reconciles: stats.read === stats.accepted + stats.rejected && events.length === stats.accepted && stats.read === written.events,
  labelled: labels.length,
  churnRate: Math.round((labels.filter((l) => l.churn === 1).length / labels.length) * 1000) / 1000,
  features: features.shape,
  seconds: { write: writeSeconds, readAndPack: packSeconds, label: labelSeconds, fitAndTransform: featureSeconds },
  fitAndTransformEventsPerSecond: Math.round(events.length / featureSeconds),
  peakRssMB: Math.round(peakRss / 2 ** 20),
}));
