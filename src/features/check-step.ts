import type { PlatformData, PlatformEvent } from '../data/schema.js';
import { ChurnkitError, NotFittedError, ValidationError } from '../errors.js';
import { createFrame, type FeatureBlock, type FeatureFrame } from './frame.js';
import { reviveStep, type FeatureStep } from './step.js';
import { ActivitySummary } from './steps/summarize-activity.js';
import { SequenceChannels } from './steps/sequence-channels.js';
import { buildTables } from './tables/build-tables.js';
import { BUCKET_MS } from './tables/types.js';

/** Input for {@link checkStep}. */
export interface CheckStepOptions {
  /** Platform data with at least a few users and every event type. */
  readonly data: PlatformData;
  /** The cutoff to build frames at (epoch ms). */
  readonly cutoff: number;
  /** Steps fitted before the one under test, to give it columns to work on. Default: sequence channels and activity aggregates. */
  readonly upstream?: () => FeatureStep[];
}

/** Thrown by {@link checkStep} when a step breaks the contract; `check` names the failed rule. */
export class StepContractError extends ChurnkitError {
  constructor(
    /** The rule that failed, e.g. `'fit returns this'`. */
    readonly check: string,
    detail: string,
  ) {
    super(`Step contract "${check}" failed: ${detail}`);
  }
}

/**
 * The contract battery every feature step must pass: no-argument construction, `fit` returns
 * `this`, refitting on the same data gives identical output, unfitted use throws
 * NotFittedError, neither the input frame nor the config is mutated, a JSON round trip gives
 * identical output, an empty frame fails with a ValidationError with a path, and NaN in the
 * events fails with a ValidationError pointing at the event. Returns the checks passed; throws
 * {@link StepContractError} on the first failure.
 */
export function checkStep(factory: () => FeatureStep, options: CheckStepOptions): string[] {
  const passed: string[] = [];
  const pass = (name: string, ok: boolean, detail: string) => {
    if (!ok) throw new StepContractError(name, detail);
    passed.push(name);
  };
  const upstream = options.upstream ?? (() => [new SequenceChannels(), new ActivitySummary()]);
  const frameFor = (data: PlatformData, userIds?: readonly string[]) => {
    let frame = createFrame(buildTables(data, { cutoff: options.cutoff, bucketMs: BUCKET_MS.week, timeSteps: 6, userIds }));
    for (const step of upstream()) frame = step.fit(frame).transform(frame);
    return frame;
  };
  const frame = frameFor(options.data);

  const sample = factory();
  const Ctor = sample.constructor as new () => FeatureStep;
  let bare: FeatureStep | undefined;
  try { bare = new Ctor(); } catch (error) { pass('no-argument construction', false, String(error)); }
  pass('no-argument construction', bare !== undefined && typeof bare.fit === 'function', 'new Step() must work with defaults');

  let unfittedError: unknown;
  try { factory().transform(frame); } catch (error) { unfittedError = error; }
  pass('unfitted use throws NotFittedError', unfittedError instanceof NotFittedError, `got ${String(unfittedError)}`);

  const before = snapshot(frame);
  const step = factory();
  const config = JSON.stringify(step.getConfig());
  pass('fit returns this', step.fit(frame) === step, 'fit() must return the step itself');
  const out = step.transform(frame);
  pass('input frame not mutated', sameSnapshot(before, snapshot(frame)), 'fit/transform changed a column of the input frame');
  pass('config not mutated', JSON.stringify(step.getConfig()) === config, 'fit changed getConfig()');

  const again = factory().fit(frame).transform(frame);
  pass('same-data refit is identical', sameSnapshot(snapshot(out), snapshot(again)), 'two fits on the same data gave different output');
  const refit = step.fit(frame).transform(frame);
  pass('refitting one instance is identical', sameSnapshot(snapshot(out), snapshot(refit)), 'refitting the same instance changed its output');

  const revived = reviveStep(JSON.parse(JSON.stringify(step.toJSON())), {}, 'step');
  pass('JSON round trip is identical', sameSnapshot(snapshot(out), snapshot(revived.transform(frame))), 'fromJSON(toJSON()) transforms differently');

  let emptyError: unknown;
  try { factory().fit(frameFor(options.data, [])); } catch (error) { emptyError = error; }
  pass('empty input fails with a path', emptyError instanceof ValidationError && emptyError.issues.every((i) => i.path.length > 0), `got ${String(emptyError)}`);

  const index = options.data.events.findIndex((e) => e.type === 'view');
  const poisoned = options.data.events.map((e, i): PlatformEvent => (i === index ? { ...(e as Extract<PlatformEvent, { type: 'view' }>), watchSeconds: NaN } : e));
  let nanError: unknown;
  try { factory().fit(frameFor({ ...options.data, events: poisoned })); } catch (error) { nanError = error; }
  const nanPath = nanError instanceof ValidationError ? nanError.issues[0]?.path : undefined;
  pass('NaN input fails with a path', nanPath !== undefined && nanPath[1] === index && nanPath[2] === 'watchSeconds', `got ${String(nanError)}`);
  return passed;
}

interface Snapshot {
  names: string;
  columns: Float32Array[];
  categoricals: Int32Array[];
  mask: Float32Array;
}

function snapshot(frame: FeatureFrame): Snapshot {
  const blocks: FeatureBlock[] = [frame.sequence, frame.statics];
  return {
    names: JSON.stringify([frame.sequence.names, frame.statics.names, frame.categoricals.names, frame.sequence.kinds, frame.statics.kinds]),
    columns: blocks.flatMap((b) => b.columns.map((c) => c.slice())),
    categoricals: frame.categoricals.columns.map((c) => c.slice()),
    mask: frame.mask.slice(),
  };
}

/** Bit-identical comparison (NaN equals NaN). */
function sameSnapshot(a: Snapshot, b: Snapshot): boolean {
  const same = (x: ArrayLike<number>, y: ArrayLike<number>) => x.length === y.length && Array.from(x).every((v, i) => Object.is(v, y[i]));
  return a.names === b.names && a.columns.length === b.columns.length && a.columns.every((c, i) => same(c, b.columns[i]))
    && a.categoricals.length === b.categoricals.length && a.categoricals.every((c, i) => same(c, b.categoricals[i])) && same(a.mask, b.mask);
}
