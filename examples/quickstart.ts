/**
 * churnkit quickstart: simulate a paid-knowledge platform with known truth, label churn at the
 * cutoff, split by user, fit the default FeaturePipeline on training users only, train ChurnLSTM
 * and both baselines, and print the evaluation next to the oracle AUC (the truth's own ranking).
 *
 *   npm run quickstart                       # 5,000 users, seed 42
 *   npm run quickstart -- --users 20000 --seed 7
 *   npm run -s quickstart -- --json          # one JSON object on stdout
 *   npm run quickstart -- --report out.html  # where the HTML evaluation report goes
 *                                            # (default examples/out/quickstart-report.html)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
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
  type FeatureSet,
  type History,
  type PlatformData,
  type TrainableModel,
} from '../src/index.js';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} expects a positive integer, got ${process.argv[i + 1]}`);
  return value;
}

const json = process.argv.includes('--json');
const reportIndex = process.argv.indexOf('--report');
const reportPath = reportIndex >= 0 ? process.argv[reportIndex + 1] : 'examples/out/quickstart-report.html';
const users = option('users', 5000);
const seed = option('seed', 42);
const log = (...args: unknown[]) => {
  if (!json) console.log(...args);
};

const backend = await useBackend();
log(`churnkit quickstart — backend ${backend}, ${users} users, seed ${seed}`);

// 1. A platform whose true churn probabilities we know.
const platform = await simulatePlatform({ users, seed });
const { cutoff, horizonDays } = platform;

// 2. Labels at the cutoff, then a user-level split (stratified on churn).
const labels = labelUsers(platform.events, { cutoff, horizonDays, definition: 'activity' });
const { train: trainLabels, test: testLabels } = splitByUser(labels, { testFraction: 0.2, seed });

function subset(data: PlatformData, ids: ReadonlySet<string>): PlatformData {
  return {
    users: data.users.filter((u) => ids.has(u.userId)),
    courses: data.courses,
    events: data.events.filter((e) => ids.has(e.userId)),
  };
}
const trainIds = new Set(trainLabels.map((l) => l.userId));
const testIds = new Set(testLabels.map((l) => l.userId));

// 3. Features: the pipeline learns only from training users' history.
const pipeline = FeaturePipeline.default();
const trainFeatures: FeatureSet = pipeline.fitTransform(subset(platform, trainIds), { cutoff });
const testFeatures: FeatureSet = pipeline.transform(subset(platform, testIds), { cutoff });
const train = { features: trainFeatures, ...alignLabels(trainFeatures.userIds, labels) };
const test = { features: testFeatures, ...alignLabels(testFeatures.userIds, labels) };
log(
  `features: ${trainFeatures.shape.users} train / ${testFeatures.shape.users} test users, ` +
    `${trainFeatures.shape.steps} steps × ${trainFeatures.shape.sequenceFeatures} channels, ${trainFeatures.shape.staticFeatures} statics`,
);

// 4. Train: the sequence model and two baselines, same Trainer settings, validation split from train.
async function fit(model: TrainableModel): Promise<{ churn: Float32Array; seconds: number; bestEpoch: number; history: History }> {
  const started = Date.now();
  // Progress goes to stderr, so stdout stays one JSON object under --json.
  const history = await new Trainer({ verbose: 1, seed }).fit(model, train, { validationSplit: 0.15 });
  const seconds = (Date.now() - started) / 1000;
  const { churn } = await model.predict(test.features);
  return { churn, seconds, bestEpoch: history.bestEpoch, history };
}
const lstm = new ChurnLSTM({ seed });
const logistic = new LogisticBaseline({ seed });
const mlp = new MLPBaseline({ seed });
log('\nTraining ChurnLSTM…');
const lstmResult = await fit(lstm);
log('Training LogisticBaseline…');
const logisticResult = await fit(logistic);
log('Training MLPBaseline…');
const mlpResult = await fit(mlp);

// 5. Evaluate on the test users, next to the oracle: the simulator's true churn probability.
const truth = Float64Array.from(testFeatures.userIds, (id) => platform.truth.get(id)!.churnProbability);
const result = {
  backend,
  users,
  seed,
  trainUsers: trainFeatures.shape.users,
  testUsers: testFeatures.shape.users,
  churnRate: test.churn.reduce((a, b) => a + b, 0) / test.churn.length,
  auc: Metrics.rocAuc(test.churn, lstmResult.churn),
  oracleAuc: Metrics.rocAuc(test.churn, truth),
  logisticAuc: Metrics.rocAuc(test.churn, logisticResult.churn),
  mlpAuc: Metrics.rocAuc(test.churn, mlpResult.churn),
  prAuc: Metrics.averagePrecision(test.churn, lstmResult.churn),
  ece: Metrics.expectedCalibrationError(test.churn, lstmResult.churn),
  logLoss: Metrics.logLoss(test.churn, lstmResult.churn),
  trainSeconds: lstmResult.seconds,
  bestEpoch: lstmResult.bestEpoch,
  baselineTrainSeconds: { logistic: logisticResult.seconds, mlp: mlpResult.seconds },
  report: reportPath,
};

// 6. The evaluation report as a self-contained HTML page, with the training curves.
const report = Metrics.report(test.churn, lstmResult.churn, { title: 'ChurnLSTM on held-out users', history: lstmResult.history });
mkdirSync(dirname(reportPath), { recursive: true });
writeFileSync(reportPath, report.toHTML());

if (json) {
  console.log(JSON.stringify(result));
} else {
  console.log(`\n${report.toMarkdown()}`);
  console.log('\n| model | test ROC AUC | gap to oracle |');
  console.log('|---|---|---|');
  const row = (name: string, auc: number) => console.log(`| ${name} | ${auc.toFixed(4)} | ${(result.oracleAuc - auc).toFixed(4)} |`);
  row('oracle (true churn probability)', result.oracleAuc);
  row('ChurnLSTM', result.auc);
  row('MLPBaseline', result.mlpAuc);
  row('LogisticBaseline', result.logisticAuc);
  console.log(`\nChurnLSTM trained in ${result.trainSeconds.toFixed(1)} s (best epoch ${result.bestEpoch + 1}). HTML report: ${reportPath}`);
}

lstm.dispose();
logistic.dispose();
mlp.dispose();
