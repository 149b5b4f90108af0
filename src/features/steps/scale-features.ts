import { ConfigError, ValidationError, type Issue } from '../../errors.js';
import type { FeatureBlock, FeatureFrame, FeatureKind } from '../frame.js';
import { registerStep, type FeatureStep, type Json, type StepJSON } from '../step.js';
import { float32Columns } from '../tables/arena.js';
import { fittedOf, oneOf, requireFitted, requireRows, requireSameColumns } from './common.js';
import { quantiles, scratch } from './stats.js';

/** How {@link ScaleFeatures} scales a column: `(x − center) / scale`. */
export type ScalingMethod = 'standard' | 'minmax' | 'robust' | 'none';

/** Options of {@link ScaleFeatures}. */
export interface ScaleFeaturesOptions {
  /** `standard` (mean, std), `minmax` (min, max − min), `robust` (median, IQR) or `none`. Default `'standard'`. */
  readonly method?: ScalingMethod;
  /** Apply signed log1p to `count` and `amount` columns before scaling. Default true. */
  readonly log1p?: boolean;
}

const DEFAULTS = { method: 'standard' as ScalingMethod, log1p: true };

/** Learned `(center, scale)` per column; `scale` 0 means the column is passed through. */
interface BlockStats {
  names: string[];
  center: number[];
  scale: number[];
}

/**
 * Scales numeric columns with statistics learned from the training users only: sequence
 * channels over their unmasked buckets, statics over their rows. `count` and `amount` columns
 * first get a signed log1p (spend can be negative after refunds); `binary` and `share` columns
 * pass through unchanged; masked (padding) buckets stay 0. A constant column gets scale 1. NaN input is an error (put
 * ImputeMissing first).
 */
export class ScaleFeatures implements FeatureStep {
  private readonly options: typeof DEFAULTS;
  private fitted: { sequence: BlockStats; statics: BlockStats } | undefined;

  /** Stores the options; see {@link ScaleFeaturesOptions}. */
  constructor(options: ScaleFeaturesOptions = {}) {
    const merged = { ...DEFAULTS, ...options };
    oneOf('method', merged.method, ['standard', 'minmax', 'robust', 'none']);
    if (typeof merged.log1p !== 'boolean') throw new ConfigError('log1p', merged.log1p, 'true or false');
    this.options = merged;
  }

  /** Learns per-column statistics from the frame's users; returns this. */
  fit(frame: FeatureFrame): this {
    requireRows(frame, 'ScaleFeatures');
    requireFinite(frame);
    this.fitted = {
      sequence: this.fitBlock(frame.sequence, frame.mask),
      statics: this.fitBlock(frame.statics),
    };
    return this;
  }

  /** Returns a frame with the numeric columns scaled. */
  transform(frame: FeatureFrame): FeatureFrame {
    const fitted = requireFitted(this.fitted, 'ScaleFeatures', 'transform');
    requireSameColumns(fitted.sequence.names, frame.sequence.names, 'ScaleFeatures', 'sequence');
    requireSameColumns(fitted.statics.names, frame.statics.names, 'ScaleFeatures', 'statics');
    requireFinite(frame);
    return { ...frame, sequence: this.applyBlock(frame.sequence, fitted.sequence, frame.mask), statics: this.applyBlock(frame.statics, fitted.statics) };
  }

  /** The options as JSON. */
  getConfig(): Json {
    return { ...this.options };
  }

  /** Options and statistics as JSON. */
  toJSON(): StepJSON {
    return { type: 'ScaleFeatures', config: this.getConfig(), fitted: this.fitted ? (structuredClone(this.fitted) as unknown as Json) : null };
  }

  /** Rebuilds from `toJSON()` output. */
  static fromJSON(json: StepJSON): ScaleFeatures {
    const step = new ScaleFeatures(json.config as ScaleFeaturesOptions);
    step.fitted = fittedOf(json);
    return step;
  }

  private logged(kind: FeatureKind): boolean {
    return this.options.log1p && (kind === 'count' || kind === 'amount');
  }

  private fitBlock(block: FeatureBlock, mask?: Float32Array): BlockStats {
    const center: number[] = [];
    const scale: number[] = [];
    block.columns.forEach((col, c) => {
      const kind = block.kinds[c];
      if (kind === 'binary' || kind === 'share' || this.options.method === 'none') {
        center.push(0);
        scale.push(0);
        return;
      }
      let values: ArrayLike<number> = col;
      if (this.logged(kind)) {
        const logged = scratch(1, col.length);
        for (let i = 0; i < col.length; i++) logged[i] = signedLog1p(col[i]);
        values = logged;
      }
      const [c0, s0] = statistics(values, this.options.method, mask);
      center.push(c0);
      scale.push(s0 > 0 && Number.isFinite(s0) ? s0 : 1);
    });
    return { names: [...block.names], center, scale };
  }

  private applyBlock(block: FeatureBlock, stats: BlockStats, mask?: Float32Array): FeatureBlock {
    const scaled = stats.scale.filter((s) => s !== 0).length;
    const length = block.columns[0]?.length ?? 0;
    const pool = float32Columns(scaled, length);
    let next = 0;
    const columns = block.columns.map((col, c) => {
      if (stats.scale[c] === 0) return col;
      const out = pool[next++];
      const log = this.logged(block.kinds[c]);
      const center = stats.center[c];
      const scale = stats.scale[c];
      // Left padding stays exactly 0 so masked buckets carry no signal.
      for (let i = 0; i < col.length; i++) {
        out[i] = mask && mask[i] === 0 ? 0 : ((log ? signedLog1p(col[i]) : col[i]) - center) / scale;
      }
      return out;
    });
    return { ...block, columns };
  }
}

/** sign(x) · log(1 + |x|). */
function signedLog1p(x: number): number {
  return x >= 0 ? Math.log1p(x) : -Math.log1p(-x);
}

/** (center, scale) of the values where the mask (if any) is 1; (0, 1) when there are none. */
function statistics(values: ArrayLike<number>, method: ScalingMethod, mask?: Float32Array): [number, number] {
  if (method === 'robust') {
    const [q1, median, q3] = quantiles(values, [0.25, 0.5, 0.75], mask);
    return Number.isNaN(median) ? [0, 1] : [median, q3 - q1];
  }
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (mask && mask[i] === 0) continue;
    const v = values[i];
    count++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (count === 0) return [0, 1];
  if (method === 'minmax') return [min, max - min];
  const mean = sum / count;
  let ss = 0;
  for (let i = 0; i < values.length; i++) {
    if (mask && mask[i] === 0) continue;
    ss += (values[i] - mean) ** 2;
  }
  return [mean, Math.sqrt(ss / count)];
}

/** NaN or infinite input would poison the statistics: name every such column. */
function requireFinite(frame: FeatureFrame): void {
  const issues: Issue[] = [];
  const scan = (block: FeatureBlock, label: string) => {
    block.columns.forEach((col, c) => {
      for (let i = 0; i < col.length; i++) {
        if (!Number.isFinite(col[i])) {
          issues.push({ code: 'not_finite', path: [label, block.names[c], i], message: `ScaleFeatures got ${col[i]}; put ImputeMissing before ScaleFeatures` });
          return;
        }
      }
    });
  };
  scan(frame.sequence, 'sequence');
  scan(frame.statics, 'statics');
  if (issues.length > 0) throw new ValidationError(issues, 'FeatureFrame');
}

registerStep('ScaleFeatures', (json) => ScaleFeatures.fromJSON(json));
