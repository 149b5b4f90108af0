import { isEventColumns, type ColumnarPlatformData } from '../data/columns/event-columns.js';
import type { PlatformData } from '../data/schema.js';
import { toEpochMs } from '../data/schema.js';
import { ConfigError, NotFittedError } from '../errors.js';
import { buildDefaultSteps, type DefaultPipelineOptions } from './default-steps.js';
import { isDuckDBSource, type DuckDBSource } from './duckdb/source.js';
import type { FeatureSet } from './feature-set.js';
import { createFrame, isFeatureFrame, toFeatureSet, type FeatureFrame } from './frame.js';
import { isFeatureStep, registerStep, reviveStep, type FeatureStep, type Json, type RestoreContext, type StepJSON } from './step.js';
import { releaseUnshared, withScratch } from './tables/arena.js';
import { buildTables } from './tables/build-tables.js';
import { BUCKET_MS, type BucketSize, type EventTables } from './tables/types.js';

/** Options of a {@link FeaturePipeline}: how time is cut into buckets. */
export interface FeaturePipelineOptions {
  /** Bucket length: `'day'` or `'week'`. Default `'week'`. */
  readonly bucket?: BucketSize;
  /** T, the number of buckets per user, ending at the cutoff. Default 12. */
  readonly timeSteps?: number;
}

/** Where and for whom to compute features. */
export interface FeatureOptions {
  /** The cutoff instant: only events with `timestamp <= cutoff` are used. Epoch ms, ISO string or Date. */
  readonly cutoff: number | string | Date;
  /**
   * The rows, in order: pass the ids of your labels (e.g. `labels.map((l) => l.userId)`) to align
   * with them. Default: every user of `users` who signed up at or before the cutoff, in `users` order.
   */
  readonly userIds?: readonly string[];
}

/** A pipeline step with its unique name. */
export type NamedStep = readonly [name: string, step: FeatureStep];

const DEFAULTS = { bucket: 'week' as BucketSize, timeSteps: 12 };

/**
 * An ordered list of named feature steps. `fit` fits each step on the previous step's output,
 * for the training users only; `transform` never refits; pipelines nest (a pipeline is a step).
 * Input is platform data in memory (synchronous) or events held in DuckDB (see
 * {@link fromDuckDB}; returns Promises). Both give the same FeatureSet.
 */
export class FeaturePipeline implements FeatureStep {
  /** The steps, in order. */
  readonly steps: readonly NamedStep[];
  private readonly options: FeaturePipelineOptions;
  private fitted: true | undefined;

  /** Stores the steps (unique names; a bad step fails by name) and the time options. No steps: an empty (identity) pipeline. */
  constructor(steps: readonly NamedStep[] | Readonly<Record<string, FeatureStep>> = [], options: FeaturePipelineOptions = {}) {
    const list: NamedStep[] = Array.isArray(steps) ? [...(steps as NamedStep[])] : Object.entries(steps);
    const seen = new Set<string>();
    list.forEach((entry, i) => {
      const [name, step] = Array.isArray(entry) ? entry : [undefined, undefined];
      if (typeof name !== 'string' || name.length === 0) throw new ConfigError(`steps[${i}]`, entry, 'a [name, step] pair with a non-empty name');
      if (seen.has(name)) throw new ConfigError(`steps.${name}`, name, 'a unique step name; rename one of the two steps');
      if (!isFeatureStep(step)) throw new ConfigError(`steps.${name}`, step, 'a FeatureStep (fit, transform, getConfig, toJSON)');
      seen.add(name);
    });
    if (options.bucket !== undefined && !(options.bucket in BUCKET_MS)) throw new ConfigError('bucket', options.bucket, '"day" or "week"');
    if (options.timeSteps !== undefined && !(Number.isInteger(options.timeSteps) && options.timeSteps >= 1)) {
      throw new ConfigError('timeSteps', options.timeSteps, 'an integer >= 1 (the number of buckets per user)');
    }
    this.steps = list;
    this.options = { ...options };
  }

  /** The pipeline {@link FeaturePipeline.default} builds: every built-in step with best-practice settings. */
  static default(options: DefaultPipelineOptions = {}): FeaturePipeline {
    const { steps, bucket, timeSteps } = buildDefaultSteps(options);
    return new FeaturePipeline(steps, { bucket, timeSteps });
  }

  /** The step called `name`. */
  getStep(name: string): FeatureStep {
    const found = this.steps.find(([n]) => n === name);
    if (!found) throw new ConfigError('name', name, `one of ${this.steps.map(([n]) => n).join(', ')}`);
    return found[1];
  }

