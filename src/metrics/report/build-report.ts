import { ConfigError } from '../../errors.js';
import { _averagePrecision } from '../average-precision.js';
import { _bestThreshold, checkObjective } from '../best-threshold.js';
import { _brier } from '../brier.js';
import { _calibrationCurve } from '../calibration-curve.js';
import { _captureRateAt } from '../capture-rate-at.js';
import { _expectedCalibrationError } from '../expected-calibration-error.js';
import { _gainCurve } from '../gain-curve.js';
import { _logLoss } from '../log-loss.js';
import { _prCurve } from '../pr-curve.js';
import { _rocAuc } from '../roc-auc.js';
import { _rocCurve } from '../roc-curve.js';
import { totalsOf, type ScoreSummary } from '../score-summary.js';
import { _scoreHistogram } from '../score-histogram.js';
import { _thresholdMetrics } from '../threshold-metrics.js';
import { EvaluationReport } from './evaluation-report.js';
import { REPORT_DEFAULTS, type ReportOptions } from './report-options.js';
import { thin } from './thin.js';

/** Computes every number and curve of a report from a validated summary of probability scores. @internal */
export function buildReport(s: ScoreSummary, options: Omit<ReportOptions, 'sampleWeight'>): EvaluationReport {
  const o = resolveOptions(options);
  const totals = totalsOf(s);
  const users = totals.pos + totals.neg;
  const hasBoth = totals.pos > 0 && totals.neg > 0;
  const hasChurners = totals.pos > 0;
  const max = REPORT_DEFAULTS.maxCurvePoints;
  const roc = hasBoth ? _rocCurve(s, true, 'report') : null;
  const pr = hasChurners ? _prCurve(s) : null;
  const gain = hasChurners ? _gainCurve(s, 'report') : null;
  const calibration = _calibrationCurve(s, o.bins, 'uniform');
  const histogram = _scoreHistogram(s, REPORT_DEFAULTS.histogramBins);
  return new EvaluationReport({
    title: o.title,
    users,
    churners: totals.pos,
    churnRate: totals.pos / users,
    metrics: {
      rocAuc: hasBoth ? _rocAuc(s, 'report') : null,
      averagePrecision: hasChurners ? _averagePrecision(s, 'report') : null,
      logLoss: _logLoss(s, Number.EPSILON),
      brier: _brier(s),
      expectedCalibrationError: _expectedCalibrationError(s, o.bins, 'uniform'),
      expectedCalibrationErrorEqualMass: _expectedCalibrationError(s, o.bins, 'quantile'),
    },
    atThreshold: _thresholdMetrics(s, o.threshold),
    bestF1: hasChurners ? _bestThreshold(s, 'f1', 'report') : null,
    bestCost: o.costs ? _bestThreshold(s, o.costs, 'report') : null,
    costs: o.costs ?? null,
    lift: hasChurners
      ? o.liftFractions.map((fraction) => {
          const captureRate = _captureRateAt(s, fraction, 'report');
          return { fraction, lift: captureRate / fraction, captureRate };
        })
      : [],
    curves: {
      roc: roc && pair('fpr', 'tpr', thin(roc.fpr, roc.tpr, max)),
      pr: pr && pair('recall', 'precision', thin(pr.recall, pr.precision, max)),
      calibration: {
        observed: Array.from(calibration.observed),
        predicted: Array.from(calibration.predicted),
        weight: Array.from(calibration.weight),
      },
      gain: gain && pair('fraction', 'captureRate', thin(gain.fraction, gain.captureRate, max)),
      histogram: {
        edges: Array.from(histogram.edges),
        negatives: Array.from(histogram.negatives),
        positives: Array.from(histogram.positives),
      },
    },
    history: o.history ?? null,
  });
}

function pair<A extends string, B extends string>(a: A, b: B, xy: { x: number[]; y: number[] }): Record<A, number[]> & Record<B, number[]> {
  return { [a]: xy.x, [b]: xy.y } as Record<A, number[]> & Record<B, number[]>;
}

/** Fills defaults and checks each option, naming the one that is wrong. */
function resolveOptions(options: Omit<ReportOptions, 'sampleWeight'>) {
  const title = options.title ?? REPORT_DEFAULTS.title;
  const threshold = options.threshold ?? REPORT_DEFAULTS.threshold;
  const bins = options.bins ?? REPORT_DEFAULTS.bins;
  const liftFractions = options.liftFractions ?? REPORT_DEFAULTS.liftFractions;
  if (typeof title !== 'string') throw new ConfigError('title', title, 'a string');
  if (typeof threshold !== 'number' || Number.isNaN(threshold)) throw new ConfigError('threshold', threshold, 'a number such as 0.5');
  if (!Number.isInteger(bins) || bins < 1) throw new ConfigError('bins', bins, 'a whole number of bins >= 1, such as 10');
  if (!Array.isArray(liftFractions)) throw new ConfigError('liftFractions', liftFractions, 'an array of shares in (0, 1]');
  liftFractions.forEach((f, i) => {
    if (typeof f !== 'number' || !(f > 0 && f <= 1)) throw new ConfigError(`liftFractions[${i}]`, f, 'a share of users in (0, 1], such as 0.1');
  });
  if (options.costs !== undefined) {
    try {
      checkObjective(options.costs);
    } catch {
      throw new ConfigError('costs', options.costs, '{ falsePositive, falseNegative } with finite costs >= 0');
    }
    if (!('falsePositive' in options.costs)) throw new ConfigError('costs', options.costs, '{ falsePositive, falseNegative }');
  }
  const history = options.history;
  if (history !== undefined && (history === null || !Array.isArray(history.epochs))) {
    throw new ConfigError('history', history, 'a History from Trainer.fit ({ epochs: EpochLog[], bestEpoch, stoppedEarly })');
  }
  return { title, threshold, bins, liftFractions, costs: options.costs, history };
}
