import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeRows, MIN_PIECE_ROWS, pieceRows, type EncodeInput } from '../../src/kernels/encode.js';
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
      it(`${cell}, ${layers} layer(s): every way of sharing out the rows gives the layer-by-layer forward's bits`, () => {
        const input = stackInput(cell, layers, 40 + layers);
        const want = Array.from(layerByLayer(single, input));
        expect(Array.from(single.startEncode(input).finish())).toEqual(want);
        // Pieces of 1 row, of 7 (the last one 2), the whole batch at once, and the pool's own schedule;
        // which thread takes which piece depends on timing, the bits must not.
        for (const pieceRows of [1, 7, 23, undefined]) {
          const pending = pool.startEncode({ ...input, pieceRows });
          const h = pending.finish();
          expect(Array.from(h), `pieceRows ${pieceRows}`).toEqual(want);
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
    const pending = pool.startEncode({ ...a, pieceRows: 3 });
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

  it('hands out large pieces first and small ones last, every row exactly once', () => {
    expect(pieceRows(256, 0, 2)).toBe(64);
    expect(pieceRows(256, 64, 2)).toBe(48);
    expect(pieceRows(256, 250, 2)).toBe(6);
    expect(pieceRows(256, 200, 4)).toBe(MIN_PIECE_ROWS);
    expect(pieceRows(23, 21, 3, 7)).toBe(2);
    const pieces: number[] = [];
    for (let start = 0; start < 1000; start += pieces[pieces.length - 1]) pieces.push(pieceRows(1000, start, 2));
    expect(pieces.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(pieces.slice(0, 4)).toEqual([252, 188, 140, 108]);
    // Whole 4-row blocks, down to pieces of the minimum; only a batch's last rows may be fewer.
    expect(pieces.every((n) => n % 4 === 0)).toBe(true);
    expect(pieces.slice(-3)).toEqual([8, 8, 8]);
    expect(pieceRows(1001, 996, 2)).toBe(5);
  });
});
