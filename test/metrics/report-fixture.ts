import type { History } from '../../src/train/history.js';
import { mulberry32 } from '../helpers/mulberry32.js';

/** Deterministic noisy-truth scores: each user's true churn probability, a label drawn from it, and a noisy score. */
export function simulateScores(n: number, seed = 1): { y: Uint8Array; s: Float64Array } {
  const rand = mulberry32(seed);
  const y = new Uint8Array(n);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const z = -1.6 + 2.2 * (rand() + rand() + rand() - 1.5);
    const p = 1 / (1 + Math.exp(-z));
    y[i] = rand() < p ? 1 : 0;
    const noisy = z + (rand() - 0.5) * 1.5;
    s[i] = Math.round((1 / (1 + Math.exp(-noisy))) * 1e4) / 1e4;
  }
  return { y, s };
}

/** A plausible 12-epoch training history with early stopping at epoch 8. */
export function sampleHistory(): History {
  const epochs = Array.from({ length: 12 }, (_, epoch) => ({
    epoch,
    loss: 0.62 * Math.exp(-epoch / 4) + 0.3,
    valLoss: 0.6 * Math.exp(-epoch / 4) + 0.34 + 0.004 * Math.max(0, epoch - 8) ** 2,
    accuracy: 0.7 + 0.15 * (1 - Math.exp(-epoch / 3)),
    precision: 0.5 + 0.2 * (1 - Math.exp(-epoch / 3)),
    recall: 0.3 + 0.4 * (1 - Math.exp(-epoch / 3)),
    f1: 0.38 + 0.3 * (1 - Math.exp(-epoch / 3)),
    auc: 0.7 + 0.13 * (1 - Math.exp(-epoch / 2.5)),
  }));
  return { epochs, bestEpoch: 8, stoppedEarly: true };
}
