import { ConfigError } from '../errors.js';
import { checkKeys, checkNumber, resolveHeads } from './churn-lstm.js';
import { loadInto } from './load.js';
import type { Heads } from './model.js';
import { TabularModel } from './tabular-model.js';

/** Options of {@link MLPBaseline}. */
export interface MLPBaselineConfig {
  /** Widths of the hidden ReLU layers. Default [64, 32]. */
  readonly hidden: readonly number[];
  /** Dropout after each hidden layer while training. Default 0.1. */
  readonly dropout: number;
  /** L2 penalty on every kernel. Default 1e-4. */
  readonly l2: number;
  /** Which heads to train. Default both. */
  readonly heads: Heads;
  /** Seed for weights and dropout. Default 42. */
  readonly seed: number;
}

/** The defaults of {@link MLPBaselineConfig}. */
export const MLP_DEFAULTS: MLPBaselineConfig = Object.freeze({
  hidden: Object.freeze([64, 32]),
  dropout: 0.1,
  l2: 1e-4,
  heads: Object.freeze({ churn: true, renew: true }),
  seed: 42,
});

/**
 * A multilayer perceptron on the same table as {@link LogisticBaseline}: static features plus a
 * summary of each sequence channel. It sees no order within the sequence beyond "last" and
 * "recent", which is what ChurnLSTM adds.
 */
export class MLPBaseline extends TabularModel<MLPBaselineConfig> {
  /** The class name stored in saved models. */
  readonly className = 'MLPBaseline';

  /** Stores the options (defaults filled in, validated). */
  constructor(config: Partial<MLPBaselineConfig> = {}) {
    checkKeys('MLPBaseline', config, Object.keys(MLP_DEFAULTS));
    const c = { ...MLP_DEFAULTS, ...config, heads: resolveHeads(config.heads, 'MLPBaseline') };
    if (!Array.isArray(c.hidden) || c.hidden.length < 1 || c.hidden.length > 4 || !c.hidden.every((u) => Number.isInteger(u) && u >= 1 && u <= 4096)) {
      throw new ConfigError('MLPBaseline.hidden', c.hidden, '1 to 4 layer widths, integers from 1 to 4096');
    }
    checkNumber('MLPBaseline', 'dropout', c.dropout, (v) => v >= 0 && v < 1, 'a number in [0, 1)');
    checkNumber('MLPBaseline', 'l2', c.l2, (v) => v >= 0, 'a number >= 0');
    checkNumber('MLPBaseline', 'seed', c.seed, Number.isInteger, 'an integer');
    super({ ...c, hidden: [...c.hidden] });
  }

  /** An unfitted model with the same options. */
  static fromConfig(config: Partial<MLPBaselineConfig>): MLPBaseline {
    return new MLPBaseline(config);
  }

  /** Loads a saved MLPBaseline. */
  static async load(url: string): Promise<MLPBaseline> {
    return loadInto(url, 'MLPBaseline', (config) => new MLPBaseline(config as Partial<MLPBaselineConfig>));
  }

  /** @internal */
  protected hiddenUnits(): readonly number[] {
    return this.config.hidden;
  }

  /** @internal */
  protected hiddenDropout(): number {
    return this.config.dropout;
  }
}
