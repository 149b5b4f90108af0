import { describe, expect, it } from 'vitest';
import { NotFittedError, ValidationError } from '../../src/errors.js';
import { IsotonicCalibrator, Metrics, PlattCalibrator } from '../../src/metrics/index.js';

/** An over-confident model: the true churn probability is p, but it reports sigmoid(3·logit(p)). */
function overconfident(n: number): { y: number[]; s: number[] } {
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const y: number[] = [];
  const s: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = 0.05 + 0.9 * rand();
    y.push(rand() < p ? 1 : 0);
    const z = 3 * Math.log(p / (1 - p));
    s.push(1 / (1 + Math.exp(-z)));
  }
  return { y, s };
}

describe.each([
  ['PlattCalibrator', () => new PlattCalibrator(), PlattCalibrator.fromJSON as (j: never) => PlattCalibrator | IsotonicCalibrator],
  ['IsotonicCalibrator', () => new IsotonicCalibrator(), IsotonicCalibrator.fromJSON as (j: never) => PlattCalibrator | IsotonicCalibrator],
] as const)('%s', (name, make, fromJSON) => {
  const train = overconfident(4000);
  const test = overconfident(3000);

  it('throws NotFittedError before fit, naming the class', () => {
    expect(() => make().transform([0.5])).toThrow(NotFittedError);
    expect(() => make().transform([0.5])).toThrow(new RegExp(`${name}\\.transform\\(\\) was called before fit`));
    expect(() => make().toJSON()).toThrow(NotFittedError);
  });

  it('fit returns this and improves log loss and calibration error on held-out users', () => {
    const c = make();
    expect(c.fit(train.y, train.s)).toBe(c);
    const calibrated = c.transform(test.s);
    const before = Metrics.logLoss(test.y, test.s);
    const after = Metrics.logLoss(test.y, calibrated);
    expect(after).toBeLessThan(before - 0.02);
    expect(Metrics.expectedCalibrationError(test.y, calibrated)).toBeLessThan(Metrics.expectedCalibrationError(test.y, test.s) / 2);
    expect(Array.from(calibrated).every((p) => p >= 0 && p <= 1)).toBe(true);
  });

  it('is monotone, so the AUC does not drop', () => {
    const c = make().fit(train.y, train.s);
    const out = c.transform([...test.s].sort((a, b) => a - b));
    for (let i = 1; i < out.length; i++) expect(out[i]).toBeGreaterThanOrEqual(out[i - 1]);
    expect(Metrics.rocAuc(test.y, c.transform(test.s))).toBeGreaterThanOrEqual(Metrics.rocAuc(test.y, test.s) - (name === 'IsotonicCalibrator' ? 0.01 : 1e-12));
  });

  it('round-trips through JSON text with identical outputs', () => {
    const c = make().fit(train.y, train.s);
    const back = fromJSON(JSON.parse(JSON.stringify(c.toJSON())) as never);
    expect(Array.from(back.transform(test.s))).toEqual(Array.from(c.transform(test.s)));
  });

  it('getConfig/fromConfig gives an unfitted twin', () => {
    const c = make().fit(train.y, train.s);
    const twin = (c.constructor as unknown as { fromConfig(cfg: unknown): typeof c }).fromConfig(c.getConfig());
    expect(twin.getConfig()).toEqual(c.getConfig());
    expect(() => twin.transform([0.3])).toThrow(NotFittedError);
  });

  it('rejects bad input and bad JSON with paths', () => {
    expect(() => make().fit([0, 1], [0.2])).toThrow(ValidationError);
    const fitted = make().fit(train.y, train.s);
    expect(() => fitted.transform([0.2, Number.NaN])).toThrow(/yScore\[1\]/);
    expect(() => fromJSON({ type: 'Nope' } as never)).toThrow(ValidationError);
  });
});

describe('PlattCalibrator specifics', () => {
  it('recovers the slope of a logit-scaled score: a ≈ −1/3 on logits 3·logit(p)', () => {
    const { y, s } = overconfident(20000);
    const logits = s.map((p) => Math.log(p / (1 - p)));
    const { a, b } = new PlattCalibrator({ priorCorrection: false }).fit(y, logits).parameters;
    expect(a).toBeGreaterThan(-0.37);
    expect(a).toBeLessThan(-0.30);
    expect(Math.abs(b)).toBeLessThan(0.1);
  });

  it('validates its options in the constructor', () => {
    expect(() => new PlattCalibrator({ maxIterations: 0 })).toThrow(/maxIterations/);
  });
});

describe('IsotonicCalibrator specifics', () => {
  it('pools adjacent violators: [0, 1, 0, 1] at increasing scores gives 0, 0.5, 0.5, 1', () => {
    const c = new IsotonicCalibrator().fit([0, 1, 0, 1], [0.1, 0.2, 0.3, 0.4]);
    expect(Array.from(c.transform([0.1, 0.2, 0.3, 0.4, 0.25, 0, 1]))).toEqual([0, 0.5, 0.5, 1, 0.5, 0, 1]);
  });

  it('pools tied scores first and interpolates between steps', () => {
    const c = new IsotonicCalibrator().fit([0, 1, 1, 0, 1], [0.2, 0.2, 0.2, 0.6, 0.6]);
    // Tied groups: 0.2 → 2/3, 0.6 → 1/2 violates, so both pool to 3/5.
    expect(Array.from(c.transform([0.2, 0.4, 0.6]))).toEqual([0.6, 0.6, 0.6]);
    const d = new IsotonicCalibrator().fit([0, 1], [0.2, 0.6]);
    expect(d.transform([0.3])[0]).toBeCloseTo(0.25, 15);
  });
});

describe("PlattCalibrator({ input: 'probability' })", () => {
  it('leaves already calibrated probabilities (nearly) unchanged and fits logits of probabilities exactly like input: score', async () => {
    const { PlattCalibrator: Platt } = await import('../../src/metrics/platt-calibrator.js');
    let state = 12345;
    const next = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296);
    const n = 20000;
    const p = new Float64Array(n);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      p[i] = 0.02 + 0.96 * next();
      y[i] = next() < p[i] ? 1 : 0;
    }
    const onProbabilities = new Platt({ input: 'probability' }).fit(y, p);
    const calibrated = onProbabilities.transform(p);
    let maxShift = 0;
    for (let i = 0; i < n; i++) maxShift = Math.max(maxShift, Math.abs(calibrated[i] - p[i]));
    expect(maxShift).toBeLessThan(0.03);
    const logits = Float64Array.from(p, (v) => Math.log(v / (1 - v)));
    const onLogits = new Platt().fit(y, logits);
    expect(onProbabilities.parameters.a).toBeCloseTo(onLogits.parameters.a, 10);
    expect(onProbabilities.parameters.b).toBeCloseTo(onLogits.parameters.b, 10);
    expect(() => onProbabilities.transform([0.5, 1.5])).toThrow(/yScore\[1\].*probability/);
    expect(() => new Platt({ input: 'logit' as never })).toThrow(/input/);
    expect(Platt.fromJSON(onProbabilities.toJSON()).transform([0.3])[0]).toBe(onProbabilities.transform([0.3])[0]);
  });
});
