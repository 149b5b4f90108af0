import { ValidationError } from '../errors.js';
import { Arena } from './arena.js';
import { LocalEncode, type EncodeInput, type PendingEncode } from './encode.js';
import { instantiateRecurrent, type RecurrentWasmExports } from './load.js';

/** Which recurrent cell a fused call runs. */
export type FusedCell = 'lstm' | 'gru';

/** Activation of the input/forget/output (LSTM) or update/reset (GRU) gates, as tfjs-layers names it. */
export type FusedRecurrentActivation = 'sigmoid' | 'hardSigmoid';

/** Sizes of one fused call: batch N, steps T, features F, units U. */
export interface RecurrentShape {
  /** Sequences in the batch (N). */
  readonly batch: number;
  /** Time steps per sequence (T). */
  readonly steps: number;
  /** Features per step (F). */
  readonly features: number;
  /** Recurrent units (U). */
  readonly units: number;
}

/** A cell's weights in tfjs-layers' layout: kernel [F, G*U], recurrentKernel [U, G*U], bias [G*U]; G = 4 (LSTM) or 3 (GRU). */
export interface RecurrentWeights {
  /** Input kernel, row-major [F, G*U], gates in tfjs order (LSTM i,f,c,o; GRU z,r,h). */
  readonly kernel: Float32Array;
  /** Recurrent kernel, row-major [U, G*U]. */
  readonly recurrentKernel: Float32Array;
  /** Bias [G*U]. */
  readonly bias: Float32Array;
}

/** Inputs of a fused forward pass. */
export interface FusedForwardInput {
  /** Which cell. */
  readonly cell: FusedCell;
  /** Sizes. */
  readonly shape: RecurrentShape;
  /** Inputs, row-major [N, T, F]. */
  readonly x: Float32Array;
  /** Step mask [N, T] (1 = real step, 0 = padding); omitted means every step is real. */
  readonly mask?: Float32Array;
  /** Weights. */
  readonly weights: RecurrentWeights;
  /** Initial hidden state [N, U]; zeros when omitted. */
  readonly initialH?: Float32Array;
  /** Initial cell state [N, U] (LSTM only); zeros when omitted. */
  readonly initialC?: Float32Array;
  /** Gate activation; tfjs-layers' default is 'hardSigmoid', ChurnLSTM sets 'sigmoid'. */
  readonly recurrentActivation: FusedRecurrentActivation;
  /** Also return the hidden state after every step, [N, T, U]. */
  readonly returnSequences?: boolean;
  /** Keep the activations for {@link RecurrentKernel.backward}; otherwise they are freed at once. */
  readonly keepTape?: boolean;
}

/** Activations a forward pass left in wasm memory for the backward pass; consumed by one backward. */
export interface RecurrentTape {
  /** The cell and sizes the tape belongs to. */
  readonly cell: FusedCell;
  /** Sizes. */
  readonly shape: RecurrentShape;
  /** True once a backward pass (or {@link RecurrentKernel.release}) has freed it. */
  released: boolean;
}

/** Results of a fused forward pass (copied out of wasm memory). */
export interface FusedForwardOutput {
  /** Final hidden state [N, U] (the layer's output when returnSequences is false). */
  readonly h: Float32Array;
  /** Final cell state [N, U] (LSTM only). */
  readonly c?: Float32Array;
  /** Hidden state after each step [N, T, U], when returnSequences was set. */
  readonly sequence?: Float32Array;
  /** The tape, when keepTape was set. */
  readonly tape?: RecurrentTape;
}

/** Upstream gradients for a backward pass; any may be omitted (treated as zeros). */
export interface FusedBackwardInput {
  /** d loss / d sequence output [N, T, U]. */
  readonly dSequence?: Float32Array;
  /** d loss / d final hidden state [N, U]. */
  readonly dH?: Float32Array;
  /** d loss / d final cell state [N, U] (LSTM). */
  readonly dC?: Float32Array;
  /** Also compute d loss / d inputs (skip it for a first layer whose inputs are data). */
  readonly inputGradient?: boolean;
}

/** Gradients from a backward pass. */
export interface FusedBackwardOutput {
  /** d loss / d x [N, T, F], when requested. */
  readonly dX?: Float32Array;
  /** d loss / d kernel [F, G*U]. */
  readonly dKernel: Float32Array;
  /** d loss / d recurrentKernel [U, G*U]. */
  readonly dRecurrentKernel: Float32Array;
  /** d loss / d bias [G*U]. */
  readonly dBias: Float32Array;
  /** d loss / d initial hidden state [N, U]. */
  readonly dInitialH: Float32Array;
  /** d loss / d initial cell state [N, U] (LSTM). */
  readonly dInitialC?: Float32Array;
}

