import { ConfigError } from '../../errors.js';
import type { FeatureBlock, FeatureFrame, FeatureKind } from '../frame.js';
import { registerStep, type FeatureStep, type Json, type StepJSON } from '../step.js';
import { fittedOf, oneOf, requireFitted, requireRows, requireSameColumns } from './common.js';
import { quantiles } from './stats.js';
import { float32Array } from '../tables/arena.js';

/** How {@link ImputeMissing} fills a missing static value. */
export type ImputeStrategy = 'median' | 'mean' | 'zero';

/** Options of {@link ImputeMissing}. */
export interface ImputeMissingOptions {
  /** The fill value learned per column in fit. Default `'median'`. */
  readonly strategy?: ImputeStrategy;
  /** Add a `name.missing` 0/1 column for every static column that had missing values in fit. Default true. */
  readonly indicators?: boolean;
}

const DEFAULTS = { strategy: 'median' as ImputeStrategy, indicators: true };

interface Fitted {
  statics: string[];
  sequence: string[];
  /** Fill value per static column (0 when the column was entirely missing in fit). */
  fill: number[];
  /** Static columns that get an indicator. */
  indicated: string[];
}

/**
 * Fills missing (NaN) static values with a statistic learned from the training users (numeric
 * columns: median, mean or 0; binary and share columns: 0) and adds missing-indicator columns,
 * so "never paid" stays visible to the model after filling.
 * Sequence channels are filled with 0 (a bucket with nothing in it).
 */
export class ImputeMissing implements FeatureStep {
  private readonly options: typeof DEFAULTS;
  private fitted: Fitted | undefined;

  /** Stores the options; see {@link ImputeMissingOptions}. */
  constructor(options: ImputeMissingOptions = {}) {
    const merged = { ...DEFAULTS, ...options };
    oneOf('strategy', merged.strategy, ['median', 'mean', 'zero']);
    if (typeof merged.indicators !== 'boolean') throw new ConfigError('indicators', merged.indicators, 'true or false');
    this.options = merged;
  }

  /** Learns one fill value per static column from the frame's users; returns this. */
  fit(frame: FeatureFrame): this {
    requireRows(frame, 'ImputeMissing');
    const fill: number[] = [];
    const indicated: string[] = [];
    frame.statics.columns.forEach((col, s) => {
      let missing = false;
      let sum = 0;
      let count = 0;
      for (let r = 0; r < col.length; r++) {
        if (Number.isNaN(col[r])) missing = true;
        else { sum += col[r]; count++; }
      }
      // One-hot, flag and share columns are filled with 0 ("not that"): their median is almost
      // always 0 anyway, and skipping the sort keeps fit fast with many one-hot columns.
      const kind = frame.statics.kinds[s];
      let value = 0;
      if (count > 0 && kind !== 'binary' && kind !== 'share') {
        if (this.options.strategy === 'median') value = quantiles(col, [0.5])[0];
        else if (this.options.strategy === 'mean') value = sum / count;
      }
      fill.push(value);
      if (missing && this.options.indicators) indicated.push(frame.statics.names[s]);
    });
    this.fitted = { statics: [...frame.statics.names], sequence: [...frame.sequence.names], fill, indicated };
    return this;
  }

  /** Fills NaNs and appends the indicator columns. */
  transform(frame: FeatureFrame): FeatureFrame {
    const fitted = requireFitted(this.fitted, 'ImputeMissing', 'transform');
    requireSameColumns(fitted.statics, frame.statics.names, 'ImputeMissing', 'statics');
    requireSameColumns(fitted.sequence, frame.sequence.names, 'ImputeMissing', 'sequence');
    const indicatedSet = new Set(fitted.indicated);
    const names = [...frame.statics.names];
    const kinds: FeatureKind[] = [...frame.statics.kinds];
    const columns = frame.statics.columns.map((col, s) => fillColumn(col, fitted.fill[s]));
    frame.statics.columns.forEach((col, s) => {
      const name = frame.statics.names[s];
      if (!indicatedSet.has(name)) return;
      const flag = float32Array(col.length);
      for (let r = 0; r < col.length; r++) flag[r] = Number.isNaN(col[r]) ? 1 : 0;
      names.push(`${name}.missing`);
      kinds.push('binary');
      columns.push(flag);
    });
    const sequence: FeatureBlock = { ...frame.sequence, columns: frame.sequence.columns.map((col) => fillColumn(col, 0)) };
    return { ...frame, sequence, statics: { names, kinds, columns } };
  }

  /** The options as JSON. */
  getConfig(): Json {
    return { ...this.options };
  }

  /** Options and fill values as JSON. */
  toJSON(): StepJSON {
    return { type: 'ImputeMissing', config: this.getConfig(), fitted: this.fitted ? (structuredClone(this.fitted) as unknown as Json) : null };
  }

  /** Rebuilds from `toJSON()` output. */
  static fromJSON(json: StepJSON): ImputeMissing {
    const step = new ImputeMissing(json.config as ImputeMissingOptions);
    step.fitted = fittedOf(json);
    return step;
  }
}

/** The column itself when it has no NaN (shared, never mutated), else a filled copy. */
function fillColumn(col: Float32Array, value: number): Float32Array {
  let i = 0;
  while (i < col.length && !Number.isNaN(col[i])) i++;
  if (i === col.length) return col;
  const out = float32Array(col.length);
  out.set(col);
  for (; i < out.length; i++) if (Number.isNaN(out[i])) out[i] = value;
  return out;
}

registerStep('ImputeMissing', (json) => ImputeMissing.fromJSON(json));
