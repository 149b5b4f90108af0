// The seed document's case: a paid-knowledge platform of 5,000 users, of which 1,000 are sampled.
// Simulates the platform, samples 1,000 users, labels them at the cutoff with both churn definitions,
// and prints churn and renewal rates next to the oracle AUC (the simulator's true probabilities given
// each user's log before the cutoff: the best any model reading the log can reach).
//
//   npx tsx examples/sample-platform.ts [seed]
import { alignLabels, labelUsers, Metrics, simulatePlatform, splitByUser } from '../src/index.js';

const seed = Number(process.argv[2] ?? 42);
const platform = await simulatePlatform({ users: 5000, seed });
const { cutoff, horizonDays, truth } = platform;

// A 1,000-user sample (20%), drawn by user so each sampled user keeps all their events.
const sample = splitByUser(platform.users.map((u) => u.userId), { testFraction: 0.2, seed }).test;
const inSample = new Set(sample);
const events = platform.events.filter((e) => inSample.has(e.userId));

const activity = labelUsers(events, { cutoff, horizonDays, definition: 'activity' });
const subscription = labelUsers(events, { cutoff, horizonDays, definition: 'subscription' });
const ids = activity.map((l) => l.userId);
const { churn, renew } = alignLabels(ids, activity);
const churnProbability = ids.map((id) => truth.get(id)!.churnProbability);
const expiring = ids.flatMap((id, i) => (Number.isNaN(renew[i]) ? [] : [i]));

const mean = (xs: ArrayLike<number>) => Array.from(xs).reduce((s, x) => s + x, 0) / xs.length;
const subscriptionIds = subscription.map((l) => l.userId);
const report = {
  platform: { users: platform.users.length, courses: platform.courses.length, events: platform.events.length, cutoff: new Date(cutoff).toISOString(), horizonDays },
  sample: { users: sample.length, events: events.length, labelled: activity.length },
  activity: {
    churnRate: round(mean(churn)),
    oracleAuc: round(Metrics.rocAuc(churn, churnProbability)),
  },
  renewal: {
    membershipsExpiringInHorizon: expiring.length,
    renewRate: round(mean(expiring.map((i) => renew[i]))),
    oracleAuc: round(Metrics.rocAuc(expiring.map((i) => renew[i]), expiring.map((i) => truth.get(ids[i])!.renewProbability!))),
  },
  subscription: {
    labelled: subscription.length,
    churnRate: round(mean(subscription.map((l) => l.churn))),
    oracleAuc: round(Metrics.rocAuc(subscription.map((l) => l.churn), subscriptionIds.map((id) => 1 - (truth.get(id)!.renewProbability ?? 1)))),
  },
};
console.log(JSON.stringify(report, null, 2));

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
