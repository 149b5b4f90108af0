import { ConfigError, NotFittedError, ValidationError } from '../../errors.js';
import type { FeatureSet } from '../../features/feature-set.js';
import { OULAD_CATEGORIES, OULAD_NUMERIC_NAMES, OULAD_SEQUENCE_NAMES, ouladCategory, ouladRaw, ouladSteps } from './oulad-raw.js';
import type { OuladAssessment, OuladEnrolment } from './read-oulad.js';

/** Options of {@link OuladFeatures}. */
export interface OuladFeaturesConfig {
  /** The prediction day relative to the presentation start; nothing dated after it is read. Default 30. */
  readonly cutoffDay?: number;
}

/** What {@link OuladFeatures.fit} and `transform` take: enrolments plus the assessment schedule. */
export interface OuladFeatureInput {
  /** The enrolments to encode (e.g. an {@link OuladSnapshot}'s). */
  readonly enrolments: readonly OuladEnrolment[];
  /** Assessments by id, from {@link readOulad}. */
  readonly assessments: ReadonlyMap<string, OuladAssessment>;
}

/** What {@link OuladFeatures.fit} learns from the training enrolments. */
export interface OuladFitted {
  /** Per categorical field, the values seen in training (unseen values encode as all zeros). */
  readonly vocabulary: Record<string, string[]>;
  /** Per sequence channel mean. */
  readonly sequenceMean: number[];
  /** Per sequence channel standard deviation (1 when constant). */
  readonly sequenceStd: number[];
  /** Per numeric static mean. */
  readonly numericMean: number[];
  /** Per numeric static standard deviation (1 when constant). */
  readonly numericStd: number[];
}

/** The JSON form of an {@link OuladFeatures}. */
export interface OuladFeaturesJSON {
  /** Always `'OuladFeatures'`. */
  readonly type: 'OuladFeatures';
  /** The options, defaults filled in. */
  readonly config: Required<OuladFeaturesConfig>;
  /** What fit learned, or null. */
  readonly fitted: OuladFitted | null;
}

const DEFAULTS: Required<OuladFeaturesConfig> = { cutoffDay: 30 };

/**
 * OULAD enrolments at a cutoff day as a {@link FeatureSet}: weekly sequences of submissions,
 * scores, lateness and missed assessments up to the cutoff, and statics from registration,
 * demographics (one-hot, vocabulary learned on training enrolments) and submission aggregates.
 */
export class OuladFeatures {
  /** The options, defaults filled in. */
  readonly config: Required<OuladFeaturesConfig>;
  private fitted: OuladFitted | null = null;

  constructor(config: OuladFeaturesConfig = {}) {
    const c = { ...DEFAULTS, ...config };
    if (!Number.isInteger(c.cutoffDay) || c.cutoffDay < 0) throw new ConfigError('cutoffDay', c.cutoffDay, 'a non-negative integer day');
    this.config = c;
  }

  /** The options as plain JSON. */
  getConfig(): Required<OuladFeaturesConfig> {
    return { ...this.config };
  }

  /** An unfitted instance with the given options. */
  static fromConfig(config: OuladFeaturesConfig): OuladFeatures {
    return new OuladFeatures(config);
  }

  /** Learns category vocabularies and scaling from the training enrolments. */
  fit(input: OuladFeatureInput): this {
    check(input);
    const raw = this.raw(input);
    const vocabulary: Record<string, string[]> = {};
    for (const field of OULAD_CATEGORIES) vocabulary[field] = [...new Set(input.enrolments.map((e) => ouladCategory(e, field)))].sort();
    const stats = (values: Float32Array, width: number) => {
      const rows = values.length / width;
      const mean = new Array<number>(width).fill(0);
      const sq = new Array<number>(width).fill(0);
      for (let i = 0; i < rows; i++) {
        for (let f = 0; f < width; f++) {
          mean[f] += values[i * width + f];
          sq[f] += values[i * width + f] ** 2;
        }
      }
      const m = mean.map((v) => v / rows);
      const s = sq.map((v, f) => {
        const sd = Math.sqrt(Math.max(0, v / rows - m[f] ** 2));
        return sd > 1e-8 ? sd : 1;
      });
      return { m, s };
    };
    const seq = stats(raw.sequences, OULAD_SEQUENCE_NAMES.length);
    const num = stats(raw.numeric, OULAD_NUMERIC_NAMES.length);
    this.fitted = { vocabulary, sequenceMean: seq.m, sequenceStd: seq.s, numericMean: num.m, numericStd: num.s };
    return this;
  }

