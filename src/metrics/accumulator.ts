import { ValidationError, prefixIssues } from '../errors.js';
import { _averagePrecision } from './average-precision.js';
import { _bestThreshold, checkObjective } from './best-threshold.js';
import { _brier } from './brier.js';
import { _calibrationCurve, checkStrategy } from './calibration-curve.js';
import { _captureRateAt } from './capture-rate-at.js';
import { _confusionMatrix, checkThreshold } from './confusion-matrix.js';
import { _expectedCalibrationError } from './expected-calibration-error.js';
import { _fBeta } from './f-beta.js';
import { _gainCurve, type GainCurve } from './gain-curve.js';
import { _liftAt } from './lift-at.js';
import { _logLoss } from './log-loss.js';
import { _prCurve } from './pr-curve.js';
import { buildReport } from './report/build-report.js';
import type { EvaluationReport } from './report/evaluation-report.js';
import type { ReportOptions } from './report/report-options.js';
import { _rocAuc } from './roc-auc.js';
import { _rocCurve } from './roc-curve.js';
import { emptySummary, mergeSummaries, summarize, totalsOf, type ScoreSummary } from './score-summary.js';
import { _thresholdMetrics } from './threshold-metrics.js';
import type {
  CalibrationCurve,
  CalibrationOptions,
  LogLossOptions,
  RocCurveOptions,
  ConfusionMatrix,
  PrCurve,
  RocCurve,
  ThresholdChoice,
  ThresholdMetrics,
  ThresholdObjective,
} from './types.js';
import { checkNumber, inputIssues } from './validate.js';

/**
 * Streaming evaluation: `add` batches of labels and scores as they are scored, then ask for any metric. Results
 * equal the one-shot {@link Metrics} functions on the concatenated data, because both compute from the same exact
 * table of counts per distinct score value.
 *
 * Memory is 32 bytes per distinct score value (not per user), kept as sorted runs that are merged like a binary
 * counter, so adding n users costs O(n log n). Scores with few distinct values (rounded, Float32 model outputs
 * with many repeats) stay small; 10M all-distinct scores need about 320 MB at the end instead of 10M-element
 * label, score and weight arrays held by the caller.
 */
export class MetricsAccumulator {
  private runs: ScoreSummary[] = [];
  private batchCount = 0;
  private firstNonProbability: { batch: number; index: number; value: number } | null = null;

  /**
   * Adds one batch. Every problem in the batch is reported at once with paths like `batches[3].yScore[17]`;
   * a rejected batch leaves the accumulator unchanged. Returns `this` for chaining.
   */
  add(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, sampleWeight?: ArrayLike<number>): this {
    const batch = this.batchCount;
    const issues = inputIssues(yTrue, yScore, sampleWeight, { allowEmpty: true });
    if (issues.length > 0) throw new ValidationError(prefixIssues('batches', prefixIssues(batch, issues)), 'MetricsAccumulator.add input');
    this.batchCount++;
    if (yTrue.length === 0) return this;
    if (this.firstNonProbability === null) {
      for (let i = 0; i < yScore.length; i++) {
        if (yScore[i] < 0 || yScore[i] > 1) {
          this.firstNonProbability = { batch, index: i, value: yScore[i] };
          break;
        }
      }
    }
    this.runs.push(summarize(yTrue, yScore, sampleWeight));
    // Merge like a binary counter: a run is merged into its left neighbour once that neighbour is not much bigger.
    while (this.runs.length >= 2 && this.runs[this.runs.length - 2].score.length <= 2 * this.runs[this.runs.length - 1].score.length) {
      const right = this.runs.pop()!;
      const left = this.runs.pop()!;
      this.runs.push(mergeSummaries(left, right));
    }
    return this;
  }

