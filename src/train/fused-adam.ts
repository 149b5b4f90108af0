import * as tf from '@tensorflow/tfjs-core';
import { onHostBackend } from '../backend/host-memory.js';
import { sharedHostKernel } from '../kernels/host-kernel.js';
import { clippedCopies } from './clipping.js';

const f32 = Math.fround;

type VariableGradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];
type OptimizerWeights = Awaited<ReturnType<tf.AdamOptimizer['getWeights']>>;

/**
 * tfjs's Adam with gradient clipping fused into one pass over plain Float32Arrays on the cpu and
 * wasm backends. tfjs runs clipping and Adam as ~110 small tensor ops per step for ChurnLSTM's seven
 * variables, each with its own dispatch cost; here each gradient and variable is read once and
 * each variable written once.
 *
 * The arithmetic is tfjs's, op for op, with every intermediate rounded to float32 as tfjs's float32
 * tensors round it: m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², w ← w − lr · m̂ / (√v̂ + ε) with
 * m̂ = m / (1 − β1ᵗ), v̂ = v / (1 − β2ᵗ) and β1ᵗ, β2ᵗ kept as float32 products; clipping is
 * clip-by-value, then the global norm √Σ g² (each variable's sum accumulated in order in float32,
 * as the wasm backend's Sum does) and g·(clipNorm / max(norm, clipNorm)). On other backends it is
 * tfjs's Adam unchanged. The moments live in JS between steps; {@link FusedAdam.getWeights} writes
 * them into tfjs's moment variables first, so saved optimizer state has tfjs's format. @internal
 */
export class FusedAdam extends tf.AdamOptimizer {
  private firstMoments: Float32Array[] = [];
  private secondMoments: Float32Array[] = [];
  /** Variable names, by index, as tfjs's moment slots are indexed. */
  private slotNames: string[] = [];
  /** β1ᵗ and β2ᵗ as tfjs's float32 accumulator variables hold them. */
  private power1 = 0;
  private power2 = 0;
  /** True while the JS state is newer than tfjs's variables (which then must not be read). */
  private hostState = false;

  /** Whether {@link FusedAdam.applyClippedGradients} runs on plain arrays on the current backend. */
  get fused(): boolean {
    return onHostBackend();
  }

  /** tfjs's applyGradients (no clipping), on arrays where the backend allows. */
  override applyGradients(variableGradients: tf.NamedTensorMap | VariableGradients): void {
    if (Array.isArray(variableGradients) || !this.fused) {
      this.syncToVariables();
      super.applyGradients(variableGradients as VariableGradients);
      return;
    }
    this.applyClippedGradients(variableGradients as tf.NamedTensorMap, 0, 0);
  }

  /**
   * Clips `grads` (see clipGradients: by value, then to a global norm; 0 turns either off) and
   * applies one Adam step to the registered variables they are named after. Does not dispose `grads`.
   */
  applyClippedGradients(grads: tf.NamedTensorMap, clipNorm: number, clipValue: number): void {
    const names = Object.keys(grads);
    if (!this.fused) {
      this.syncToVariables();
      const clipped = clippedCopies(grads, names, clipNorm, clipValue);
      super.applyGradients(clipped as VariableGradients);
      tf.dispose(names.filter((n) => clipped[n] !== grads[n]).map((n) => clipped[n]));
      return;
    }
    // Copies: on the cpu backend dataSync() hands out the tensor's own buffer. Like tfjs's Adam, a
    // variable without a gradient keeps its moment slot (slots are indexed by position) and is left alone.
    const values: (Float32Array | undefined)[] = names.map((n) => (grads[n] ? (grads[n].dataSync() as Float32Array).slice() : undefined));
    const present = values.filter((a): a is Float32Array => a !== undefined);
    if (clipValue > 0) {
      const c = f32(clipValue);
      for (const a of present) for (let i = 0; i < a.length; i++) a[i] = a[i] > c ? c : a[i] < -c ? -c : a[i];
    }
    if (clipNorm > 0) scaleToNorm(present, f32(clipNorm));
    this.step(names, values);
  }

  /** Writes the moments kept in JS into tfjs's moment variables, then returns tfjs's state. */
  override async getWeights(): Promise<OptimizerWeights> {
    this.syncToVariables();
    return super.getWeights();
  }

  /** Sets tfjs's state; the next fused step reads it from tfjs's variables. */
  override async setWeights(weightValues: OptimizerWeights): Promise<void> {
    this.hostState = false;
    await super.setWeights(weightValues);
  }

