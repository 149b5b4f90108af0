import * as tf from '@tensorflow/tfjs-core';
import { onHostBackend } from '../backend/host-memory.js';
import type { HeadLogits } from '../models/model.js';
import type { LossConfig } from './config.js';

/** The targets of one batch, built in JS before the gradient step. @internal */
export interface BatchTargets {
  /** Churn labels 0/1. */
  readonly churn: Float32Array;
  /** Per-user weight of the churn term (class weights). */
  readonly churnWeight: Float32Array;
  /** Renewal labels, 0 where unlabelled. */
  readonly renew: Float32Array;
  /** 1 where the user has a renewal label, 0 where it was NaN: those users add nothing to the renew loss. */
  readonly renewWeight: Float32Array;
}

/** Cross-entropy from logits, stable for large |x|: max(x, 0) − x·y + log(1 + e^−|x|). */
function bceWithLogits(logits: tf.Tensor1D, y: tf.Tensor1D): tf.Tensor1D {
  return tf.add(tf.sub(tf.relu(logits), tf.mul(logits, y)), tf.log1p(tf.exp(tf.neg(tf.abs(logits))))) as tf.Tensor1D;
}

/** Focal loss (Lin et al. 2017): α_t (1 − p_t)^γ · CE. */
function focalWithLogits(logits: tf.Tensor1D, y: tf.Tensor1D, gamma: number, alpha: number): tf.Tensor1D {
  const ce = bceWithLogits(logits, y);
  const p = tf.sigmoid(logits);
  const pt = tf.add(tf.mul(y, p), tf.mul(tf.sub(1, y), tf.sub(1, p)));
  const alphaT = tf.add(tf.mul(y, alpha), tf.mul(tf.sub(1, y), 1 - alpha));
  return tf.mul(tf.mul(alphaT, tf.pow(tf.sub(1, pt), gamma)), ce) as tf.Tensor1D;
}

/**
 * The training objective of a batch: the churn head's (weighted or focal) cross-entropy, averaged
 * over the batch, plus `renewWeight` times the renew head's cross-entropy averaged over the users
 * that have a renewal label only. Users without one are masked out by a zero weight (not dropped),
 * so the batch keeps every user for the churn head. @internal
 */
export function computeLoss(logits: HeadLogits, targets: BatchTargets, config: LossConfig): tf.Scalar {
  if (!config.focal && onHostBackend()) return hostCrossEntropy(logits, targets, config);
  return tensorLoss(logits, targets, config);
}

/** {@link computeLoss} as tensor ops, on any backend (the path for focal loss, webgl and webgpu). @internal */
export function tensorLoss(logits: HeadLogits, targets: BatchTargets, config: LossConfig): tf.Scalar {
  return tf.tidy(() => {
    const terms: tf.Scalar[] = [];
    if (logits.churn) {
      const y = tf.tensor1d(targets.churn);
      const w = tf.tensor1d(targets.churnWeight);
      const per = config.focal ? focalWithLogits(logits.churn, y, config.focal.gamma, config.focal.alpha) : bceWithLogits(logits.churn, y);
      terms.push(tf.div(tf.sum(tf.mul(per, w)), targets.churn.length) as tf.Scalar);
    }
    if (logits.renew && config.renewWeight > 0) {
      let labelled = 0;
      for (let i = 0; i < targets.renewWeight.length; i++) labelled += targets.renewWeight[i];
      const per = bceWithLogits(logits.renew, tf.tensor1d(targets.renew));
      const masked = tf.sum(tf.mul(per, tf.tensor1d(targets.renewWeight)));
      terms.push(tf.mul(tf.div(masked, Math.max(1, labelled)), config.renewWeight) as tf.Scalar);
    }
    return terms.length === 1 ? terms[0] : (tf.addN(terms) as tf.Scalar);
  });
}

/**
 * The unfocused objective as one op on the cpu and wasm backends: reads the batch's logits once,
 * computes the loss in float64 JS and hands back d loss / d logit = w·(σ(x) − y)/n per head (the
 * cross-entropy's gradient, at x = 0 too, where tfjs's relu/abs subgradients add up to the same
 * ½ − y). The tensor version costs ~10 ops forward and ~20 on the tape; this one is two
 * reads and two small writes. Same values up to float32 rounding. Not for focal loss. @internal
 */
export function hostCrossEntropy(logits: HeadLogits, targets: BatchTargets, config: LossConfig): tf.Scalar {
  const heads: { logits: tf.Tensor1D; y: Float32Array; w: Float32Array; scale: number }[] = [];
  if (logits.churn) heads.push({ logits: logits.churn, y: targets.churn, w: targets.churnWeight, scale: 1 / targets.churn.length });
  if (logits.renew && config.renewWeight > 0) {
    let labelled = 0;
    for (let i = 0; i < targets.renewWeight.length; i++) labelled += targets.renewWeight[i];
    heads.push({ logits: logits.renew, y: targets.renew, w: targets.renewWeight, scale: config.renewWeight / Math.max(1, labelled) });
  }
  // Nothing to learn from: the tensor version reports it.
  if (heads.length === 0) return tensorLoss(logits, targets, config);
  const op = tf.customGrad((...args: (tf.Tensor | ((saved: tf.Tensor[]) => void))[]) => {
    const xs = heads.map((_, h) => (args[h] as tf.Tensor).dataSync() as Float32Array);
    let total = 0;
    heads.forEach(({ y, w, scale }, h) => {
      const x = xs[h];
      let sum = 0;
      for (let i = 0; i < x.length; i++) {
        if (w[i] === 0) continue;
        const v = x[i];
        sum += w[i] * ((v > 0 ? v : 0) - v * y[i] + Math.log1p(Math.exp(-Math.abs(v))));
      }
      total += sum * scale;
    });
    return {
      value: tf.scalar(total),
      gradFunc: (dy: tf.Tensor | tf.Tensor[]) => {
        const d = (Array.isArray(dy) ? dy[0] : dy).dataSync()[0];
        return heads.map(({ y, w, scale }, h) => {
          const x = xs[h];
          const g = new Float32Array(x.length);
          for (let i = 0; i < x.length; i++) if (w[i] !== 0) g[i] = (d * w[i] * scale) * (1 / (1 + Math.exp(-x[i])) - y[i]);
          return tf.tensor1d(g);
        });
      },
    };
  });
  return (op as unknown as (...t: tf.Tensor[]) => tf.Scalar)(...heads.map((h) => h.logits));
}

/** The same objective in float64 JS from probabilities, for validation data (unweighted, no focal, no L2). @internal */
export function lossFromProbabilities(
  churnProb: Float32Array | undefined,
  churn: ArrayLike<number>,
  renewProb: Float32Array | undefined,
  renew: ArrayLike<number> | undefined,
  renewWeight: number,
): number {
  const eps = 1e-7;
  const ce = (p: number, y: number) => {
    const q = Math.min(1 - eps, Math.max(eps, p));
    return -(y * Math.log(q) + (1 - y) * Math.log(1 - q));
  };
  let total = 0;
  if (churnProb) {
    let s = 0;
    for (let i = 0; i < churn.length; i++) s += ce(churnProb[i], churn[i]);
    total += s / Math.max(1, churn.length);
  }
  if (renewProb && renew && renewWeight > 0) {
    let s = 0;
    let n = 0;
    for (let i = 0; i < renew.length; i++) {
      if (Number.isNaN(renew[i])) continue;
      s += ce(renewProb[i], renew[i]);
      n++;
    }
    total += (renewWeight * s) / Math.max(1, n);
  }
  return total;
}