  /** Adds everything another accumulator holds (for example one per worker). Returns `this`. */
  merge(other: MetricsAccumulator): this {
    const theirs = other.summary();
    if (theirs.score.length > 0) this.runs = [mergeSummaries(this.summary(), theirs)];
    if (this.firstNonProbability === null && other.firstNonProbability !== null) this.firstNonProbability = other.firstNonProbability;
    this.batchCount += other.batchCount;
    return this;
  }

  /** Number of users added (with non-zero weight). */
  get count(): number {
    return totalsOf(this.summary()).count;
  }

  /** Number of distinct score values held: what memory grows with. */
  get distinctScores(): number {
    return this.summary().score.length;
  }

  /** Confusion matrix at `threshold` (users with score >= threshold are flagged). */
  confusionMatrix(threshold = 0.5): ConfusionMatrix {
    checkThreshold('MetricsAccumulator.confusionMatrix', threshold);
    return _confusionMatrix(this.ready('confusionMatrix'), threshold);
  }

  /** Every threshold metric at `threshold`. */
  thresholdMetrics(threshold = 0.5): ThresholdMetrics {
    checkThreshold('MetricsAccumulator.thresholdMetrics', threshold);
    return _thresholdMetrics(this.ready('thresholdMetrics'), threshold);
  }

  /** Accuracy at `threshold`. */
  accuracy(threshold = 0.5): number {
    return this.thresholdMetrics(threshold).accuracy;
  }

  /** Precision at `threshold`. */
  precision(threshold = 0.5): number {
    return this.thresholdMetrics(threshold).precision;
  }

  /** Recall at `threshold`. */
  recall(threshold = 0.5): number {
    return this.thresholdMetrics(threshold).recall;
  }

  /** Specificity at `threshold`. */
  specificity(threshold = 0.5): number {
    return this.thresholdMetrics(threshold).specificity;
  }

  /** F1 at `threshold`. */
  f1(threshold = 0.5): number {
    return this.thresholdMetrics(threshold).f1;
  }

  /** F-beta at `threshold`. */
  fBeta(beta: number, threshold = 0.5): number {
    checkNumber('MetricsAccumulator.fBeta', 'beta', beta, Number.MIN_VALUE, Number.MAX_VALUE, 'a positive number such as 2');
    return _fBeta(this.confusionMatrix(threshold), beta);
  }

  /** Balanced accuracy at `threshold`. */
  balancedAccuracy(threshold = 0.5): number {
    return this.thresholdMetrics(threshold).balancedAccuracy;
  }

  /** Matthews correlation coefficient at `threshold`. */
  mcc(threshold = 0.5): number {
    return this.thresholdMetrics(threshold).mcc;
  }

  /** ROC AUC of everything added. */
  rocAuc(): number {
    return _rocAuc(this.ready('rocAuc'), 'MetricsAccumulator.rocAuc');
  }

  /** Average precision of everything added. */
  averagePrecision(): number {
    return _averagePrecision(this.ready('averagePrecision'), 'MetricsAccumulator.averagePrecision');
  }

  /** Log loss of everything added, clipped at `eps` (default float64 eps). */
  logLoss(options: Pick<LogLossOptions, 'eps'> = {}): number {
    const eps = options.eps ?? Number.EPSILON;
    checkNumber('MetricsAccumulator.logLoss', 'eps', eps, Number.MIN_VALUE, 0.49, 'a small positive number such as 1e-15');
    return _logLoss(this.probabilities('logLoss'), eps);
  }

  /** Brier score of everything added. */
  brier(): number {
    return _brier(this.probabilities('brier'));
  }

  /** Expected calibration error with `bins` equal-width (or, with `strategy: 'quantile'`, equal-mass) bins. */
  expectedCalibrationError(bins = 10, options: Pick<CalibrationOptions, 'strategy'> = {}): number {
    this.checkBins('expectedCalibrationError', bins, options.strategy);
    return _expectedCalibrationError(this.probabilities('expectedCalibrationError'), bins, options.strategy ?? 'uniform');
  }

