import { checkKeys, checkNumber, resolveHeads } from './churn-lstm.js';
import { loadInto } from './load.js';
import type { Heads } from './model.js';
import { TabularModel } from './tabular-model.js';

/** Options of {@link LogisticBaseline}. */
export interface LogisticBaselineConfig {
  /** Which heads to train. Default both. */
  readonly heads: Heads;
  /** L2 penalty on the coefficients. Default 1e-4. */
  readonly l2: number;
  /** Seed for the initial coefficients. Default 42. */
  readonly seed: number;
}

/** The defaults of {@link LogisticBaselineConfig}. */
export const LOGISTIC_DEFAULTS: LogisticBaselineConfig = Object.freeze({ heads: Object.freeze({ churn: true, renew: true }), l2: 1e-4, seed: 42 });

/**
 * Logistic regression per head on the static features plus a summary of each sequence channel
 * (its mean over real steps, last value and recent mean, and the fraction of real steps), all
 * standardised on the training data. Trained with the same {@link Trainer} as ChurnLSTM.
 */
export class LogisticBaseline extends TabularModel<LogisticBaselineConfig> {
  /** The class name stored in saved models. */
  readonly className = 'LogisticBaseline';

  /** Stores the options (defaults filled in, validated). */
  constructor(config: Partial<LogisticBaselineConfig> = {}) {
    checkKeys('LogisticBaseline', config, Object.keys(LOGISTIC_DEFAULTS));
    const c = { ...LOGISTIC_DEFAULTS, ...config, heads: resolveHeads(config.heads, 'LogisticBaseline') };
    checkNumber('LogisticBaseline', 'l2', c.l2, (v) => v >= 0, 'a number >= 0');
    checkNumber('LogisticBaseline', 'seed', c.seed, Number.isInteger, 'an integer');
    super(c);
  }

  /** An unfitted model with the same options. */
  static fromConfig(config: Partial<LogisticBaselineConfig>): LogisticBaseline {
    return new LogisticBaseline(config);
  }

  /** Loads a saved LogisticBaseline. */
  static async load(url: string): Promise<LogisticBaseline> {
    return loadInto(url, 'LogisticBaseline', (config) => new LogisticBaseline(config as Partial<LogisticBaselineConfig>));
  }

  /** @internal */
  protected hiddenUnits(): readonly number[] {
    return [];
  }

  /** @internal */
  protected hiddenDropout(): number {
    return 0;
  }
}
