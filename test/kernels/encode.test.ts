import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balanceRows, encodeRows, updateTimings, type EncodeInput } from '../../src/kernels/encode.js';
import { ValidationError } from '../../src/errors.js';
import { RecurrentKernel, type FusedCell } from '../../src/kernels/index.js';
import { RecurrentPool } from '../../src/kernels/pool/recurrent-pool.js';
import { randomCase } from './reference.js';

/** A stacked encode of `layers` random layers (seeded), with a mask that pads ~30% of steps. */
function stackInput(cell: FusedCell, layers: number, seed: number): EncodeInput {
  const shape = { batch: 23, steps: 7, features: 5, units: 6 };
  const first = randomCase(cell, shape, seed);
  const weights = [{ kernel: first.kernel, recurrentKernel: first.recurrentKernel, bias: first.bias }];
  for (let i = 1; i < layers; i++) {
    const c = randomCase(cell, { ...shape, features: shape.units }, seed + i);
    weights.push({ kernel: c.kernel, recurrentKernel: c.recurrentKernel, bias: c.bias });
  }
  return { cell, recurrentActivation: 'sigmoid', shape, x: first.x, mask: first.mask, layers: weights };
}

/** The stack layer by layer through RecurrentKernel.forward: the reference. */
function layerByLayer(kernel: RecurrentKernel, input: EncodeInput): Float32Array {
  let x = input.x;
  let h: Float32Array = new Float32Array(0);
  input.layers.forEach((weights, i) => {
    const last = i === input.layers.length - 1;
    const out = kernel.forward({
      cell: input.cell, recurrentActivation: input.recurrentActivation, x, mask: input.mask, weights, returnSequences: !last,
      shape: { ...input.shape, features: i === 0 ? input.shape.features : input.shape.units },
    });
    if (last) h = out.h;
    else x = out.sequence!;
  });
  return h;
}

