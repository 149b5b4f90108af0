/**
 * churnkit on KDD Cup 2015 (XuetangX MOOC dropout, daily activity per enrolment).
 *
 *   npm run example:kddcup                                  # default: 18 training courses, 6 held-out test courses
 *   npm run example:kddcup -- --train DIR --test DIR --json # your own split (directories, files, patterns, comma lists)
 *
 * Options: --labels FILE (enrollment_id,label; default truth_train.csv next to the training files),
 * --include PATTERN (files inside directories, default *.csv), --epochs N (default 10), --units N (32),
 * --batch N (128), --validation courses|enrolments (courses), --calibration platt|isotonic|none (platt), --backend wasm|cpu|auto (wasm),
 * --no-xgboost, --quiet, --json (print one JSON object and nothing else on stdout).
 * See docs/datasets/kddcup2015.md for the label, the split and the numbers.
 */
import { parseArgs } from './real-data/args.js';
import { runKdd, type KddOptions, type ModelResult } from './real-data/kdd-experiment.js';

const { values, flags } = parseArgs(process.argv.slice(2), ['json', 'no-xgboost', 'quiet']);
const num = (name: string) => (values.has(name) ? Number(values.get(name)) : undefined);
const options: KddOptions = {
  train: values.get('train'),
  test: values.get('test'),
  labels: values.get('labels'),
  include: values.get('include'),
  epochs: num('epochs'),
  units: num('units'),
  batchSize: num('batch'),
  validation: values.get('validation') as KddOptions['validation'],
  calibration: values.get('calibration') as KddOptions['calibration'],
  backend: values.get('backend') as KddOptions['backend'],
  xgboost: !flags.has('no-xgboost'),
  verbose: flags.has('quiet') ? 0 : 2,
};
const result = await runKdd(options);
if (flags.has('json')) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const row = (name: string, r: ModelResult | { skipped: string }) =>
    'skipped' in r
      ? `${name.padEnd(18)} skipped: ${r.skipped}`
      : `${name.padEnd(18)} ${[r.auc, r.prAuc, r.logLoss, r.brier, r.ece, r.uncalibrated.ece].map((v) => v.toFixed(4).padStart(8)).join(' ')} ${String(r.trainSeconds).padStart(8)}`;
  console.log(`KDD Cup 2015, ${result.split.train} train / ${result.split.validation} validation / ${result.split.test} test enrolments (validation courses: ${result.split.validationCourses.join(', ') || 'none, by enrolment'}; test courses: ${result.split.testCourses.join(', ')})`);
  console.log(`${'model'.padEnd(18)} ${['AUC', 'PR AUC', 'logLoss', 'Brier', 'ECE', 'rawECE', 'train s'].map((h) => h.padStart(8)).join(' ')}`);
  console.log(row(`ChurnLSTM (${result.backend})`, result));
  console.log(row('LogisticBaseline', result.baselines.logistic));
  console.log(row('XGBoost', result.baselines.xgboost));
  console.log(`calibration: ${result.calibration} on validation; ChurnLSTM ${result.epochs} epochs at ${result.sequencesPerSecond} seq/s; total ${result.seconds} s`);
}