interface TapeState extends RecurrentTape {
  region: number;
  hard: number;
  maskPtr: number;
  at: Record<string, number>;
}

const GATES: Record<FusedCell, number> = { lstm: 4, gru: 3 };

/**
 * One instance of the fused LSTM/GRU kernel with its own wasm memory. Methods take and return plain
 * Float32Arrays in tfjs-layers' layouts; the tfjs op ({@link fusedRecurrentLayer}) and the worker pool
 * build on it. Not thread-safe: one instance per thread.
 */
export class RecurrentKernel {
  private readonly wasm: RecurrentWasmExports;
  private readonly arena: Arena;

  /** @param wasm an instantiated kernel module (a fresh one by default) */
  constructor(wasm: RecurrentWasmExports = instantiateRecurrent()) {
    this.wasm = wasm;
    this.arena = new Arena(wasm.memory, wasm.__heap_base.value as number);
  }

  /** Bytes of wasm memory held by live tapes (0 once every tape is consumed or released). */
  get liveBytes(): number {
    return this.arena.usedBytes;
  }

  /** Runs the cell over all steps of every sequence. */
  forward(input: FusedForwardInput): FusedForwardOutput {
    const { cell, shape } = input;
    checkForward(input);
    const { batch: N, steps: T, features: F, units: U } = shape;
    const G = GATES[cell] * U;
    const NT = N * T;
    const lstm = cell === 'lstm';
    const cacheFree = !input.keepTape;
    // R directly after W (F·4U floats fill whole 16-byte units): the LSTM reads [W; R] as one matrix.
    const { region, at } = this.arena.allocFloats<string>({
      x: NT * F, mask: input.mask ? NT : 0, W: F * G, R: U * G, b: G,
      h0: input.initialH ? N * U : 0, c0: lstm && input.initialC ? N * U : 0,
      h: N * U, c: lstm ? N * U : 0, hseq: input.returnSequences ? NT * U : 0,
      // A forward without a tape (inference) keeps no cache: each step projects into an [N, gates·U]
      // scratch, and the GRU's r·h_prev (S1) is one step's [N, U] (see lstm.c and gru.c).
      Z: cacheFree ? N * G : NT * G, Hp: cacheFree ? 0 : NT * U,
      S1: cacheFree ? (lstm ? 0 : N * U) : NT * U, S2: lstm && !cacheFree ? NT * U : 0,
      XH: lstm ? N * (F + U) : 0,
    });
    const put = (name: string, data: Float32Array | undefined): number => {
      if (!data) return 0;
      this.arena.f32(at[name], data.length).set(data);
      return at[name];
    };
    const px = put('x', input.x);
    const pm = put('mask', input.mask);
    put('W', input.weights.kernel);
    put('R', input.weights.recurrentKernel);
    put('b', input.weights.bias);
    const ph0 = put('h0', input.initialH);
    const hard = input.recurrentActivation === 'hardSigmoid' ? 1 : 0;
    const phseq = input.returnSequences ? at.hseq : 0;
    if (lstm) {
      const pc0 = put('c0', input.initialC);
      this.wasm.lstm_forward(N, T, F, U, px, pm, at.W, at.R, at.b, ph0, pc0, hard, phseq, at.h, at.c, at.Z,
        cacheFree ? 0 : at.Hp, at.S1, at.S2, at.XH);
    } else {
      this.wasm.gru_forward(N, T, F, U, px, pm, at.W, at.R, at.b, ph0, hard, phseq, at.h, at.Z, cacheFree ? 0 : at.Hp, at.S1);
    }
    const out: { h: Float32Array; c?: Float32Array; sequence?: Float32Array; tape?: RecurrentTape } = {
      h: this.arena.f32(at.h, N * U).slice(),
    };
    if (lstm) out.c = this.arena.f32(at.c, N * U).slice();
    if (input.returnSequences) out.sequence = this.arena.f32(at.hseq, NT * U).slice();
    if (input.keepTape) {
      const tape: TapeState = { cell, shape: { ...shape }, released: false, region, hard, maskPtr: pm, at };
      out.tape = tape;
    } else {
      this.arena.free(region);
    }
    return out;
  }

