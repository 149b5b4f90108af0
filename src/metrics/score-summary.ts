/**
 * The exact sufficient statistic behind every metric: for each distinct score value, how many users had it and
 * their summed positive and negative weight. Every ranking, threshold, loss and calibration metric is a function of
 * this table, so the one-shot functions and the streaming accumulator compute from the same table and agree
 * exactly. Memory is 32 bytes per distinct score value, not per user.
 * @internal
 * @module
 */

import { sortScores } from './sort-scores.js';

/** Distinct scores in ascending order with their counts and weighted class totals. @internal */
export interface ScoreSummary {
  /** Distinct score values, ascending. */
  readonly score: Float64Array;
  /** Number of users (with non-zero weight) at each score; numpy's percentiles ignore weights, so quantile bins use this. */
  readonly count: Float64Array;
  /** Summed weight of positives (churners) at each score. */
  readonly pos: Float64Array;
  /** Summed weight of negatives (stayers) at each score. */
  readonly neg: Float64Array;
}

/** Class totals of a summary, summed from the highest score down (the order the curves accumulate in). @internal */
export interface SummaryTotals {
  /** Summed positive weight. */
  readonly pos: number;
  /** Summed negative weight. */
  readonly neg: number;
  /** Number of users with non-zero weight. */
  readonly count: number;
}

/** Builds the summary of validated inputs. Users with weight 0 are dropped, as scikit-learn's curves drop them. @internal */
export function summarize(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, sampleWeight?: ArrayLike<number>): ScoreSummary {
  if (sampleWeight === undefined) return summarizeUnweighted(yTrue, yScore);
  const n = yTrue.length;
  let kept = 0;
  for (let i = 0; i < n; i++) if (sampleWeight[i] !== 0) kept++;
  const order = new Uint32Array(kept);
  for (let i = 0, k = 0; i < n; i++) if (sampleWeight[i] !== 0) order[k++] = i;
  order.sort((a, b) => yScore[a] - yScore[b]);
  const b = new SummaryBuilder(kept);
  for (let k = 0; k < kept; k++) {
    const i = order[k];
    const w = sampleWeight[i];
    b.push(yScore[i], 1, yTrue[i] === 1 ? w : 0, yTrue[i] === 1 ? 0 : w);
  }
  return b.finish();
}

/** Without weights, sorting each class's scores natively and merging is several times faster than an index sort. */
function summarizeUnweighted(yTrue: ArrayLike<number>, yScore: ArrayLike<number>): ScoreSummary {
  const n = yTrue.length;
  let p = 0;
  for (let i = 0; i < n; i++) if (yTrue[i] === 1) p++;
  const posScores = new Float64Array(p);
  const negScores = new Float64Array(n - p);
  for (let i = 0, a = 0, c = 0; i < n; i++) {
    if (yTrue[i] === 1) posScores[a++] = yScore[i];
    else negScores[c++] = yScore[i];
  }
  sortScores(posScores);
  sortScores(negScores);
  const b = new SummaryBuilder(n);
  let i = 0;
  let j = 0;
  while (i < posScores.length || j < negScores.length) {
    if (j >= negScores.length || (i < posScores.length && posScores[i] <= negScores[j])) {
      b.push(posScores[i++], 1, 1, 0);
    } else {
      b.push(negScores[j++], 1, 0, 1);
    }
  }
  return b.finish();
}

/** Merges two summaries into one, adding the counts of scores present in both. @internal */
export function mergeSummaries(a: ScoreSummary, c: ScoreSummary): ScoreSummary {
  const b = new SummaryBuilder(a.score.length + c.score.length);
  let i = 0;
  let j = 0;
  while (i < a.score.length || j < c.score.length) {
    if (j >= c.score.length || (i < a.score.length && a.score[i] <= c.score[j])) {
      b.push(a.score[i], a.count[i], a.pos[i], a.neg[i]);
      i++;
    } else {
      b.push(c.score[j], c.count[j], c.pos[j], c.neg[j]);
      j++;
    }
  }
  return b.finish();
}

/** The empty summary. @internal */
export function emptySummary(): ScoreSummary {
  return { score: new Float64Array(0), count: new Float64Array(0), pos: new Float64Array(0), neg: new Float64Array(0) };
}

/** Class totals, accumulated from the top score down so they equal the last point of the curves bit for bit. @internal */
export function totalsOf(s: ScoreSummary): SummaryTotals {
  let pos = 0;
  let neg = 0;
  let count = 0;
  for (let k = s.score.length - 1; k >= 0; k--) {
    pos += s.pos[k];
    neg += s.neg[k];
    count += s.count[k];
  }
  return { pos, neg, count };
}

/** Index of the first distinct score >= t (ascending), or the length when none is. @internal */
export function firstAtLeast(s: ScoreSummary, t: number): number {
  let lo = 0;
  let hi = s.score.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s.score[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Cumulative true and false positives at each distinct score taken as threshold, highest score first: scikit-learn's
 * `_binary_clf_curve`. @internal
 */
export interface ClfCurve {
  /** Positives with score >= thresholds[k]. */
  readonly tps: Float64Array;
  /** Negatives with score >= thresholds[k]. */
  readonly fps: Float64Array;
  /** Distinct scores, decreasing. */
  readonly thresholds: Float64Array;
}

/** The cumulative counts at every distinct score, highest first. @internal */
export function clfCurve(s: ScoreSummary): ClfCurve {
  const m = s.score.length;
  const tps = new Float64Array(m);
  const fps = new Float64Array(m);
  const thresholds = new Float64Array(m);
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < m; k++) {
    const src = m - 1 - k;
    tp += s.pos[src];
    fp += s.neg[src];
    tps[k] = tp;
    fps[k] = fp;
    thresholds[k] = s.score[src];
  }
  return { tps, fps, thresholds };
}

/** Appends rows in ascending score order, folding equal scores (including -0 and 0) into one row. */
class SummaryBuilder {
  private readonly score: Float64Array;
  private readonly count: Float64Array;
  private readonly pos: Float64Array;
  private readonly neg: Float64Array;
  private n = 0;

  constructor(capacity: number) {
    this.score = new Float64Array(capacity);
    this.count = new Float64Array(capacity);
    this.pos = new Float64Array(capacity);
    this.neg = new Float64Array(capacity);
  }

  push(score: number, count: number, pos: number, neg: number): void {
    const last = this.n - 1;
    if (last >= 0 && this.score[last] === score) {
      this.count[last] += count;
      this.pos[last] += pos;
      this.neg[last] += neg;
      return;
    }
    this.score[this.n] = score === 0 ? 0 : score;
    this.count[this.n] = count;
    this.pos[this.n] = pos;
    this.neg[this.n] = neg;
    this.n++;
  }

  finish(): ScoreSummary {
    // Copies rather than views so a merged-away run's larger buffer can be freed.
    return {
      score: this.score.slice(0, this.n),
      count: this.count.slice(0, this.n),
      pos: this.pos.slice(0, this.n),
      neg: this.neg.slice(0, this.n),
    };
  }
}