  /** Fits every step on a frame (a nested pipeline). */
  fit(frame: FeatureFrame): this;
  /**
   * Fits on the users of `data` at `options.cutoff` (see {@link FeatureOptions.userIds}). Events
   * may be objects or packed in an {@link EventColumns} (fastest on large logs).
   */
  fit(data: PlatformData | ColumnarPlatformData, options: FeatureOptions): this;
  /** Fits on events held in DuckDB. */
  fit(source: DuckDBSource, options: FeatureOptions): Promise<this>;
  fit(input: FeatureFrame | PlatformData | ColumnarPlatformData | DuckDBSource, options?: FeatureOptions): this | Promise<this> {
    if (isDuckDBSource(input)) {
      return this.tablesFromDuckDB(input, options).then((t) => {
        this.fitFrame(createFrame(t), false);
        return this;
      });
    }
    withScratch(() => this.fitFrame(this.frameOf(input, options), false));
    return this;
  }

  /** Transforms a frame (a nested pipeline). */
  transform(frame: FeatureFrame): FeatureFrame;
  /** Features for the users of `data` at `options.cutoff`. Pure: never refits. */
  transform(data: PlatformData | ColumnarPlatformData, options: FeatureOptions): FeatureSet;
  /** Features for events held in DuckDB. */
  transform(source: DuckDBSource, options: FeatureOptions): Promise<FeatureSet>;
  transform(input: FeatureFrame | PlatformData | ColumnarPlatformData | DuckDBSource, options?: FeatureOptions): FeatureFrame | FeatureSet | Promise<FeatureSet> {
    if (!this.fitted) throw new NotFittedError('FeaturePipeline', 'transform');
    if (isFeatureFrame(input)) return this.transformFrame(input);
    if (isDuckDBSource(input)) return this.tablesFromDuckDB(input, options).then((t) => toFeatureSet(this.transformFrame(createFrame(t))));
    return withScratch(() => toFeatureSet(this.transformFrame(this.frameOf(input, options))));
  }

  /** Fits, then transforms the same users, building the event tables once. */
  fitTransform(data: PlatformData | ColumnarPlatformData, options: FeatureOptions): FeatureSet;
  /** Fits, then transforms events held in DuckDB. */
  fitTransform(source: DuckDBSource, options: FeatureOptions): Promise<FeatureSet>;
  fitTransform(input: PlatformData | ColumnarPlatformData | DuckDBSource, options: FeatureOptions): FeatureSet | Promise<FeatureSet> {
    if (isDuckDBSource(input)) return this.tablesFromDuckDB(input, options).then((t) => toFeatureSet(this.fitFrame(createFrame(t), true)));
    return withScratch(() => toFeatureSet(this.fitFrame(this.frameOf(input, options), true)));
  }

  /** The time options and each step's name, type and options. */
  getConfig(): Json {
    return {
      ...this.options,
      steps: this.steps.map(([name, step]) => ({ name, type: step.toJSON().type, config: step.getConfig() })),
    } as Json;
  }

  /** Everything needed to rebuild this pipeline, fitted state included, as JSON. */
  toJSON(): StepJSON {
    return {
      type: 'FeaturePipeline',
      config: { ...this.options, steps: this.steps.map(([name, step]) => ({ name, step: step.toJSON() })) } as unknown as Json,
      fitted: this.fitted ? true : null,
    };
  }

  /** Rebuilds a pipeline saved with `toJSON()` (in this or another process); custom scorers via `context`. */
  static fromJSON(json: StepJSON | string, context: RestoreContext = {}): FeaturePipeline {
    const parsed: StepJSON = typeof json === 'string' ? JSON.parse(json) : json;
    if (parsed?.type !== 'FeaturePipeline') throw new ConfigError('json.type', parsed?.type, '"FeaturePipeline" (the output of FeaturePipeline.toJSON())');
    const config = parsed.config as unknown as { bucket?: BucketSize; timeSteps?: number; steps: { name: string; step: StepJSON }[] };
    const steps: NamedStep[] = config.steps.map(({ name, step }) => [name, reviveStep(step, context, `steps.${name}`)]);
    const pipeline = new FeaturePipeline(steps, { bucket: config.bucket, timeSteps: config.timeSteps });
    pipeline.fitted = parsed.fitted === true ? true : undefined;
    return pipeline;
  }

  /** An unfitted twin from `getConfig()` output (scikit-learn's clone); custom scorers via `context`. */
  static fromConfig(config: Json, context: RestoreContext = {}): FeaturePipeline {
    const c = config as unknown as { bucket?: BucketSize; timeSteps?: number; steps?: { name: string; type: string; config: Json }[] };
    if (!c || !Array.isArray(c.steps)) throw new ConfigError('config.steps', c?.steps, 'the output of FeaturePipeline.getConfig()');
    const steps: NamedStep[] = c.steps.map(({ name, type, config: stepConfig }) => [name, reviveStep({ type, config: stepConfig, fitted: null }, context, `steps.${name}`)]);
    return new FeaturePipeline(steps, { bucket: c.bucket, timeSteps: c.timeSteps });
  }