  /** Reliability-diagram points, as {@link Metrics.calibrationCurve}. */
  calibrationCurve(bins = 10, options: Pick<CalibrationOptions, 'strategy'> = {}): CalibrationCurve {
    this.checkBins('calibrationCurve', bins, options.strategy);
    return _calibrationCurve(this.probabilities('calibrationCurve'), bins, options.strategy ?? 'uniform');
  }

  /** Lift in the top `fraction` of users by score. */
  liftAt(fraction: number): number {
    checkNumber('MetricsAccumulator.liftAt', 'fraction', fraction, Number.MIN_VALUE, 1, 'a share of users in (0, 1]');
    return _liftAt(this.ready('liftAt'), fraction, 'MetricsAccumulator.liftAt');
  }

  /** Share of churners in the top `fraction` of users by score. */
  captureRateAt(fraction: number): number {
    checkNumber('MetricsAccumulator.captureRateAt', 'fraction', fraction, Number.MIN_VALUE, 1, 'a share of users in (0, 1]');
    return _captureRateAt(this.ready('captureRateAt'), fraction, 'MetricsAccumulator.captureRateAt');
  }

  /** ROC curve of everything added. */
  rocCurve(options: Pick<RocCurveOptions, 'dropIntermediate'> = {}): RocCurve {
    return _rocCurve(this.ready('rocCurve'), options.dropIntermediate ?? true, 'MetricsAccumulator.rocCurve');
  }

  /** Precision-recall curve of everything added. */
  prCurve(): PrCurve {
    return _prCurve(this.ready('prCurve'));
  }

  /** Cumulative gain curve of everything added. */
  gainCurve(): GainCurve {
    return _gainCurve(this.ready('gainCurve'), 'MetricsAccumulator.gainCurve');
  }

  /** The best threshold for an objective, as {@link Metrics.bestThreshold}. */
  bestThreshold(objective: ThresholdObjective): ThresholdChoice {
    checkObjective(objective);
    return _bestThreshold(this.ready('bestThreshold'), objective, 'MetricsAccumulator.bestThreshold');
  }

  /** The full evaluation report of everything added (scores must be probabilities). */
  report(options: Omit<ReportOptions, 'sampleWeight'> = {}): EvaluationReport {
    return buildReport(this.probabilities('report'), options);
  }

  /** All runs merged into one; cached by replacing the runs. */
  private summary(): ScoreSummary {
    if (this.runs.length === 0) return emptySummary();
    while (this.runs.length > 1) {
      const right = this.runs.pop()!;
      const left = this.runs.pop()!;
      this.runs.push(mergeSummaries(left, right));
    }
    return this.runs[0];
  }

  private ready(method: string): ScoreSummary {
    const s = this.summary();
    if (s.score.length === 0) {
      throw new ValidationError(
        [{ code: 'empty', path: ['batches'], message: `nothing has been added; call add(yTrue, yScore) with at least one user before ${method}()` }],
        `MetricsAccumulator.${method} input`,
      );
    }
    return s;
  }

  private probabilities(method: string): ScoreSummary {
    const s = this.ready(method);
    const bad = this.firstNonProbability;
    if (bad !== null) {
      throw new ValidationError(
        [{
          code: 'out_of_range',
          path: ['batches', bad.batch, 'yScore', bad.index],
          message: `got ${bad.value}, expected a probability in 0..1 for ${method}; pass predicted probabilities (apply a sigmoid to logits)`,
        }],
        `MetricsAccumulator.${method} input`,
      );
    }
    return s;
  }

  private checkBins(method: string, bins: number, strategy: unknown): void {
    checkNumber(`MetricsAccumulator.${method}`, 'bins', bins, 1, 1e6, 'a whole number of bins >= 1, such as 10');
    if (!Number.isInteger(bins)) checkNumber(`MetricsAccumulator.${method}`, 'bins', Number.NaN, 1, 1e6, `a whole number of bins, not ${bins}`);
    checkStrategy(`MetricsAccumulator.${method}`, strategy);
  }
}
