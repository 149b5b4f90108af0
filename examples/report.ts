/**
 * Evaluate churn scores the way a retention team would: headline metrics, the best threshold for a campaign
 * budget, lift, calibration (and fixing it), streaming evaluation, and a self-contained HTML report.
 *
 *   npx tsx examples/report.ts            # prints Markdown, writes examples/out/report.html
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IsotonicCalibrator, Metrics, PlattCalibrator, Random } from '../src/index.js';

/**
 * Noisy truth: each subscriber has a true churn probability; the outcome is drawn from it; the "model" sees the
 * truth through noise and is over-confident (it doubles the logit), as an unregularised network often is.
 */
function simulate(n: number, seed: number): { churned: Uint8Array; churnProbability: Float64Array } {
  const rng = new Random(seed);
  const rand = () => rng.next();
  const churned = new Uint8Array(n);
  const churnProbability = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const logit = -1.5 + 2.4 * (rand() + rand() + rand() - 1.5);
    churned[i] = rand() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    const seen = 2 * (logit + (rand() - 0.5) * 1.2);
    churnProbability[i] = 1 / (1 + Math.exp(-seen));
  }
  return { churned, churnProbability };
}

const validation = simulate(20_000, 1);
const test = simulate(50_000, 2);
const y = test.churned;
const p = test.churnProbability;

console.log(`ROC AUC ${Metrics.rocAuc(y, p).toFixed(4)}, average precision ${Metrics.averagePrecision(y, p).toFixed(4)}`);
console.log(`Top 10 % of scores: lift ${Metrics.liftAt(y, p, 0.1).toFixed(2)}, ${(100 * Metrics.captureRateAt(y, p, 0.1)).toFixed(1)} % of churners`);

// An offer costs 5; a lost subscriber costs 60: which threshold is cheapest?
const cheapest = Metrics.bestThreshold(y, p, { falsePositive: 5, falseNegative: 60 });
console.log(`Cheapest threshold ${cheapest.threshold.toFixed(4)}: cost ${cheapest.value}, recall ${cheapest.metrics.recall.toFixed(3)}`);

// Over-confident scores: calibrate on validation users, check on test users.
console.log(`Before calibration: log loss ${Metrics.logLoss(y, p).toFixed(4)}, ECE ${Metrics.expectedCalibrationError(y, p).toFixed(4)}`);
for (const calibrator of [new PlattCalibrator(), new IsotonicCalibrator()]) {
  const fixed = calibrator.fit(validation.churned, validation.churnProbability).transform(p);
  console.log(
    `${calibrator.constructor.name}: log loss ${Metrics.logLoss(y, fixed).toFixed(4)}, ECE ${Metrics.expectedCalibrationError(y, fixed).toFixed(4)}`,
  );
}

// Streaming: score in batches without ever holding one big array; same numbers as the one-shot call.
const acc = Metrics.accumulator();
for (let start = 0; start < y.length; start += 5000) acc.add(y.subarray(start, start + 5000), p.subarray(start, start + 5000));
console.log(`Accumulator AUC ${acc.rocAuc()} equals one-shot ${Metrics.rocAuc(y, p)}: ${acc.rocAuc() === Metrics.rocAuc(y, p)}`);

const calibrated = new PlattCalibrator().fit(validation.churned, validation.churnProbability).transform(p);
const report = Metrics.report(y, calibrated, {
  title: 'Churn model evaluation (Platt-calibrated, simulated subscribers)',
  costs: { falsePositive: 5, falseNegative: 60 },
});
console.log('\n' + report.toMarkdown());
const out = join(dirname(fileURLToPath(import.meta.url)), 'out', 'report.html');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, report.toHTML());
console.log(`HTML report written to ${out}`);