describe('startEncode: inference through a stack of layers, rows split between threads', () => {
  let pool: RecurrentPool;
  const single = new RecurrentKernel();
  beforeAll(async () => {
    pool = await RecurrentPool.create(3);
  });
  afterAll(async () => {
    await pool.terminate();
  });

  for (const cell of ['lstm', 'gru'] as FusedCell[]) {
    for (const layers of [1, 3]) {
      it(`${cell}, ${layers} layer(s): every split of the rows gives the layer-by-layer forward's bits`, () => {
        const input = stackInput(cell, layers, 40 + layers);
        const want = Array.from(layerByLayer(single, input));
        expect(Array.from(single.startEncode(input).finish())).toEqual(want);
        // The calling thread takes none, one, an odd number, all but one, or all of the 23 rows.
        for (const localRows of [0, 1, 7, 22, 23, undefined]) {
          const pending = pool.startEncode({ ...input, localRows });
          const h = pending.finish();
          expect(Array.from(h), `localRows ${localRows}`).toEqual(want);
          expect(pending.finish()).toBe(h);
        }
        // Rows [5, 12) alone: a row's state does not depend on the rows beside it.
        expect(Array.from(encodeRows(single, input, 5, 7))).toEqual(want.slice(5 * 6, 12 * 6));
        expect(single.liveBytes).toBe(0);
      });
    }
  }

  it('another call while an encode is under way finishes it first, and both results are right', () => {
    const a = stackInput('lstm', 2, 7);
    const b = stackInput('gru', 1, 8);
    const pending = pool.startEncode({ ...a, localRows: 3 });
    // A second encode and a training forward reuse the exchange the first one's workers read.
    const second = pool.startEncode(b).finish();
    const c = randomCase('lstm', { batch: 9, steps: 4, features: 3, units: 4 }, 3);
    const weights = { kernel: c.kernel, recurrentKernel: c.recurrentKernel, bias: c.bias };
    const forward = pool.forward({ cell: 'lstm', shape: c.shape, x: c.x, mask: c.mask, weights, recurrentActivation: 'sigmoid' });
    expect(Array.from(pending.finish())).toEqual(Array.from(layerByLayer(single, a)));
    expect(Array.from(second)).toEqual(Array.from(layerByLayer(single, b)));
    expect(Array.from(forward.h)).toEqual(Array.from(single.forward({ cell: 'lstm', shape: c.shape, x: c.x, mask: c.mask, weights, recurrentActivation: 'sigmoid' }).h));
  });

  it('rejects a mis-sized input before any thread starts, naming the array; the pool goes on working', () => {
    const input = stackInput('lstm', 2, 9);
    const short = { ...input.layers[1], kernel: input.layers[1].kernel.subarray(1) };
    const bad = { ...input, layers: [input.layers[0], short] };
    expect(() => pool.startEncode(bad)).toThrow(/Invalid fused lstm encode \(1 issue\):\n {2}- layers\[1\]\.kernel: got 143 values, expected 144/);
    expect(() => single.startEncode(bad)).toThrow(ValidationError);
    expect(() => pool.startEncode({ ...input, x: input.x.subarray(5) })).toThrow(/x: got 800 values, expected 805/);
    expect(Array.from(pool.startEncode(input).finish())).toEqual(Array.from(layerByLayer(single, input)));
  });

  it('checks a whole forward input before posting, and waits for the workers when its own share fails', () => {
    // Big enough that the worker's half (~10 ms) is still running when the calling thread's share fails at once.
    const c = randomCase('lstm', { batch: 512, steps: 30, features: 8, units: 64 }, 5);
    const weights = { kernel: c.kernel, recurrentKernel: c.recurrentKernel, bias: c.bias };
    const input = { cell: 'lstm' as const, shape: c.shape, x: c.x, mask: c.mask, weights, recurrentActivation: 'sigmoid' as const };
    const channel = (pool as unknown as { channel: { workersDone(): boolean } }).channel;
    // A mask one value short: each thread's own rows would pass, the last row's mask would not exist.
    expect(() => pool.forward({ ...input, mask: c.mask.subarray(1) })).toThrow(/mask: got 15359 values, expected 15360/);
    expect(channel.workersDone()).toBe(true);
    // A failure on the calling thread after the workers were posted (injected): the call returns only once they are done.
    const local = (pool as unknown as { local: { kernel: RecurrentKernel } }).local.kernel;
    const forward = local.forward;
    local.forward = () => {
      throw new Error('injected failure');
    };
    try {
      expect(() => pool.forward(input)).toThrow('injected failure');
      expect(channel.workersDone()).toBe(true);
    } finally {
      local.forward = forward;
    }
    expect(Array.from(pool.forward(input).h)).toEqual(Array.from(single.forward(input).h));
  });

  it('balances the calling thread\'s rows against its own work and each side\'s speed', () => {
    // No measurement yet: an even share.
    expect(balanceRows(256, 2, undefined)).toBe(128);
    // Equal speeds, no other work: half each.
    expect(balanceRows(256, 2, { localMsPerRow: 0.04, workerMsPerRow: 0.04, callerMs: 0 })).toBe(128);
    // 2 ms of other work at 0.04 ms a row: 25 rows fewer on the calling thread, rounded down to 4-row blocks.
    expect(balanceRows(256, 2, { localMsPerRow: 0.04, workerMsPerRow: 0.04, callerMs: 2 })).toBe(100);
    // A worker twice as slow per row: the calling thread takes two thirds.
    expect(balanceRows(300, 2, { localMsPerRow: 0.02, workerMsPerRow: 0.04, callerMs: 0 })).toBe(200);
    // Three threads: the calling thread's share shrinks by its other work, the two workers split the rest.
    expect(balanceRows(300, 3, { localMsPerRow: 0.04, workerMsPerRow: 0.04, callerMs: 1 })).toBe(80);
    // Other work longer than a whole batch: the workers take every row.
    expect(balanceRows(64, 2, { localMsPerRow: 0.04, workerMsPerRow: 0.04, callerMs: 50 })).toBe(0);
    // Smoothing: the first sample is taken as is, later ones move it by 30%; the slowest worker counts.
    const t1 = updateTimings(undefined, { localRows: 100, localMs: 4, workerRows: [50, 100], workerMs: [1, 6], callerMs: 2 });
    expect(t1).toEqual({ localMsPerRow: 0.04, workerMsPerRow: 0.06, callerMs: 2 });
    const t2 = updateTimings(t1, { localRows: 0, localMs: 0, workerRows: [100, 0], workerMs: [3, 0], callerMs: 4 });
    expect(t2.localMsPerRow).toBe(0.04);
    expect(t2.workerMsPerRow).toBeCloseTo(0.7 * 0.06 + 0.3 * 0.03, 12);
    expect(t2.callerMs).toBeCloseTo(2.6, 12);
  });
});
