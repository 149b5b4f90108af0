import { beforeAll, describe, expect, it } from 'vitest';
import {
  ChurnLSTM,
  FeaturePipeline,
  LogisticBaseline,
  MLPBaseline,
  Metrics,
  Trainer,
  alignLabels,
  labelUsers,
  simulatePlatform,
  splitByUser,
  useBackend,
  type PlatformData,
  type TrainableModel,
} from '../../src/index.js';

// The quickstart's pipeline on a small simulated platform: ChurnLSTM against the oracle (the
// simulator's true churn probability) and both baselines, on held-out users. The 20,000-user
// figures are in .notes/models-training.md (npm run quickstart -- --users 20000).
const USERS = 2500;
const SEED = 7;

const result: Record<string, number> = {};

beforeAll(async () => {
  await useBackend('wasm');
  const platform = await simulatePlatform({ users: USERS, seed: SEED });
  const { cutoff, horizonDays } = platform;
  const labels = labelUsers(platform.events, { cutoff, horizonDays, definition: 'activity' });
  const { train: trainLabels, test: testLabels } = splitByUser(labels, { testFraction: 0.3, seed: SEED });
  const subset = (ids: Set<string>): PlatformData => ({
    users: platform.users.filter((u) => ids.has(u.userId)),
    courses: platform.courses,
    events: platform.events.filter((e) => ids.has(e.userId)),
  });
  const pipeline = FeaturePipeline.default();
  const trainFeatures = pipeline.fitTransform(subset(new Set(trainLabels.map((l) => l.userId))), { cutoff });
  const testFeatures = pipeline.transform(subset(new Set(testLabels.map((l) => l.userId))), { cutoff });
  const train = { features: trainFeatures, ...alignLabels(trainFeatures.userIds, labels) };
  const test = alignLabels(testFeatures.userIds, labels);
  const truth = testFeatures.userIds.map((id) => platform.truth.get(id)!.churnProbability);
  const auc = async (model: TrainableModel) => {
    await new Trainer({ verbose: 0, epochs: 15, seed: SEED }).fit(model, train, { validationSplit: 0.15 });
    const { churn } = await model.predict(testFeatures);
    model.dispose();
    return Metrics.rocAuc(test.churn, churn);
  };
  result.oracle = Metrics.rocAuc(test.churn, truth);
  result.lstm = await auc(new ChurnLSTM({ units: 32, seed: SEED }));
  result.logistic = await auc(new LogisticBaseline({ seed: SEED }));
  result.mlp = await auc(new MLPBaseline({ seed: SEED }));
  console.log(`quality on ${USERS} users: ${JSON.stringify(result)}`);
}, 600_000);

describe('ChurnLSTM quality on a simulated platform', () => {
  it('learns most of the learnable signal: test AUC close to the oracle AUC', () => {
    expect(result.oracle).toBeGreaterThan(0.75);
    expect(result.lstm).toBeGreaterThan(0.7);
    expect(result.oracle - result.lstm).toBeLessThan(ORACLE_MARGIN);
  });

  it('is at least as good as the baselines', () => {
    expect(result.lstm).toBeGreaterThan(result.logistic - BASELINE_MARGIN);
    expect(result.lstm).toBeGreaterThan(result.mlp - BASELINE_MARGIN);
  });
});

// Margins measured on this 2,500-user platform (1,750 training users), seeds 7, 1, 2, 3: oracle −
// ChurnLSTM 0.075, 0.048, 0.079, 0.065; ChurnLSTM − best baseline +0.012, +0.044, −0.006, +0.014.
// With so few training users no model gets within issue 5's 0.02 of the oracle; at 20,000 users
// (npm run quickstart -- --users 20000, ~100 s of training, too long for CI) ChurnLSTM does
// (docs/simulator.md). These bounds catch a model that stops learning or falls behind the baselines.
const ORACLE_MARGIN = 0.1;
const BASELINE_MARGIN = 0.02;
