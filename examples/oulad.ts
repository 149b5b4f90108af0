/**
 * churnkit on OULAD (Open University Learning Analytics Dataset, CC BY 4.0, Kuzilek et al. 2017):
 * will an enrolment end as Withdrawn, predicted at day 30 and day 60 of its presentation from
 * registration, demographics and assessment submissions up to that day. Train on the 2013
 * presentations, test on 2014.
 *
 *   npm run example:oulad                      # shared copy, $OULAD_DIR, or the test fixture subset
 *   npm run example:oulad -- --data DIR --json
 *
 * Options: --data DIR, --cutoffs 30,60, --epochs N (10), --units N (32), --backend wasm|cpu|auto,
 * --no-xgboost, --quiet, --json. See docs/datasets/oulad.md.
 */
import { parseArgs } from './real-data/args.js';
import { runOulad, type OuladOptions } from './real-data/oulad-experiment.js';

const { values, flags } = parseArgs(process.argv.slice(2), ['json', 'no-xgboost', 'quiet']);
const options: OuladOptions = {
  data: values.get('data'),
  cutoffs: values.has('cutoffs') ? values.get('cutoffs')!.split(',').map(Number) : undefined,
  epochs: values.has('epochs') ? Number(values.get('epochs')) : undefined,
  units: values.has('units') ? Number(values.get('units')) : undefined,
  backend: values.get('backend') as OuladOptions['backend'],
  xgboost: !flags.has('no-xgboost'),
  verbose: flags.has('quiet') ? 0 : 2,
};
const result = await runOulad(options);
if (flags.has('json')) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  console.log(`OULAD withdrawal, train ${result.split.train}, test ${result.split.test}${result.fixture ? ' (test fixture subset)' : ''}`);
  console.log(`${'day'.padEnd(5)}${'model'.padEnd(18)}${['AUC', 'PR AUC', 'ECE', 'n test', 'withdrawn'].map((h) => h.padStart(10)).join('')}`);
  for (const c of result.cutoffs) {
    for (const [name, s] of [['ChurnLSTM', c.churnLSTM], ['LogisticBaseline', c.logistic], ['XGBoost', c.xgboost]] as const) {
      if ('skipped' in s) console.log(`${String(c.cutoffDay).padEnd(5)}${name.padEnd(18)}skipped: ${s.skipped}`);
      else console.log(`${String(c.cutoffDay).padEnd(5)}${name.padEnd(18)}${[s.auc, s.prAuc, s.ece].map((v) => v.toFixed(4).padStart(10)).join('')}${String(s.n).padStart(10)}${c.test.withdrawnShare.toFixed(4).padStart(10)}`);
    }
  }
  console.log(`total ${result.seconds} s on ${result.backend}`);
}