  /** Backpropagates through the steps recorded on `tape` and frees it. */
  backward(tape: RecurrentTape, grads: FusedBackwardInput): FusedBackwardOutput {
    const t = tape as TapeState;
    if (t.released || t.at === undefined) {
      throw new ValidationError(
        [{ code: 'tape_released', path: ['tape'], message: 'this tape was already consumed or released; run forward with keepTape: true once per backward' }],
        'fused recurrent backward',
      );
    }
    const { batch: N, steps: T, features: F, units: U } = t.shape;
    const lstm = t.cell === 'lstm';
    const G = GATES[t.cell] * U;
    const NT = N * T;
    const wantDx = grads.inputGradient !== false;
    const { region, at } = this.arena.allocFloats<string>({
      dHseq: grads.dSequence ? NT * U : 0, dhT: grads.dH ? N * U : 0, dcT: lstm && grads.dC ? N * U : 0,
      dX: wantDx ? NT * F : 0, dW: F * G, dR: U * G, db: G, dh: N * U, dc: lstm ? N * U : 0,
      dZ: lstm ? N * G : NT * G, RT: G * U, WT: G * F, DRH: lstm ? 0 : N * U,
    });
    try {
      const put = (name: string, data: Float32Array | undefined, expected: number): number => {
        if (!data) return 0;
        if (data.length !== expected) {
          throw new ValidationError(
            [{ code: 'bad_length', path: [name], message: `got ${data.length} values, expected ${expected}` }],
            'fused recurrent backward',
          );
        }
        this.arena.f32(at[name], data.length).set(data);
        return at[name];
      };
      const pdS = put('dHseq', grads.dSequence, NT * U);
      const pdh = put('dhT', grads.dH, N * U);
      const f = t.at;
      const pdX = wantDx ? at.dX : 0;
      if (lstm) {
        const pdc = put('dcT', grads.dC, N * U);
        this.wasm.lstm_backward(N, T, F, U, f.x, t.maskPtr, f.W, f.R,
          t.hard, f.Z, f.Hp, f.S1, f.S2, pdS, pdh, pdc, pdX, at.dW, at.dR, at.db, at.dh, at.dc, at.dZ, at.RT, at.WT);
      } else {
        this.wasm.gru_backward(N, T, F, U, f.x, t.maskPtr, f.W, f.R, t.hard, f.Z, f.Hp, f.S1, pdS, pdh, pdX, at.dW,
          at.dR, at.db, at.dh, at.dZ, at.RT, at.WT, at.DRH);
      }
      const read = (name: string, n: number): Float32Array => this.arena.f32(at[name], n).slice();
      const out: {
        dX?: Float32Array; dKernel: Float32Array; dRecurrentKernel: Float32Array; dBias: Float32Array;
        dInitialH: Float32Array; dInitialC?: Float32Array;
      } = { dKernel: read('dW', F * G), dRecurrentKernel: read('dR', U * G), dBias: read('db', G), dInitialH: read('dh', N * U) };
      if (wantDx) out.dX = read('dX', NT * F);
      if (lstm) out.dInitialC = read('dc', N * U);
      return out;
    } finally {
      this.arena.free(region);
      this.release(tape);
    }
  }

  /** Inference through a stack of layers, all on this instance when finished (see {@link PendingEncode}). */
  startEncode(input: EncodeInput): PendingEncode {
    return new LocalEncode(this, input);
  }

  /** Frees a tape without backpropagating (e.g. a forward whose gradient was never asked for). */
  release(tape: RecurrentTape): void {
    const t = tape as TapeState;
    if (t.released) return;
    t.released = true;
    this.arena.free(t.region);
  }
}

/** Throws a ValidationError naming every array whose length does not fit `input.shape`. @internal */
export function checkForward(input: FusedForwardInput): void {
  const { batch: N, steps: T, features: F, units: U } = input.shape;
  const G = GATES[input.cell] * U;
  const issues: { code: string; path: (string | number)[]; message: string }[] = [];
  for (const [k, v] of Object.entries(input.shape)) {
    if (!Number.isInteger(v) || v < 1) issues.push({ code: 'bad_shape', path: ['shape', k], message: `got ${v}, expected a positive integer` });
  }
  const want: [string, Float32Array | undefined, number][] = [
    ['x', input.x, N * T * F], ['mask', input.mask, N * T], ['weights.kernel', input.weights.kernel, F * G],
    ['weights.recurrentKernel', input.weights.recurrentKernel, U * G], ['weights.bias', input.weights.bias, G],
    ['initialH', input.initialH, N * U], ['initialC', input.initialC, N * U],
  ];
  for (const [name, data, n] of want) {
    if (data !== undefined && data.length !== n) {
      issues.push({ code: 'bad_length', path: name.split('.'), message: `got ${data.length} values, expected ${n} for shape ${N}x${T}x${F}, ${U} units` });
    }
  }
  if (issues.length > 0) {
    throw new ValidationError(issues, `fused ${input.cell} forward`);
  }
}
