/** Threshold metrics and ROC AUC of churn scores, for the per-epoch History. */
export interface EpochMetrics {
  /** Share correct at threshold 0.5. */
  readonly accuracy: number;
  /** Precision at 0.5 (0 when nothing is flagged). */
  readonly precision: number;
  /** Recall at 0.5 (0 when there are no churners). */
  readonly recall: number;
  /** Harmonic mean of precision and recall. */
  readonly f1: number;
  /** ROC AUC, ties counting half; NaN when only one class is present. */
  readonly auc: number;
}

/**
 * Computes the per-epoch figures. Kept private to the Trainer so an epoch with a one-class
 * validation set records NaN instead of throwing. @internal
 */
export function epochMetrics(y: ArrayLike<number>, score: ArrayLike<number>): EpochMetrics {
  const n = y.length;
  let tp = 0, fp = 0, fn = 0, tn = 0;
  for (let i = 0; i < n; i++) {
    const flagged = score[i] >= 0.5;
    if (y[i] === 1) {
      if (flagged) tp++;
      else fn++;
    } else if (flagged) fp++;
    else tn++;
  }
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { accuracy: n > 0 ? (tp + tn) / n : Number.NaN, precision, recall, f1, auc: auc(y, score) };
}

function auc(y: ArrayLike<number>, score: ArrayLike<number>): number {
  const order = Array.from({ length: y.length }, (_, i) => i).sort((a, b) => score[a] - score[b]);
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i] === 1 ? 1 : 0;
  const neg = y.length - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  // Mann–Whitney U with mid-ranks for ties.
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && score[order[j + 1]] === score[order[i]]) j++;
    const mid = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (y[order[k]] === 1) rankSum += mid;
    i = j + 1;
  }
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}