  /** Encodes any enrolments with what fit learned; rows in input order, `userIds` are enrolment keys. */
  transform(input: OuladFeatureInput): FeatureSet {
    const fitted = this.fitted;
    if (!fitted) throw new NotFittedError('OuladFeatures', 'transform');
    check(input);
    const raw = this.raw(input);
    const n = input.enrolments.length;
    const F = OULAD_SEQUENCE_NAMES.length;
    const sequences = raw.sequences;
    for (let i = 0; i < sequences.length; i++) sequences[i] = (sequences[i] - fitted.sequenceMean[i % F]) / fitted.sequenceStd[i % F];
    const names: string[] = [...OULAD_NUMERIC_NAMES];
    const offsets: Record<string, number> = {};
    for (const field of OULAD_CATEGORIES) {
      offsets[field] = names.length;
      for (const v of fitted.vocabulary[field]) names.push(`${field}=${v}`);
    }
    const S = names.length;
    const N = OULAD_NUMERIC_NAMES.length;
    const statics = new Float32Array(n * S);
    input.enrolments.forEach((e, i) => {
      for (let k = 0; k < N; k++) statics[i * S + k] = (raw.numeric[i * N + k] - fitted.numericMean[k]) / fitted.numericStd[k];
      for (const field of OULAD_CATEGORIES) {
        const at = fitted.vocabulary[field].indexOf(ouladCategory(e, field));
        if (at >= 0) statics[i * S + offsets[field] + at] = 1;
      }
    });
    const T = ouladSteps(this.config.cutoffDay);
    return {
      userIds: input.enrolments.map((e) => e.key),
      sequences,
      mask: new Float32Array(n * T).fill(1),
      statics,
      shape: { users: n, steps: T, sequenceFeatures: F, staticFeatures: S },
      sequenceFeatureNames: [...OULAD_SEQUENCE_NAMES],
      staticFeatureNames: names,
    };
  }

  /** `fit(input)` then `transform(input)`. */
  fitTransform(input: OuladFeatureInput): FeatureSet {
    return this.fit(input).transform(input);
  }

  /** Config and learned state as plain JSON. */
  toJSON(): OuladFeaturesJSON {
    return { type: 'OuladFeatures', config: this.getConfig(), fitted: this.fitted && structuredClone(this.fitted) };
  }

  /** Rebuilds an instance from {@link OuladFeatures.toJSON}. */
  static fromJSON(json: OuladFeaturesJSON): OuladFeatures {
    if (json?.type !== 'OuladFeatures') throw new ConfigError('type', json?.type, "'OuladFeatures'");
    const out = new OuladFeatures(json.config);
    out.fitted = json.fitted && structuredClone(json.fitted);
    return out;
  }

  private raw(input: OuladFeatureInput): { sequences: Float32Array; numeric: Float32Array } {
    const n = input.enrolments.length;
    const T = ouladSteps(this.config.cutoffDay);
    const F = OULAD_SEQUENCE_NAMES.length;
    const N = OULAD_NUMERIC_NAMES.length;
    const sequences = new Float32Array(n * T * F);
    const numeric = new Float32Array(n * N);
    input.enrolments.forEach((e, i) => {
      ouladRaw(e, input.assessments, this.config.cutoffDay, {
        sequence: sequences.subarray(i * T * F, (i + 1) * T * F),
        numeric: numeric.subarray(i * N, (i + 1) * N),
      });
    });
    return { sequences, numeric };
  }
}

function check(input: OuladFeatureInput): void {
  if (!input || !Array.isArray(input.enrolments) || !(input.assessments instanceof Map)) {
    throw new ValidationError([{ code: 'invalid_type', path: [], message: 'expected { enrolments, assessments } from readOulad() / ouladSnapshot()' }], 'OULAD input');
  }
  if (input.enrolments.length === 0) {
    throw new ValidationError([{ code: 'empty', path: ['enrolments'], message: 'no enrolments; check the cutoff and the presentation filter' }], 'OULAD input');
  }
}
