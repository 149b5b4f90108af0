import { ConfigError } from '../errors.js';
import type { FeatureFrame } from './frame.js';
import type { SentimentScorer } from './sentiment/scorer.js';

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A step saved by `toJSON()`: its class, its options and what it learned (`null` before fit). */
export interface StepJSON {
  /** The step's class name, as registered with {@link registerStep}. */
  readonly type: string;
  /** The constructor options, as from `getConfig()`. */
  readonly config: Json;
  /** The learned state, `null` when unfitted. */
  readonly fitted: Json;
}

/**
 * One stage of a {@link FeaturePipeline}. A step learns from a frame in `fit` (training users
 * only) and adds or rewrites feature columns in `transform`, which never learns.
 */
export interface FeatureStep {
  /** Learns statistics from the frame's rows; returns `this`. */
  fit(frame: FeatureFrame): this;
  /** Returns a new frame; throws NotFittedError before fit. */
  transform(frame: FeatureFrame): FeatureFrame;
  /** The constructor options as plain JSON. */
  getConfig(): Json;
  /** Options and learned state as plain JSON. */
  toJSON(): StepJSON;
}

/** Extra things `fromJSON` may need: scorers that are not built in, by name. */
export interface RestoreContext {
  /** Custom sentiment scorers by `name`, for pipelines saved with one. */
  readonly scorers?: Readonly<Record<string, SentimentScorer>>;
}

/** Rebuilds a step from its JSON. */
export type StepReviver = (json: StepJSON, context: RestoreContext) => FeatureStep;

const registry = new Map<string, StepReviver>();

/** Makes a step class loadable by `FeaturePipeline.fromJSON` under `type`. */
export function registerStep(type: string, revive: StepReviver): void {
  registry.set(type, revive);
}

/** Rebuilds any registered step from JSON. @internal */
export function reviveStep(json: StepJSON, context: RestoreContext, path: string): FeatureStep {
  const revive = json && typeof json === 'object' ? registry.get(json.type) : undefined;
  if (!revive) {
    throw new ConfigError(`${path}.type`, json?.type, `a registered step type (${[...registry.keys()].join(', ')}); call registerStep() for custom steps before fromJSON()`);
  }
  return revive(json, context);
}

/** True when `value` looks like a FeatureStep. @internal */
export function isFeatureStep(value: unknown): value is FeatureStep {
  if (typeof value !== 'object' || value === null) return false;
  const step = value as Record<string, unknown>;
  return typeof step.fit === 'function' && typeof step.transform === 'function' && typeof step.toJSON === 'function' && typeof step.getConfig === 'function';
}