  /** Bucket length and count, defaults filled in. */
  get timeOptions(): Required<FeaturePipelineOptions> {
    return { bucket: this.options.bucket ?? DEFAULTS.bucket, timeSteps: this.options.timeSteps ?? DEFAULTS.timeSteps };
  }

  private fitFrame(frame: FeatureFrame, transformLast: boolean): FeatureFrame {
    this.checkNested(frame);
    let current = frame;
    this.steps.forEach(([, step], i) => {
      step.fit(current);
      if (transformLast || i < this.steps.length - 1) current = advance(frame, current, step.transform(current));
    });
    this.fitted = true;
    return current;
  }

  private transformFrame(frame: FeatureFrame): FeatureFrame {
    this.checkNested(frame);
    let current = frame;
    for (const [, step] of this.steps) current = advance(frame, current, step.transform(current));
    return current;
  }

  private checkNested(frame: FeatureFrame): void {
    const { timeSteps, bucket } = this.options;
    if (timeSteps !== undefined && timeSteps !== frame.tables.timeSteps) throw new ConfigError('timeSteps', timeSteps, `${frame.tables.timeSteps}, the outer pipeline's value (or leave it unset on nested pipelines)`);
    if (bucket !== undefined && BUCKET_MS[bucket] !== frame.tables.bucketMs) throw new ConfigError('bucket', bucket, "the outer pipeline's bucket (or leave it unset on nested pipelines)");
  }

  private frameOf(input: FeatureFrame | PlatformData | ColumnarPlatformData, options: FeatureOptions | undefined): FeatureFrame {
    if (isFeatureFrame(input)) return input;
    if (input == null || !Array.isArray(input.users) || !(Array.isArray(input.events) || isEventColumns(input.events)) || !Array.isArray(input.courses)) {
      throw new ConfigError('data', input, 'PlatformData { users, courses, events } (arrays, or events as EventColumns), a DuckDB source from fromDuckDB(), or a FeatureFrame');
    }
    const { bucket, timeSteps } = this.timeOptions;
    return createFrame(buildTables(input, { cutoff: cutoffOf(options), bucketMs: BUCKET_MS[bucket], timeSteps, userIds: options?.userIds }));
  }

  private async tablesFromDuckDB(source: DuckDBSource, options: FeatureOptions | undefined): Promise<EventTables> {
    const { bucket, timeSteps } = this.timeOptions;
    const { queryTables } = await import('./duckdb/query-tables.js');
    return queryTables(source, { cutoff: cutoffOf(options), bucketMs: BUCKET_MS[bucket], timeSteps, userIds: options?.userIds });
  }
}

/**
 * Moves from one intermediate frame to the next, handing the pool the columns only the old frame
 * used. The frame the pipeline was given is never touched: a nested pipeline's caller still reads it.
 */
function advance(input: FeatureFrame, previous: FeatureFrame, next: FeatureFrame): FeatureFrame {
  if (previous !== input) releaseUnshared(viewsOf(previous), [...viewsOf(next), ...viewsOf(input)]);
  return next;
}

function viewsOf(frame: FeatureFrame): ArrayBufferView[] {
  return [frame.mask, ...frame.sequence.columns, ...frame.statics.columns, ...frame.categoricals.columns, ...tableViews(frame)];
}

/** The tables' arrays: every frame of a call shares them, and columns may be views of them. */
function tableViews(frame: FeatureFrame): ArrayBufferView[] {
  return Object.values(frame.tables).filter((v): v is ArrayBufferView => ArrayBuffer.isView(v));
}

/** The cutoff as epoch ms, or a ConfigError. */
function cutoffOf(options: FeatureOptions | undefined): number {
  const cutoff = options?.cutoff === undefined ? undefined : toEpochMs(options.cutoff);
  if (cutoff === undefined) throw new ConfigError('cutoff', options?.cutoff, 'an instant (epoch ms, ISO-8601 string or Date): fit(data, { cutoff })');
  return cutoff;
}

/**
 * A pipeline whose steps are named after their classes in lowerCamelCase (`scaleFeatures`),
 * with `-2`, `-3` … for repeats, like scikit-learn's make_pipeline.
 */
export function makePipeline(...steps: FeatureStep[]): FeaturePipeline {
  const counts = new Map<string, number>();
  const named = steps.map((step, i): NamedStep => {
    const className = (step as object | null)?.constructor?.name;
    if (!isFeatureStep(step) || !className) throw new ConfigError(`steps[${i}]`, step, 'a FeatureStep instance');
    const base = className[0].toLowerCase() + className.slice(1);
    const k = (counts.get(base) ?? 0) + 1;
    counts.set(base, k);
    return [k === 1 ? base : `${base}-${k}`, step];
  });
  return new FeaturePipeline(named);
}

registerStep('FeaturePipeline', (json, context) => FeaturePipeline.fromJSON(json, context));