  /** One Adam step on `grads` (already clipped; read from tensors, so this may overwrite them). */
  private step(names: string[], grads: (Float32Array | undefined)[]): void {
    if (!this.hostState) this.reloadFromVariables();
    const registered = tf.engine().registeredVariables;
    const b1 = f32(this.beta1);
    const b2 = f32(this.beta2);
    const c1 = f32(1 - this.beta1);
    const c2 = f32(1 - this.beta2);
    const eps = f32(this.epsilon);
    const rate = f32(-this.learningRate);
    const correction1 = f32(1 - this.power1);
    const correction2 = f32(1 - this.power2);
    const host = sharedHostKernel();
    names.forEach((name, k) => {
      const variable = registered[name];
      const g = grads[k];
      if (!g) return;
      const w = (variable.dataSync() as Float32Array).slice();
      this.slotNames[k] = name;
      const m = (this.firstMoments[k] ??= new Float32Array(w.length));
      const v = (this.secondMoments[k] ??= new Float32Array(w.length));
      const constants = [b1, c1, correction1, b2, c2, correction2, eps, rate];
      // The kernel module's SIMD loop where this thread has it (same bits, ~10x faster than the JS loop's float64 divides).
      if (host) host.adamUpdate(w, g, m, v, constants);
      else adamUpdate(w, g, m, v, constants);
      // A new tensor, never a write into the variable's buffer: clones (best weights) share it.
      const next = tf.tensor(w, variable.shape, 'float32');
      variable.assign(next);
      next.dispose();
    });
    this.power1 = f32(this.power1 * b1);
    this.power2 = f32(this.power2 * b2);
    this.hostState = true;
    (this as unknown as { incrementIterations(): void }).incrementIterations();
  }

  /** Copies the JS moments and β powers into tfjs's variables, creating moment slots as tfjs would. */
  private syncToVariables(): void {
    if (!this.hostState) return;
    const self = this as unknown as TfjsAdamState;
    const registered = tf.engine().registeredVariables;
    tf.tidy(() => {
      self.accBeta1.assign(tf.scalar(this.power1));
      self.accBeta2.assign(tf.scalar(this.power2));
      const put = (slots: TfjsAdamState['accumulatedFirstMoment'], values: Float32Array[], suffix: string) => {
        values.forEach((value, i) => {
          const shape = registered[this.slotNames[i]].shape;
          if (slots[i]) slots[i].variable.assign(tf.tensor(value, shape));
          else slots[i] = { originalName: `${this.slotNames[i]}/${suffix}`, variable: tf.keep(tf.variable(tf.tensor(value, shape), false)) };
        });
      };
      put(self.accumulatedFirstMoment, this.firstMoments, 'm');
      put(self.accumulatedSecondMoment, this.secondMoments, 'v');
    });
    this.hostState = false;
  }

  /** Takes the moments and β powers from tfjs's variables (after tfjs's own update or setWeights). */
  private reloadFromVariables(): void {
    const self = this as unknown as TfjsAdamState;
    this.power1 = self.accBeta1.dataSync()[0];
    this.power2 = self.accBeta2.dataSync()[0];
    const read = (slots: TfjsAdamState['accumulatedFirstMoment']) =>
      slots.map((m) => (m ? (m.variable.dataSync() as Float32Array).slice() : undefined)) as Float32Array[];
    this.firstMoments = read(self.accumulatedFirstMoment);
    this.secondMoments = read(self.accumulatedSecondMoment);
  }
}

/** The fields of tfjs's AdamOptimizer that hold its state (protected in its typings). */
interface TfjsAdamState {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
}

/**
 * One Adam update of `w`, `m` and `v` in place; `k` = [β1, 1 − β1, 1 − β1ᵗ, β2, 1 − β2, 1 − β2ᵗ, ε, −lr],
 * all float32. A top-level function so V8 optimises the loop once for every variable. The same
 * arithmetic as src/kernels/c/adam.c, for a browser thread that has not compiled the kernel module.
 * @internal
 */
export function adamUpdate(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, k: readonly number[]): void {
  const [b1, c1, correction1, b2, c2, correction2, eps, rate] = k;
  for (let i = 0; i < w.length; i++) {
    const gi = g[i];
    const mi = f32(f32(m[i] * b1) + f32(gi * c1));
    const vi = f32(f32(v[i] * b2) + f32(f32(gi * gi) * c2));
    m[i] = mi;
    v[i] = vi;
    const mHat = f32(mi / correction1);
    const vHat = f32(vi / correction2);
    const denominator = f32(f32(Math.sqrt(vHat)) + eps);
    w[i] = f32(f32(f32(mHat / denominator) * rate) + w[i]);
  }
}

/** g·(clipNorm / max(‖g‖, clipNorm)) over every array together, in float32 as tfjs computes it. */
function scaleToNorm(grads: Float32Array[], clipNorm: number): void {
  let total = 0;
  for (const a of grads) {
    let sum = 0;
    for (let i = 0; i < a.length; i++) sum = f32(sum + f32(a[i] * a[i]));
    total = f32(total + sum);
  }
  const norm = f32(Math.sqrt(total));
  const scale = f32(clipNorm / (norm > clipNorm ? norm : clipNorm));
  for (const a of grads) for (let i = 0; i < a.length; i++) a[i] = f32(a[i] * scale);
}
